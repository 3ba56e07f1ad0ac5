package io.searchbid.simulator.scenario;

import java.util.List;

/**
 * A product (listing) of a seller. Prices and costs in micros.
 *
 * @param id             unique across the scenario
 * @param title          indexed and matched against queries
 * @param category       category name
 * @param priceMicros    starting list price (the cheapest SKU's when there are SKUs)
 * @param unitCostMicros cost of goods per unit
 * @param stock          units on hand; sales stop at 0
 * @param rating         starting average rating in [1, 5]
 * @param reviews        starting review count
 * @param initialSales   sales count the listing starts with (social proof, organic signal)
 * @param appeal         hidden attractiveness of the listing's image/title, 1 = average; what a
 *                       listing test tries to discover
 * @param quality        true product quality in [1, 5]: mean rating of new reviews
 * @param skus           optional SKUs; empty = one implicit SKU with the product's price/cost/stock
 */
public record ProductSpec(
    String id,
    String title,
    String category,
    long priceMicros,
    long unitCostMicros,
    long stock,
    double rating,
    long reviews,
    long initialSales,
    double appeal,
    double quality,
    List<SkuSpec> skus) {
  public ProductSpec {
    skus = List.copyOf(skus);
  }

  /** One SKU (variant) of a product: its own price, cost, stock and appeal. */
  public record SkuSpec(String id, long priceMicros, long unitCostMicros, long stock, double appeal) {}
}
