package io.searchbid.auction;

import java.util.List;

/** Small builders for tests. */
final class Fixtures {
  private Fixtures() {}

  static final long D = 1_000_000;

  static AdGroup group(String id, long bidMicros, List<Keyword> kws, List<NegativeKeyword> negs) {
    return new AdGroup(id, "p-" + id, "cat", bidMicros, kws, negs);
  }

  static Campaign campaign(String id, String advertiser, long budgetMicros, AdGroup... groups) {
    return Campaign.simple(id, advertiser, budgetMicros, List.of(groups));
  }

  static ClickTokenCodec codec() {
    return new ClickTokenCodec(ClickKeyRing.single("k1", "0123456789abcdef0123456789abcdef".getBytes()), 3_600_000, 60_000);
  }
}
