package io.searchbid.simulator.strategy;

import java.util.List;

/**
 * A seller's report for one day: the sums over its products and keywords, which the simulator
 * checks against the accounting identities (spend = Σ charged clicks, GMV = Σ orders × price,
 * profit = GMV − COGS − spend) before handing it out. Money in micros.
 *
 * @param budgetMicros       the day's ad budget
 * @param chargedClicks      ad clicks that were charged (≤ adClicks; free over-delivery is not)
 */
public record SellerDay(
    int day,
    String sellerId,
    long budgetMicros,
    long adImpressions,
    long adClicks,
    long chargedClicks,
    long spendMicros,
    long organicImpressions,
    long organicClicks,
    long organicPositionSum,
    long activityImpressions,
    long activityClicks,
    long orders,
    long gmvMicros,
    long cogsMicros,
    long stockEnd,
    int activitiesAdmitted,
    long priceMicros,
    List<ProductDay> products,
    List<KeywordDay> keywords,
    List<String> notes) {

  public SellerDay {
    products = List.copyOf(products);
    keywords = List.copyOf(keywords);
    notes = List.copyOf(notes);
  }

  public long profitMicros() {
    return gmvMicros - cogsMicros - spendMicros;
  }

  public long clicks() {
    return adClicks + organicClicks + activityClicks;
  }

  public long impressions() {
    return adImpressions + organicImpressions + activityImpressions;
  }

  public double adCtr() {
    return adImpressions == 0 ? 0 : adClicks / (double) adImpressions;
  }

  public double cvr() {
    long c = clicks();
    return c == 0 ? 0 : orders / (double) c;
  }

  /** Mean cost per ad click in micros (0 without clicks). */
  public double avgCpcMicros() {
    return adClicks == 0 ? 0 : spendMicros / (double) adClicks;
  }

  /** GMV / spend; NaN without spend. */
  public double roas() {
    return spendMicros == 0 ? Double.NaN : gmvMicros / (double) spendMicros;
  }

  /** Profit / (COGS + spend); NaN when nothing was spent or sold. */
  public double roi() {
    long in = cogsMicros + spendMicros;
    return in == 0 ? Double.NaN : profitMicros() / (double) in;
  }

  public double organicAvgPosition() {
    return organicImpressions == 0 ? Double.NaN : organicPositionSum / (double) organicImpressions;
  }

  public ProductDay product(String id) {
    for (ProductDay p : products) if (p.productId().equals(id)) return p;
    return null;
  }
}
