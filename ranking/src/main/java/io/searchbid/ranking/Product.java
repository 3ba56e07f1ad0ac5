package io.searchbid.ranking;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A product listing as the search index sees it. Deeply immutable; "changing" a product returns a
 * new one ({@link #withSignals}, {@link #withSkus}).
 *
 * <p>The listing price ({@link #priceMicros()}) is the cheapest SKU's price, the convention of
 * marketplaces that show "from ¥X". Validation happens here, at the boundary: every violation throws
 * {@link IllegalArgumentException} with a message naming the field, the value and the rule.
 *
 * @param productId unique id, not blank, at most 128 characters
 * @param sellerId the shop selling it, not blank
 * @param title the searchable title, not blank, at most {@value #MAX_TITLE_CHARS} characters
 * @param category exact-match category (a filter), not blank
 * @param brand exact-match brand (a filter), not blank (use "unbranded" for none)
 * @param attributes free key → value attributes (colour, material, …); copied, sorted by key
 * @param skus at least one SKU, ids unique within the product
 * @param createdOn listing date
 * @param signals commerce signals, see {@link Signals}
 */
public record Product(
    String productId,
    String sellerId,
    String title,
    String category,
    String brand,
    Map<String, String> attributes,
    List<Sku> skus,
    LocalDate createdOn,
    Signals signals) {

  public static final int MAX_TITLE_CHARS = 512;
  public static final int MAX_ID_CHARS = 128;

  public Product {
    notBlank("productId", productId, productId);
    if (productId.length() > MAX_ID_CHARS) {
      throw new IllegalArgumentException(
          "productId must be at most " + MAX_ID_CHARS + " characters, got " + productId.length());
    }
    notBlank("sellerId", sellerId, productId);
    notBlank("title", title, productId);
    if (title.length() > MAX_TITLE_CHARS) {
      throw new IllegalArgumentException(
          "title must be at most " + MAX_TITLE_CHARS + " characters, got " + title.length()
              + " for product '" + productId + "'");
    }
    notBlank("category", category, productId);
    notBlank("brand", brand, productId);
    if (attributes == null) {
      throw new IllegalArgumentException("attributes must not be null for product '" + productId + "'");
    }
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(
            "attributes must have non-blank keys and non-null values, got " + e.getKey() + "="
                + e.getValue() + " for product '" + productId + "'");
      }
    }
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    if (skus == null || skus.isEmpty()) {
      throw new IllegalArgumentException(
          "skus must contain at least one SKU, got " + skus + " for product '" + productId + "'");
    }
    skus = List.copyOf(skus);
    Set<String> seen = new HashSet<>();
    for (Sku s : skus) {
      if (!seen.add(s.skuId())) {
        throw new IllegalArgumentException(
            "skus must have unique skuId, got duplicate '" + s.skuId() + "' for product '"
                + productId + "'");
      }
    }
    if (createdOn == null) {
      throw new IllegalArgumentException("createdOn must not be null for product '" + productId + "'");
    }
    if (signals == null) {
      throw new IllegalArgumentException("signals must not be null for product '" + productId + "'");
    }
  }

  private static void notBlank(String field, String value, String productId) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          field + " must not be blank, got " + (value == null ? "null" : "'" + value + "'")
              + (field.equals("productId") ? "" : " for product '" + productId + "'"));
    }
  }

  /** Listing price in micros: the cheapest SKU's price. */
  public long priceMicros() {
    long min = Long.MAX_VALUE;
    for (Sku s : skus) {
      min = Math.min(min, s.priceMicros());
    }
    return min;
  }

  /** Total units in stock over all SKUs. */
  public long stock() {
    long total = 0;
    for (Sku s : skus) {
      total += s.stock();
    }
    return total;
  }

  public Product withSignals(Signals newSignals) {
    return new Product(productId, sellerId, title, category, brand, attributes, skus, createdOn, newSignals);
  }

  public Product withSkus(List<Sku> newSkus) {
    return new Product(productId, sellerId, title, category, brand, attributes, newSkus, createdOn, signals);
  }

  public Product withTitle(String newTitle) {
    return new Product(productId, sellerId, newTitle, category, brand, attributes, skus, createdOn, signals);
  }
}
