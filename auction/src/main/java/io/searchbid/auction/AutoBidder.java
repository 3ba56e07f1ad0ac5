package io.searchbid.auction;

/**
 * Turns a campaign's {@link BidStrategy} into a bid per click for each auction, and adjusts itself
 * from {@link BidFeedback}. One instance per campaign. Implementations are thread-safe (the
 * multiplier is a volatile double written only by {@link #feedback}).
 *
 * <p>Bid per click before hour/segment adjustments, with {@code m} the feedback multiplier (starts
 * at 1, kept in [0.1, 10]):
 * <ul>
 *   <li>manual CPC: the keyword's max CPC, else the ad group's default bid ({@code m} unused);
 *   <li>maximise clicks: {@code min(cap, base × m)}, where feedback moves {@code m} by
 *       {@code (planned / spent)^0.5} (clamped to [0.8, 1.25] per period) so spend follows the plan;
 *   <li>target CPA: {@code pCVR × targetCpa × m}; feedback moves {@code m} by {@code (target /
 *       observed CPA)^0.5};
 *   <li>target ROAS: {@code pCVR × orderValue / targetRoas × m} (the value per click at the target
 *       return; a click's expected value per impression is pCTR × pCVR × value, and since we pay per
 *       click, pCTR cancels); feedback moves {@code m} by {@code (observed ROAS / target)^0.5}. When
 *       the order value is unknown the manual base bid is used.
 * </ul>
 * The square root damps the controller; the per-period clamp keeps it stable on noisy periods.
 */
public interface AutoBidder {
  /**
   * Bid per click in micros for one candidate, ≥ 0.
   *
   * @param keyword the matched keyword (its base bid is the manual bid)
   * @param pctr predicted click-through rate in the top slot
   * @param pcvr predicted conversion rate per click
   * @param orderValueMicros value of a conversion (0 = unknown)
   */
  long bidMicros(IndexedKeyword keyword, double pctr, double pcvr, long orderValueMicros);

  /** Adjusts the strategy from a period's outcome. */
  void feedback(BidFeedback f);

  /** Current feedback multiplier (1 for manual). */
  double multiplier();

  BidStrategy strategy();

  /** A fresh bidder for a strategy. */
  static AutoBidder of(BidStrategy strategy) {
    return new AutoBidders.Feedback(strategy);
  }
}
