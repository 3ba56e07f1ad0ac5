package io.searchbid.auction;

/**
 * Decides whether a budget-limited campaign enters a given auction, to spread its budget over the
 * day. Implementations must be deterministic given their seed and inputs, and thread-safe.
 */
public interface Pacer {
  /**
   * @param campaign the campaign (its daily budget is the plan's total)
   * @param spentMicros charged to it today so far
   * @param epochMillis the auction's time
   * @param auctionId the auction (source of the deterministic random draw)
   * @return whether the campaign takes part
   */
  boolean admit(Campaign campaign, long spentMicros, long epochMillis, long auctionId);

  /** No pacing: every campaign under its cap takes part (budgets run out as fast as traffic spends them). */
  static Pacer none() {
    return (c, spent, t, id) -> true;
  }

  /** Adaptive probabilistic throttling against a traffic curve; see {@link ThrottlingPacer}. */
  static ThrottlingPacer throttling(TrafficCurve curve, long seed) {
    return new ThrottlingPacer(curve, seed, ThrottlingPacer.DEFAULT_INTERVAL_MILLIS);
  }
}
