package io.searchbid.simulator.strategy;

/**
 * One product's day. Money in micros. Ad metrics count paid slots only; organic metrics count
 * organic results only; activity metrics count the promotion channels.
 *
 * @param organicPositionSum sum of 1-based organic positions over organic impressions (mean =
 *                           sum / impressions)
 */
public record ProductDay(
    String productId,
    long priceMicros,
    long adImpressions,
    long adClicks,
    long spendMicros,
    long organicImpressions,
    long organicClicks,
    long organicPositionSum,
    long activityImpressions,
    long activityClicks,
    long orders,
    long adOrders,
    long activityOrders,
    long gmvMicros,
    long adGmvMicros,
    long cogsMicros,
    long stockEnd,
    int activitiesAdmitted) {

  public long clicks() {
    return adClicks + organicClicks + activityClicks;
  }

  public long impressions() {
    return adImpressions + organicImpressions + activityImpressions;
  }

  /** Mean 1-based organic position, or NaN without organic impressions. */
  public double organicAvgPosition() {
    return organicImpressions == 0 ? Double.NaN : organicPositionSum / (double) organicImpressions;
  }

  public double adCtr() {
    return adImpressions == 0 ? 0 : adClicks / (double) adImpressions;
  }

  public long profitMicros() {
    return gmvMicros - cogsMicros - spendMicros;
  }
}
