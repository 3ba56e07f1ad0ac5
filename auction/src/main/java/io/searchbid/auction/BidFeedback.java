package io.searchbid.auction;

/**
 * What a campaign achieved over a feedback period (e.g. an hour or a day), for {@link
 * AutoBidder#feedback}.
 *
 * @param spentMicros charged in the period
 * @param plannedSpendMicros what the budget plan expected to be spent in the period
 * @param clicks clicks in the period
 * @param conversions conversions attributed to the period's clicks
 * @param conversionValueMicros their total value
 */
public record BidFeedback(
    long spentMicros, long plannedSpendMicros, long clicks, long conversions, long conversionValueMicros) {
  public BidFeedback {
    if (spentMicros < 0 || plannedSpendMicros < 0 || clicks < 0 || conversions < 0 || conversionValueMicros < 0) {
      throw new IllegalArgumentException("feedback counters must be >= 0");
    }
  }
}
