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

  /**
   * The sequence-locked cell under contention: writers always add a click and an impression together,
   * so every read must see clicks == impressions (a torn read would not), and no add may be lost.
   */
  @Test
  void cell_concurrentAddsAndReads_neverTornNeverLost() throws Exception {
    ClickModel.Cell cell = new ClickModel.Cell();
    int writers = 3;
    int adds = 200_000;
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong torn = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        ClickModel.Counts c = cell.counts();
        if (c.clicks() != c.normalizedImpressions()) {
          torn.incrementAndGet();
        }
        // smoothed with prior 0.5 and m = 1: (c + 0.5) / (c + 1) for a consistent pair
        double s = cell.smoothed(0.5, 1);
        if (!(s >= 0.5 && s < 1)) {
          torn.incrementAndGet();
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    Thread[] ws = new Thread[writers];
    for (int w = 0; w < writers; w++) {
      ws[w] = new Thread(() -> {
        for (int i = 0; i < adds; i++) {
          cell.add(1, 1);
        }
      });
      ws[w].start();
    }
    for (Thread w : ws) {
      w.join();
    }
    done.set(true);
    reader.join();
    assertThat(torn.get()).as("torn reads out of %d", reads.get()).isZero();
    assertThat(cell.counts()).isEqualTo(new ClickModel.Counts(writers * (double) adds, writers * (double) adds));
  }
}
