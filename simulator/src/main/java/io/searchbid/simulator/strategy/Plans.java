package io.searchbid.simulator.strategy;

import java.util.HashMap;
import java.util.Map;

/** Small helpers shared by the built-in strategies. */
final class Plans {
  private Plans() {}

  /** Sets every product (and every SKU of products with SKUs) to {@code price}. */
  static SellerPlan allPrices(SellerPlan plan, SellerView view, long priceMicros) {
    SellerPlan p = plan;
    for (ProductState ps : view.products()) p = setPrice(p, ps, priceMicros);
    return p;
  }

  static SellerPlan setPrice(SellerPlan p, ProductState ps, long priceMicros) {
    if (ps.hasSkus()) {
      for (ProductState.Sku k : ps.skus()) p = p.withSkuPrice(k.id(), priceMicros);
      return p;
    }
    return p.withPrice(ps.id(), priceMicros);
  }

  /** Units sold since day 0 (excluding the listing's initial sales). */
  static long salesSoFar(SellerView view) {
    long s = 0;
    for (SellerDay d : view.history()) s += d.orders();
    return s;
  }

  /** Units sold per product since day 0. */
  static Map<String, Long> salesByProduct(SellerView view) {
    Map<String, Long> m = new HashMap<>();
    for (SellerDay d : view.history()) {
      for (ProductDay p : d.products()) m.merge(p.productId(), p.orders(), Long::sum);
    }
    return m;
  }

  /** The initial list price of a product, from the plan built out of the scenario (day −1). */
  static long listPrice(SellerPlan initial, ProductState ps) {
    Long v = initial.priceMicros().get(ps.id());
    return v == null ? ps.priceMicros() : v;
  }

  /** Linear step from {@code from} to {@code to}: step k of n (k = 1..n). */
  static long step(long from, long to, int k, int n) {
    if (k >= n) return to;
    return from + (to - from) * k / n;
  }
}
