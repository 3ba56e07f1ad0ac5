package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties of the position auction over random seeded instances. */
class PositionAuctionPropertiesTest {

  static final class Instance {
    long[] bids;
    double[] q;
    double[] alpha;
    long reserve;
    double minRank;
    long inc;

    Instance(SplittableRandom rnd) {
      int n = rnd.nextInt(1, 30);
      int k = rnd.nextInt(1, 6);
      bids = new long[n];
      q = new double[n];
      for (int i = 0; i < n; i++) {
        bids[i] = rnd.nextLong(0, 10_000_000);
        q[i] = rnd.nextDouble(0.01, 2);
      }
      alpha = new double[k];
      double a = rnd.nextDouble(0.1, 1);
      for (int j = 0; j < k; j++) {
        alpha[j] = a;
        a *= rnd.nextDouble(0.2, 1.0);
      }
      reserve = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 3_000_000);
      minRank = rnd.nextBoolean() ? 0 : rnd.nextDouble(0, 3_000_000);
      inc = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 10_000);
    }

    int run(PricingRule rule, int[] winners, long[] prices) {
      return new PositionAuction(bids.length).run(bids.length, bids, q, null, alpha, alpha.length,
          reserve, minRank, inc, rule, winners, prices);
    }

    boolean eligible(int i) {
      return bids[i] > 0 && bids[i] >= reserve && bids[i] * q[i] >= minRank;
    }
  }

  @ParameterizedTest
  @EnumSource(PricingRule.class)
  void price_isAtMostBid_atLeastReserve_andAllocationFollowsAdRank(PricingRule rule) {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int trial = 0; trial < 2000; trial++) {
      Instance in = new Instance(rnd);
      int[] w = new int[in.alpha.length];
      long[] p = new long[in.alpha.length];
      int filled = in.run(rule, w, p);
      boolean[] shown = new boolean[in.bids.length];
      for (int j = 0; j < filled; j++) {
        int i = w[j];
        shown[i] = true;
        assertThat(in.eligible(i)).isTrue();
        assertThat(p[j]).isLessThanOrEqualTo(in.bids[i]).isGreaterThanOrEqualTo(in.reserve);
        assertThat(p[j] * in.q[i]).as("price keeps the ad at the rank threshold")
            .isGreaterThanOrEqualTo(in.minRank - 1e-6 - in.q[i]);
        if (j > 0) {
          assertThat(in.bids[i] * in.q[i]).isLessThanOrEqualTo(in.bids[w[j - 1]] * in.q[w[j - 1]]);
        }
      }
      for (int i = 0; i < in.bids.length; i++) {
        if (!shown[i] && in.eligible(i)) {
          // a shown-nothing eligible ad only if every slot is taken by ads ranked at least as high
          assertThat(filled).isEqualTo(in.alpha.length);
          assertThat(in.bids[i] * in.q[i]).isLessThanOrEqualTo(in.bids[w[filled - 1]] * in.q[w[filled - 1]]);
        }
      }
    }
  }

  @Test
  void vcgPrices_neverExceedGspPrices_forTheSameBids() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 2000; trial++) {
      Instance in = new Instance(rnd);
      int k = in.alpha.length;
      int[] wg = new int[k];
      long[] pg = new long[k];
      int[] wv = new int[k];
      long[] pv = new long[k];
      int fg = in.run(PricingRule.GSP, wg, pg);
      int fv = in.run(PricingRule.VCG, wv, pv);
      assertThat(fv).isEqualTo(fg);
      for (int j = 0; j < fg; j++) {
        assertThat(wv[j]).isEqualTo(wg[j]);
        assertThat(pv[j]).as("trial %d slot %d", trial, j).isLessThanOrEqualTo(pg[j]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PricingRule.class)
  void raisingOnesBid_neverLowersOnesSlot(PricingRule rule) {
    SplittableRandom rnd = new SplittableRandom(99);
    for (int trial = 0; trial < 1000; trial++) {
      Instance in = new Instance(rnd);
      int k = in.alpha.length;
      int who = rnd.nextInt(in.bids.length);
      int before = slotOf(in, rule, who, k);
      in.bids[who] += rnd.nextLong(1, 5_000_000);
      int after = slotOf(in, rule, who, k);
      assertThat(after).as("trial %d: slot after raising (0 = not shown)", trial)
          .satisfies(a -> {
            if (before > 0) {
              assertThat(a).isBetween(1, before);
            }
          });
    }
  }

  private static int slotOf(Instance in, PricingRule rule, int who, int k) {
    int[] w = new int[k];
    long[] p = new long[k];
    int filled = in.run(rule, w, p);
    for (int j = 0; j < filled; j++) {
      if (w[j] == who) {
        return j + 1;
      }
    }
    return 0;
  }

  @Test
  void sameInputs_giveSameOutputs_andScratchReuseDoesNotLeak() {
    SplittableRandom rnd = new SplittableRandom(5);
    PositionAuction shared = new PositionAuction(2);
    for (int trial = 0; trial < 500; trial++) {
      Instance in = new Instance(rnd);
      int k = in.alpha.length;
      int[] w1 = new int[k];
      long[] p1 = new long[k];
      int[] w2 = new int[k];
      long[] p2 = new long[k];
      int f1 = shared.run(in.bids.length, in.bids, in.q, null, in.alpha, k, in.reserve, in.minRank, in.inc, PricingRule.GSP, w1, p1);
      int f2 = in.run(PricingRule.GSP, w2, p2);
      assertThat(f1).isEqualTo(f2);
      assertThat(w1).isEqualTo(w2);
      assertThat(p1).isEqualTo(p2);
    }
  }
}
