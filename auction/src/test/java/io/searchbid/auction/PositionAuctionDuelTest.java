package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The allocation-free {@link PositionAuction} against a naive sort-and-scan reference on random
 * seeded instances. The reference computes VCG from its definition (welfare of the others without
 * the ad minus with it), not from the closed form.
 */
class PositionAuctionDuelTest {

  record Ad(int index, long bid, double quality, long tie) {
    double rank() {
      return bid * quality;
    }
  }

  static final Comparator<Ad> ORDER = Comparator.comparingDouble(Ad::rank).reversed()
      .thenComparingLong(Ad::tie).thenComparingInt(Ad::index);

  /** Sort all eligible ads, then scan. Returns {winner, price} pairs. */
  static List<long[]> reference(long[] bids, double[] q, long[] ties, double[] alpha, long reserve,
      double minRank, long inc, PricingRule rule) {
    List<Ad> eligible = new ArrayList<>();
    for (int i = 0; i < bids.length; i++) {
      Ad a = new Ad(i, bids[i], q[i], ties == null ? 0 : ties[i]);
      if (bids[i] > 0 && bids[i] >= reserve && q[i] > 0 && a.rank() >= minRank) {
        eligible.add(a);
      }
    }
    eligible.sort(ORDER);
    List<long[]> out = new ArrayList<>();
    for (int j = 0; j < Math.min(alpha.length, eligible.size()); j++) {
      Ad a = eligible.get(j);
      double p = switch (rule) {
        case FIRST_PRICE -> a.bid;
        case GSP -> j + 1 < eligible.size() ? eligible.get(j + 1).rank() / a.quality + inc : 0;
        case VCG -> {
          List<Ad> others = new ArrayList<>(eligible);
          others.remove(j);
          double without = welfare(others, alpha);
          double with = welfare(eligible, alpha) - alpha[j] * a.rank();
          yield (without - with) / (alpha[j] * a.quality);
        }
      };
      double floor = Math.max(reserve, minRank / a.quality);
      out.add(new long[] {a.index, Math.min(a.bid, PositionAuction.ceilMicros(Math.max(floor, p)))});
    }
    return out;
  }

  static double welfare(List<Ad> sorted, double[] alpha) {
    double w = 0;
    for (int j = 0; j < Math.min(alpha.length, sorted.size()); j++) {
      w += alpha[j] * sorted.get(j).rank();
    }
    return w;
  }

  @ParameterizedTest
  @EnumSource(PricingRule.class)
  void positionAuction_matchesSortAndScanReference_onRandomInstances(PricingRule rule) {
    SplittableRandom rnd = new SplittableRandom(20070101L + rule.ordinal());
    PositionAuction fast = new PositionAuction(4); // small on purpose: must grow
    for (int trial = 0; trial < 3000; trial++) {
      int n = rnd.nextInt(0, 40);
      int k = rnd.nextInt(1, 8);
      long[] bids = new long[n];
      double[] q = new double[n];
      long[] ties = rnd.nextBoolean() ? new long[n] : null;
      for (int i = 0; i < n; i++) {
        // a small grid of bids and qualities makes exact rank ties common
        bids[i] = rnd.nextInt(4) == 0 ? rnd.nextLong(0, 5) * 500_000 : rnd.nextLong(0, 20_000_000);
        q[i] = rnd.nextInt(4) == 0 ? new double[] {0, 0.5, 1, 2}[rnd.nextInt(4)] : rnd.nextDouble(0, 2);
        if (ties != null) {
          ties[i] = rnd.nextLong(0, 4);
        }
      }
      double[] alpha = new double[k];
      double a = rnd.nextDouble(0.05, 1);
      for (int j = 0; j < k; j++) {
        alpha[j] = a;
        a *= rnd.nextDouble(0.3, 1.0);
      }
      long reserve = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 5_000_000);
      double minRank = rnd.nextBoolean() ? 0 : rnd.nextDouble(0, 5_000_000);
      long inc = rnd.nextBoolean() ? 0 : rnd.nextLong(0, 20_000);

      int[] winners = new int[k];
      long[] prices = new long[k];
      int filled = fast.run(n, bids, q, ties, alpha, k, reserve, minRank, inc, rule, winners, prices);
      List<long[]> ref = reference(bids, q, ties, alpha, reserve, minRank, inc, rule);

      assertThat(filled).as("trial %d filled", trial).isEqualTo(ref.size());
      for (int j = 0; j < filled; j++) {
        assertThat((long) winners[j]).as("trial %d slot %d winner", trial, j).isEqualTo(ref.get(j)[0]);
        if (rule == PricingRule.VCG) {
          // closed form vs definition: equal up to floating-point rounding of the last micro
          assertThat(prices[j]).as("trial %d slot %d price", trial, j).isBetween(ref.get(j)[1] - 1, ref.get(j)[1] + 1);
        } else {
          assertThat(prices[j]).as("trial %d slot %d price", trial, j).isEqualTo(ref.get(j)[1]);
        }
      }
    }
  }
}
