package io.searchbid.auction;

import static io.searchbid.auction.Fixtures.D;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AutoBidderTest {
  static IndexedKeyword keyword(long bid) {
    AdIndex index = new AdIndex(Tokenizers.standard());
    index.upsert(Fixtures.campaign("c", "a", 100 * D, Fixtures.group("g", bid, List.of(Keyword.of("lamp", MatchType.BROAD)), List.of())));
    return index.match("lamp").get(0);
  }

  @Test
  void manual_bidsTheKeywordBid_andIgnoresFeedback() {
    AutoBidder b = AutoBidder.of(BidStrategy.MANUAL);
    b.feedback(new BidFeedback(100, 1, 1, 0, 0));
    assertThat(b.bidMicros(keyword(3 * D), 0.05, 0.02, 0)).isEqualTo(3 * D);
  }

  @Test
  void maximizeClicks_underspending_raisesBids_upToTheCap() {
    AutoBidder b = AutoBidder.of(new BidStrategy.MaximizeClicks(4 * D));
    IndexedKeyword k = keyword(2 * D);
    long before = b.bidMicros(k, 0.05, 0.02, 0);
    b.feedback(new BidFeedback(10 * D, 40 * D, 100, 0, 0)); // spent a quarter of plan
    long after = b.bidMicros(k, 0.05, 0.02, 0);
    assertThat(after).isGreaterThan(before);
    for (int i = 0; i < 20; i++) {
      b.feedback(new BidFeedback(10 * D, 40 * D, 100, 0, 0));
    }
    assertThat(b.bidMicros(k, 0.05, 0.02, 0)).isEqualTo(4 * D);
  }

  @Test
  void targetCpa_tooExpensiveConversions_lowerBids() {
    AutoBidder b = AutoBidder.of(new BidStrategy.TargetCpa(20 * D));
    IndexedKeyword k = keyword(D);
    assertThat(b.bidMicros(k, 0.05, 0.05, 0)).isEqualTo(1 * D); // 0.05 × 20
    b.feedback(new BidFeedback(100 * D, 100 * D, 500, 2, 0)); // CPA 50 > 20
    assertThat(b.bidMicros(k, 0.05, 0.05, 0)).isLessThan(1 * D);
  }

  @Test
  void targetRoas_bidsValuePerClickOverTarget_andRaisesWhenReturnIsHigh() {
    AutoBidder b = AutoBidder.of(new BidStrategy.TargetRoas(4.0));
    IndexedKeyword k = keyword(D);
    assertThat(b.bidMicros(k, 0.05, 0.02, 200 * D)).isEqualTo(1 * D); // 0.02 × 200 / 4
    b.feedback(new BidFeedback(10 * D, 10 * D, 100, 1, 80 * D)); // ROAS 8 > 4
    assertThat(b.bidMicros(k, 0.05, 0.02, 200 * D)).isGreaterThan(1 * D);
    assertThat(b.bidMicros(k, 0.05, 0.02, 0)).as("unknown value falls back to the manual bid").isEqualTo(D);
  }
}
