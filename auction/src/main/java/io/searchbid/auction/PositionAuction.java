package io.searchbid.auction;

import java.util.ArrayList;
import java.util.List;

/**
 * The position auction (allocation and pricing) on primitive arrays, allocation-free after
 * construction: K slots with click rates {@code α_1 ≥ α_2 ≥ … ≥ α_K > 0} (expected clicks of an ad of
 * quality 1 in that slot) and n ads with bids {@code b_i} (micros per click) and qualities {@code
 * q_i > 0}.
 *
 * <h2>Eligibility and allocation</h2>
 * Ad rank {@code r_i = b_i × q_i}. An ad is eligible if {@code b_i ≥ reserve}, {@code b_i > 0},
 * {@code q_i > 0} and {@code r_i ≥ minAdRank}. Eligible ads fill the slots in decreasing rank.
 * <b>Tie-break</b> (equal ranks): smaller {@code tieKeys[i]} first (when given), then smaller index
 * {@code i}. The high-level auction passes a per-auction hash of the ad group id as tie key, so exact
 * ties rotate between auctions yet replay identically.
 *
 * <h2>Prices per click</h2>
 * Ad in slot j (ads sorted by rank, {@code r_(j+1)} the rank of the next eligible ad, 0 if none);
 * floor {@code f_j = max(reserve, minAdRank / q_j)}; every price is then {@code min(b_j, max(f_j,
 * p))} rounded up to a whole micro:
 * <ul>
 *   <li>GSP: {@code p = r_(j+1) / q_j + increment} [Edelman, Ostrovsky &amp; Schwarz 2007, AER
 *       97(1); Varian 2007, IJIO 25(6) §3, with quality weights]; without a next ad {@code p = f_j}.
 *   <li>VCG: {@code p = Σ_{k=j..K} (α_k − α_(k+1)) · r_(k+1) / (α_j · q_j)} with {@code α_(K+1) = 0}
 *       — the clicks-weighted externality on the ads below, per own click [Varian 2007 eq. (5);
 *       EOS 2007 §4]. No increment. Since {@code r_(k+1) ≤ r_(j+1)} and the weights sum to α_j, VCG
 *       ≤ GSP for the same bids.
 *   <li>FIRST_PRICE: {@code p = b_j}.
 * </ul>
 *
 * <p>Not thread-safe (holds scratch); use one instance per thread. The {@link #run} method does not
 * allocate.
 */
public final class PositionAuction {
  private int[] order;
  private double[] ranks;

  /** @param capacity expected most ads per auction (grows if exceeded) */
  public PositionAuction(int capacity) {
    order = new int[Math.max(4, capacity)];
    ranks = new double[Math.max(4, capacity)];
  }

  /**
   * Runs the auction; slot j (0-based) goes to ad {@code winners[j]} at {@code pricesMicros[j]}.
   *
   * @param n number of ads (prefix of the arrays)
   * @param bidMicros bids per click, micros
   * @param quality qualities, > 0 to be eligible
   * @param tieKeys tie-break keys (smaller wins) or null for input order
   * @param slotClickRates click rates per slot, positive and non-increasing
   * @param slotCount number of slots offered (≤ slotClickRates.length)
   * @param reserveMicros reserve price per click
   * @param minAdRank minimum ad rank to be shown (same units as bid × quality)
   * @param incrementMicros GSP increment
   * @param rule pricing rule
   * @param winners out: ad index per filled slot (length ≥ slotCount)
   * @param pricesMicros out: price per click per filled slot (length ≥ slotCount)
   * @return number of filled slots (≤ slotCount)
   */
  public int run(int n, long[] bidMicros, double[] quality, long[] tieKeys, double[] slotClickRates,
      int slotCount, long reserveMicros, double minAdRank, long incrementMicros, PricingRule rule,
      int[] winners, long[] pricesMicros) {
    assert slotCount <= slotClickRates.length;
    int keep = slotCount + 1; // winners plus the first loser (sets the last winner's price)
    if (order.length < keep || ranks.length < n) {
      order = new int[Math.max(keep, order.length * 2)];
      ranks = new double[Math.max(n, ranks.length * 2)];
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
      long b = bidMicros[i];
      double q = quality[i];
      double r = b * q;
      ranks[i] = r;
      if (b <= 0 || b < reserveMicros || !(q > 0) || r < minAdRank) {
        continue;
      }
      // insertion into the sorted top-`keep` prefix of `order`
      if (m == keep && !before(i, order[m - 1], tieKeys)) {
        continue;
      }
      int pos = m < keep ? m++ : m - 1;
      while (pos > 0 && before(i, order[pos - 1], tieKeys)) {
        order[pos] = order[pos - 1];
        pos--;
      }
      order[pos] = i;
    }
    int filled = Math.min(slotCount, m);
    for (int j = 0; j < filled; j++) {
      int i = order[j];
      long bid = bidMicros[i];
      double q = quality[i];
      double p;
      switch (rule) {
        case GSP -> p = j + 1 < m ? ranks[order[j + 1]] / q + incrementMicros : 0;
        case VCG -> {
          double ext = 0;
          for (int k = j; k < filled; k++) {
            double next = k + 1 < m ? ranks[order[k + 1]] : 0;
            double alphaNext = k + 1 < slotCount ? slotClickRates[k + 1] : 0;
            ext += (slotClickRates[k] - alphaNext) * next;
          }
          p = ext / (slotClickRates[j] * q);
        }
        case FIRST_PRICE -> p = bid;
        default -> throw new AssertionError(rule);
      }
      double floor = Math.max(reserveMicros, minAdRank > 0 ? minAdRank / q : 0);
      long price = Math.min(bid, ceilMicros(Math.max(floor, p)));
      assert price <= bid && price >= Math.min(bid, reserveMicros);
      winners[j] = i;
      pricesMicros[j] = price;
    }
    return filled;
  }

