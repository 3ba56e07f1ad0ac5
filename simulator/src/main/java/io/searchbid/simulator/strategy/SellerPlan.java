package io.searchbid.simulator.strategy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a seller does for one day. Immutable; the {@code with...} methods return changed copies.
 *
 * @param priceMicros       list price per product id (products with SKUs: ignored, see skuPriceMicros)
 * @param skuPriceMicros    price per SKU id
 * @param dailyBudgetMicros ad budget for the day (0 = no ads)
 * @param bidding           how keywords are bid
 * @param adsPaused         product ids that do not advertise
 * @param enrolments        activity name → product ids enrolled (admitted only if they qualify)
 * @param notes             lines for the report (e.g. a listing test's winner); not carried over
 */
public record SellerPlan(
    Map<String, Long> priceMicros,
    Map<String, Long> skuPriceMicros,
    long dailyBudgetMicros,
    Bidding bidding,
    Set<String> adsPaused,
    Map<String, Set<String>> enrolments,
    List<String> notes) {

  public SellerPlan {
    priceMicros = Collections.unmodifiableMap(new TreeMap<>(priceMicros));
    skuPriceMicros = Collections.unmodifiableMap(new TreeMap<>(skuPriceMicros));
    adsPaused = Collections.unmodifiableSet(new TreeSet<>(adsPaused));
    TreeMap<String, Set<String>> e = new TreeMap<>();
    enrolments.forEach((k, v) -> e.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
    enrolments = Collections.unmodifiableMap(e);
    notes = List.copyOf(notes);
    for (var p : priceMicros.entrySet()) {
      if (p.getValue() <= 0) throw new IllegalArgumentException("price of " + p.getKey() + " must be > 0, got " + p.getValue());
    }
    for (var p : skuPriceMicros.entrySet()) {
      if (p.getValue() <= 0) throw new IllegalArgumentException("price of SKU " + p.getKey() + " must be > 0, got " + p.getValue());
    }
    if (dailyBudgetMicros < 0) throw new IllegalArgumentException("dailyBudgetMicros must be ≥ 0, got " + dailyBudgetMicros);
  }

  public SellerPlan withPrice(String productId, long micros) {
    Map<String, Long> m = new TreeMap<>(priceMicros);
    m.put(productId, micros);
    return new SellerPlan(m, skuPriceMicros, dailyBudgetMicros, bidding, adsPaused, enrolments, List.of());
  }

  public SellerPlan withSkuPrice(String skuId, long micros) {
    Map<String, Long> m = new TreeMap<>(skuPriceMicros);
    m.put(skuId, micros);
    return new SellerPlan(priceMicros, m, dailyBudgetMicros, bidding, adsPaused, enrolments, List.of());
  }

  public SellerPlan withBudget(long micros) {
    return new SellerPlan(priceMicros, skuPriceMicros, micros, bidding, adsPaused, enrolments, List.of());
  }

  public SellerPlan withBidding(Bidding b) {
    return new SellerPlan(priceMicros, skuPriceMicros, dailyBudgetMicros, b, adsPaused, enrolments, List.of());
  }

  public SellerPlan withAdsPaused(Set<String> paused) {
    return new SellerPlan(priceMicros, skuPriceMicros, dailyBudgetMicros, bidding, paused, enrolments, List.of());
  }

  public SellerPlan withEnrolments(Map<String, Set<String>> e) {
    return new SellerPlan(priceMicros, skuPriceMicros, dailyBudgetMicros, bidding, adsPaused, e, List.of());
  }

  public SellerPlan withNotes(List<String> n) {
    return new SellerPlan(priceMicros, skuPriceMicros, dailyBudgetMicros, bidding, adsPaused, enrolments, n);
  }

  /** Copy with no notes (the day loop strips them after reporting). */
  public SellerPlan withoutNotes() {
    return notes.isEmpty() ? this : withNotes(List.of());
  }

  public boolean enrolled(String activity, String productId) {
    Set<String> s = enrolments.get(activity);
    return s != null && s.contains(productId);
  }
}
