package io.searchbid.simulator.strategy;

import java.util.List;

/**
 * A seller's product as the seller sees it at the end of a day. Money in micros.
 *
 * @param priceMicros    current list price (the cheapest SKU's price when it has SKUs)
 * @param rating         current average rating in [1, 5]
 * @param totalSales     units sold since the start (plus the listing's initial sales)
 * @param skus           the SKUs (one implicit SKU with the product's id when none were declared)
 */
public record ProductState(
    String id,
    String title,
    String category,
    long priceMicros,
    long unitCostMicros,
    long stock,
    double rating,
    long reviews,
    long totalSales,
    List<Sku> skus) {
  public ProductState {
    skus = List.copyOf(skus);
  }

  /** One SKU's price, cost and stock. */
  public record Sku(String id, long priceMicros, long unitCostMicros, long stock) {}

  /** True when the product was declared with SKUs (its prices are per SKU). */
  public boolean hasSkus() {
    return !(skus.size() == 1 && skus.get(0).id().equals(id));
  }
}