  /** Whether ad a ranks before ad b: higher rank, then smaller tie key, then smaller index. */
  private boolean before(int a, int b, long[] tieKeys) {
    double ra = ranks[a];
    double rb = ranks[b];
    if (ra != rb) {
      return ra > rb;
    }
    if (tieKeys != null && tieKeys[a] != tieKeys[b]) {
      return tieKeys[a] < tieKeys[b];
    }
    return a < b;
  }

  /**
   * Rounds a price up to a whole micro, treating values within 1e-6 micro (or 1e-12 relative) of an
   * integer as that integer, so floating-point noise in {@code r / q} never adds a micro.
   */
  public static long ceilMicros(double x) {
    if (!(x > 0)) {
      return 0;
    }
    double r = Math.rint(x);
    if (Math.abs(x - r) <= Math.max(1e-6, x * 1e-12)) {
      return (long) r;
    }
    return (long) Math.ceil(x);
  }

  /** One filled slot of {@link #auction}. */
  public record Placement(int slot, int bidder, long priceMicros, double adRank) {}

  /**
   * Convenience (allocates; for tools and tests): validates the inputs and runs the auction with one
   * slot per click rate.
   *
   * @return the filled slots in order (slot numbers from 1)
   * @throws IllegalArgumentException on negative bids, non-positive or increasing click rates,
   *     negative reserve or increment, or arrays of different lengths
   */
  public static List<Placement> auction(long[] bidMicros, double[] quality, double[] slotClickRates,
      long reserveMicros, double minAdRank, long incrementMicros, PricingRule rule) {
    if (bidMicros.length != quality.length) {
      throw new IllegalArgumentException("bids and qualities must have the same length, got "
          + bidMicros.length + " and " + quality.length);
    }
    validateSlots(slotClickRates);
    Checks.nonNegative(reserveMicros, "reservePriceMicros", "");
    Checks.nonNegative(incrementMicros, "incrementMicros", "");
    for (int i = 0; i < bidMicros.length; i++) {
      Checks.nonNegative(bidMicros[i], "bids[" + i + "].bidMicros", "");
      if (!(quality[i] >= 0) || Double.isInfinite(quality[i])) {
        throw new IllegalArgumentException("bids[" + i + "].quality must be a finite number >= 0, got " + quality[i]);
      }
    }
    int k = slotClickRates.length;
    int[] winners = new int[k];
    long[] prices = new long[k];
    int filled = new PositionAuction(bidMicros.length)
        .run(bidMicros.length, bidMicros, quality, null, slotClickRates, k, reserveMicros, minAdRank,
            incrementMicros, rule, winners, prices);
    List<Placement> out = new ArrayList<>(filled);
    for (int j = 0; j < filled; j++) {
      out.add(new Placement(j + 1, winners[j], prices[j], bidMicros[winners[j]] * quality[winners[j]]));
    }
    return out;
  }

  /** Checks slot click rates: at least one, each in (0, 1], non-increasing. */
  public static void validateSlots(double[] slotClickRates) {
    if (slotClickRates.length == 0) {
      throw new IllegalArgumentException("slots must have at least 1 entry, got 0");
    }
    for (int j = 0; j < slotClickRates.length; j++) {
      double a = slotClickRates[j];
      if (!(a > 0 && a <= 1)) {
        throw new IllegalArgumentException("slots[" + j + "].clickRate must be within (0, 1], got " + a);
      }
      if (j > 0 && a > slotClickRates[j - 1]) {
        throw new IllegalArgumentException("slots[" + j + "].clickRate must be <= the slot above ("
            + slotClickRates[j - 1] + "), got " + a);
      }
    }
  }
}
