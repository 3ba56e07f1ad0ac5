package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Listing test: the seller's products are K listings (titles/images) of one item. All advertise at
 * {@code maxCpc} under one budget (the auction spreads it); once every live listing has
 * {@code minImpressions} ad impressions, a chi-square test of equal CTR across the live listings
 * (Commons Math {@link ChiSquareTest}) runs each day; when p < {@code alpha} the listing with the
 * lowest CTR stops advertising. The last one standing is reported as the winner, with its CTR
 * against the category's average ad CTR. Because the test is repeated daily, the default alpha is
 * a conservative 0.01.
 */
final class ListingTestStrategy implements SellerStrategy {
  private final long cpcMicros;
  private final Long budgetMicros;
  private final long minImpressions;
  private final double alpha;
  private final Set<String> stopped = new HashSet<>();
  private boolean announced;

  private ListingTestStrategy(long cpcMicros, Long budgetMicros, long minImpressions, double alpha) {
    this.cpcMicros = cpcMicros;
    this.budgetMicros = budgetMicros;
    this.minImpressions = minImpressions;
    this.alpha = alpha;
  }

  static Supplier<SellerStrategy> bind(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    if (ctx.products().size() < 2) n.problem("type", "listingTest needs the seller to have at least 2 products (the listings), got " + ctx.products().size());
    long cpc = n.money("maxCpc", 800_000L, 0, Money.MAX_MICROS);
    Long budget = n.has("dailyBudget") ? n.money("dailyBudget", 0, 0, Money.MAX_MICROS) : null;
    long minImp = n.integer("minImpressions", 300L, 1L, Long.MAX_VALUE);
    double alpha = n.number("alpha", 0.01, 1e-9, 0.5);
    return () -> new ListingTestStrategy(cpc, budget, minImp, alpha);
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current().withBidding(Bidding.manual(cpcMicros));
    if (budgetMicros != null) p = p.withBudget(budgetMicros);
    Map<String, long[]> totals = new HashMap<>(); // id → {impressions, clicks}
    for (SellerDay d : view.history()) {
      for (ProductDay pd : d.products()) {
        long[] t = totals.computeIfAbsent(pd.productId(), k -> new long[2]);
        t[0] += pd.adImpressions();
        t[1] += pd.adClicks();
      }
    }
    List<String> live = new ArrayList<>();
    for (ProductState ps : view.products()) if (!stopped.contains(ps.id())) live.add(ps.id());
    List<String> notes = new ArrayList<>();
    if (live.size() > 1) {
      boolean enough = true;
      for (String id : live) enough &= totals.getOrDefault(id, new long[2])[0] >= minImpressions;
      if (enough) {
        long[][] table = new long[live.size()][2];
        for (int i = 0; i < live.size(); i++) {
          long[] t = totals.get(live.get(i));
          table[i][0] = t[1];
          table[i][1] = t[0] - t[1];
        }
        double pValue = pValue(table);
        if (pValue < alpha) {
          String worst = live.get(0);
          for (String id : live) if (ctr(totals.get(id)) < ctr(totals.get(worst))) worst = id;
          stopped.add(worst);
          live.remove(worst);
          notes.add(String.format(Locale.ROOT, "day %d: listing %s stopped, CTR %.2f%% (chi-square p = %.4f across %d listings)",
              view.today(), worst, 100 * ctr(totals.get(worst)), pValue, live.size() + 1));
        }
      }
    }
    if (live.size() == 1 && !announced) {
      announced = true;
      String w = live.get(0);
      String cat = view.products().stream().filter(x -> x.id().equals(w)).findFirst().map(ProductState::category).orElse("");
      Double avg = view.categoryAdCtr().get(cat);
      notes.add(String.format(Locale.ROOT, "day %d: winner %s, ad CTR %.2f%% (category average %s)", view.today(), w,
          100 * ctr(totals.get(w)), avg == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * avg)));
    }
    p = p.withAdsPaused(stopped);
    return notes.isEmpty() ? p : p.withNotes(notes);
  }

  /** p-value of a chi-square test of homogeneity; 1 when a column is all zero (no evidence). */
  static double pValue(long[][] table) {
    long c0 = 0;
    long c1 = 0;
    for (long[] r : table) {
      c0 += r[0];
      c1 += r[1];
    }
    if (c0 == 0 || c1 == 0) return 1.0;
    return new ChiSquareTest().chiSquareTest(table);
  }

  private static double ctr(long[] t) {
    return t == null || t[0] == 0 ? 0 : t[1] / (double) t[0];
  }
}
