package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.service.CampaignSettings;
import io.searchbid.auction.service.CampaignSnapshot;
import io.searchbid.engine.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The replica fed with spend-only updates (what entities publish when settings did not change)
 * duelled against one fed with the whole snapshot every time (the protocol before).
 */
class CampaignDirectoryTest {

  static CampaignSettings settings(String id, long budget) {
    return new CampaignSettings(id, "adv_a", "c", CampaignStatus.ACTIVE, budget, 1.0, 500_000, List.of("p1"),
        List.of(new CampaignSettings.KeywordSpec("oak table", MatchType.EXACT, 0)), List.of(), 1_790_000_000_000L);
  }

  /** A random history of whole snapshots of a few campaigns, as entities would persist them. */
  static List<CampaignSnapshot> history(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] ids = {"c1", "c2", "c3"};
    long[] version = new long[ids.length];
    long[] seq = new long[ids.length];
    long[] spent = new long[ids.length];
    long[] budget = {5_000_000, 5_000_000, 5_000_000};
    List<CampaignSnapshot> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(ids.length);
      if (version[c] == 0 || r.nextInt(10) == 0) {
        version[c]++;
        budget[c] = 1_000_000 + r.nextInt(9) * 1_000_000L;
      } else {
        spent[c] += r.nextInt(400_000);
      }
      seq[c] += 1 + r.nextInt(2);
      out.add(new CampaignSnapshot(settings(ids[c], budget[c]), version[c], seq[c], 20_000, spent[c], "jvm", i));
    }
    return out;
  }

  @Test
  void spendOnlyUpdates_leaveTheSameReplicaAsWholeSnapshots() {
    for (long seed = 1; seed <= 20; seed++) {
      Metrics m = new Metrics();
      CampaignDirectory whole = new CampaignDirectory(new Catalog(), new Metrics());
      CampaignDirectory lean = new CampaignDirectory(new Catalog(), m);
      java.util.Map<String, Long> published = new java.util.HashMap<>();
      for (CampaignSnapshot s : history(seed, 300)) {
        whole.apply(s);
        Long v = published.get(s.campaignId());
        boolean sameSettings = v != null && v == s.settingsVersion();
        lean.apply(sameSettings && !s.exhausted() ? s.spendOnly() : s);
        published.put(s.campaignId(), s.settingsVersion());
        assertThat(lean.get(s.campaignId())).as("seed %d", seed).isEqualTo(whole.get(s.campaignId()));
      }
      assertThat(m.replicaSpendUpdatesDropped.get()).isZero();
    }
  }

  @Test
  void aSpendUpdateForSettingsNotHeld_isDroppedAndCounted_untilAWholeSnapshotArrives() {
    Metrics m = new Metrics();
    CampaignDirectory d = new CampaignDirectory(new Catalog(), m);
    CampaignSnapshot v1 = new CampaignSnapshot(settings("c1", 5_000_000), 1, 1, 20_000, 0, "jvm", 0);
    CampaignSnapshot v2 = new CampaignSnapshot(settings("c1", 9_000_000), 2, 2, 20_000, 0, "jvm", 0);
    CampaignSnapshot click = new CampaignSnapshot(settings("c1", 9_000_000), 2, 3, 20_000, 400_000, "jvm", 0);
    d.apply(v1);
    // v2 (a settings change) is lost on the way to this node
    d.apply(click.spendOnly());
    assertThat(d.get("c1")).isEqualTo(v1);
    assertThat(m.replicaSpendUpdatesDropped.get()).isEqualTo(1.0);
    // never seen at all: dropped too
    d.apply(new CampaignSnapshot(settings("c9", 1), 1, 5, 20_000, 1, "jvm", 0).spendOnly());
    assertThat(d.get("c9")).isNull();
    assertThat(m.replicaSpendUpdatesDropped.get()).isEqualTo(2.0);
    // the catch-up's whole snapshot heals it; an older spend update after it changes nothing
    d.apply(click);
    d.apply(new CampaignSnapshot(settings("c1", 9_000_000), 2, 2, 20_000, 100, "jvm", 0).spendOnly());
    assertThat(d.get("c1")).isEqualTo(click);
    assertThat(m.replicaSpendUpdatesDropped.get()).as("a stale update is not a missed one").isEqualTo(2.0);
    assertThat(v2.settingsVersion()).isEqualTo(click.settingsVersion());
  }
}
