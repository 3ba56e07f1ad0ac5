package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClickModelTest {
  static final double[] SLOTS = {0.30, 0.15, 0.10};

  @Test
  void newAd_startsAtThePrior_neitherZeroNorOne() {
    ClickModel m = new ClickModel(0.02, 100, SLOTS);
    assertThat(m.pctr("cat", "lamp", "g\u001flamp")).isCloseTo(0.02, offset(1e-12));
  }

  @Test
  void newAd_inheritsItsKeywordsAverage() {
    ClickModel m = new ClickModel(0.02, 100, SLOTS);
    for (int i = 0; i < 10_000; i++) {
      m.record("cat", "lamp", "other-ad\u001flamp", 1, 0);
      if (i % 10 == 0) {
        m.record("cat", "lamp", "other-ad\u001flamp", 1, 1);
      }
    }
    double fresh = m.pctr("cat", "lamp", "new-ad\u001flamp");
    assertThat(fresh).isGreaterThan(0.08).isLessThan(0.11); // keyword CTR 10 %, not the 2 % prior
  }

  /**
   * Two ads with the same true top-slot CTR (10 %), one always shown in slot 1, the other always in
   * slot 3 where clicks are a third as likely: position-bias correction must give both ≈ 10 %.
   */
  @Test
  void positionBiasCorrection_equalAdsInDifferentSlots_getEqualPredictions() {
    ClickModel m = new ClickModel(0.02, 50, SLOTS);
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 60_000; i++) {
      m.record("c", "k", "top", 1, 0);
      if (rnd.nextDouble() < 0.10) {
        m.record("c", "k", "top", 1, 1);
      }
      m.record("c", "k", "low", 3, 0);
      if (rnd.nextDouble() < 0.10 * SLOTS[2] / SLOTS[0]) {
        m.record("c", "k", "low", 3, 1);
      }
    }
    assertThat(m.pctr("c", "k", "top")).isCloseTo(0.10, offset(0.01));
    assertThat(m.pctr("c", "k", "low")).isCloseTo(0.10, offset(0.01));
    assertThat(m.coec("low")).isCloseTo(0.10 / 0.02, offset(0.6));
  }

  @Test
  void relevance_prefersExactAndFullCoverage() {
    assertThat(ClickModel.relevance(MatchType.EXACT, 2, 2)).isEqualTo(1.0);
    assertThat(ClickModel.relevance(MatchType.PHRASE, 2, 2)).isLessThan(1.0);
    assertThat(ClickModel.relevance(MatchType.BROAD, 1, 4)).isLessThan(ClickModel.relevance(MatchType.BROAD, 2, 4));
  }
}
