package io.searchbid.ranking;

/**
 * Commerce signals of one product: what the shop has earned so far. Counts are totals over the
 * window named in the field; CTR and CVR are derived (with smoothing) by {@link RankingProfile}, never
 * stored, so a product with no history is not punished to zero.
 *
 * @param sales7d units sold over the last 7 days, {@code >= 0}
 * @param sales30d units sold over the last 30 days, {@code >= sales7d}
 * @param impressions times the product was shown in a result list (lifetime), {@code >= 0}
 * @param clicks clicks on those impressions, {@code 0 <= clicks <= impressions}
 * @param orders orders that followed a click, {@code >= 0}
 * @param rating average review rating in [0, 5]; ignored while {@code reviewCount == 0}
 * @param reviewCount number of reviews behind {@code rating}, {@code >= 0}
 */
public record Signals(
    long sales7d, long sales30d, long impressions, long clicks, long orders, double rating,
    long reviewCount) {

  /** A product with no history at all (a new listing). */
  public static final Signals NONE = new Signals(0, 0, 0, 0, 0, 0.0, 0);

  public Signals {
    nonNegative("sales7d", sales7d);
    nonNegative("sales30d", sales30d);
    nonNegative("impressions", impressions);
    nonNegative("clicks", clicks);
    nonNegative("orders", orders);
    nonNegative("reviewCount", reviewCount);
    if (sales30d < sales7d) {
      throw new IllegalArgumentException(
          "sales30d must be >= sales7d (a 30-day window contains the last 7 days), got sales30d="
              + sales30d + ", sales7d=" + sales7d);
    }
    if (clicks > impressions) {
      throw new IllegalArgumentException(
          "clicks must be <= impressions, got clicks=" + clicks + ", impressions=" + impressions);
    }
    if (!(rating >= 0.0 && rating <= 5.0)) { // also rejects NaN
      throw new IllegalArgumentException("rating must be in [0, 5], got " + rating);
    }
  }

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
  }

  public Signals withSales(long newSales7d, long newSales30d) {
    return new Signals(newSales7d, newSales30d, impressions, clicks, orders, rating, reviewCount);
  }

  public Signals withTraffic(long newImpressions, long newClicks, long newOrders) {
    return new Signals(sales7d, sales30d, newImpressions, newClicks, newOrders, rating, reviewCount);
  }

  public Signals withRating(double newRating, long newReviewCount) {
    return new Signals(sales7d, sales30d, impressions, clicks, orders, newRating, newReviewCount);
  }
}
