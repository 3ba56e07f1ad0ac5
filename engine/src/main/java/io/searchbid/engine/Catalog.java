package io.searchbid.engine;

import io.searchbid.ranking.Product;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the result page needs of a product by id (ads carry a product id; their title and price come
 * from here) and who sells it (ownership checks). Thread-safe; lookups are lock-free.
 */
public final class Catalog {

  /** The displayed part of a product. */
  public record Entry(String productId, String sellerId, String title, long priceMicros, String category) {
    static Entry of(Product p) {
      return new Entry(p.productId(), p.sellerId(), p.title(), p.priceMicros(), p.category());
    }
  }

  private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();

  /** The product, or null. */
  public Entry get(String productId) {
    return byId.get(productId);
  }

  public void put(Product p) {
    byId.put(p.productId(), Entry.of(p));
  }

  public void remove(String productId) {
    byId.remove(productId);
  }

  public int size() {
    return byId.size();
  }
}
