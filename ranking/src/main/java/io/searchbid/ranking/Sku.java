package io.searchbid.ranking;

/**
 * One purchasable variant of a product (a size, a colour) with its own price.
 *
 * @param skuId identifier unique within its product, not blank
 * @param priceMicros price in micros (1 currency unit = 1,000,000 micros), {@code > 0}
 * @param stock units in stock, {@code >= 0}
 */
public record Sku(String skuId, long priceMicros, long stock) {
  public Sku {
    if (skuId == null || skuId.isBlank()) {
      throw new IllegalArgumentException("skuId must not be blank, got '" + skuId + "'");
    }
    if (priceMicros <= 0) {
      throw new IllegalArgumentException(
          "priceMicros must be > 0, got " + priceMicros + " for sku '" + skuId + "'");
    }
    if (stock < 0) {
      throw new IllegalArgumentException(
          "stock must be >= 0, got " + stock + " for sku '" + skuId + "'");
    }
  }
}
