package io.searchbid.simulator.report;

import io.searchbid.simulator.scenario.Money;
import io.searchbid.simulator.scenario.ScenarioFile;
import io.searchbid.simulator.sim.ReplicateResult;
import io.searchbid.simulator.sim.SimulationResult;
import io.searchbid.simulator.stats.Difference;
import io.searchbid.simulator.stats.Estimate;
import io.searchbid.simulator.stats.Verdict;
import io.searchbid.simulator.strategy.SellerDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals over the horizon per (variant, seller), as a mean with a 95% CI across replicates, and the
 * profit difference of every variant against the first one (the baseline) for every scenario
 * seller, with a p-value and a plain-words verdict. Money in currency units (not micros) here: this
 * is the display edge.
 */
public record Summary(
    String scenario, int days, int replicates, String currency, List<String> variants, List<SellerSummary> sellers,
    List<Comparison> comparisons) {

  /** Metric names in display order. */
  public static final List<String> METRICS = List.of(
      "profit", "gmv", "adSpend", "cogs", "orders", "impressions", "adImpressions", "clicks", "adClicks", "ctr", "cvr",
      "avgCpc", "roas", "roi", "organicAvgPosition", "activityDays", "endStock");

  public Summary {
    variants = List.copyOf(variants);
    sellers = List.copyOf(sellers);
    comparisons = List.copyOf(comparisons);
  }

  /** One seller in one variant: each metric's estimate across replicates, plus strategy notes of replicate 0. */
  public record SellerSummary(
      String variant, String sellerId, boolean competitor, String strategy, Map<String, Estimate> metrics, List<String> notes) {
    public SellerSummary {
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
      notes = List.copyOf(notes);
    }

    public Estimate metric(String name) {
      return metrics.get(name);
    }
  }

  /** Profit of {@code variant} minus profit of {@code baseline} for one seller. */
  public record Comparison(String sellerId, String variant, String baseline, Difference profit, String verdict) {}

  public static Summary of(SimulationResult result) {
    ScenarioFile file = result.scenario();
    var base = file.variants().get(0).scenario();
    List<String> variants = file.variants().stream().map(ScenarioFile.Variant::name).toList();
    List<SellerSummary> sellers = new ArrayList<>();
    Map<String, Map<String, double[]>> profitBySellerVariant = new LinkedHashMap<>();
    for (String v : variants) {
      List<ReplicateResult> reps = result.of(v);
      if (reps.isEmpty()) continue;
      for (ReplicateResult.SellerSeries s0 : reps.get(0).sellers()) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String m : METRICS) values.put(m, new double[reps.size()]);
        for (int r = 0; r < reps.size(); r++) {
          ReplicateResult.SellerSeries s = reps.get(r).seller(s0.sellerId());
          Map<String, Double> t = totals(s.days());
          for (String m : METRICS) values.get(m)[r] = t.get(m);
        }
        Map<String, Estimate> est = new LinkedHashMap<>();
        values.forEach((m, xs) -> est.put(m, Estimate.of(finite(xs))));
        List<String> notes = new ArrayList<>();
        for (SellerDay d : s0.days()) notes.addAll(d.notes());
        sellers.add(new SellerSummary(v, s0.sellerId(), s0.competitor(), s0.strategy(), est, notes));
        if (!s0.competitor()) {
          profitBySellerVariant.computeIfAbsent(s0.sellerId(), k -> new LinkedHashMap<>()).put(v, values.get("profit"));
        }
      }
    }
    List<Comparison> comps = new ArrayList<>();
    if (variants.size() > 1) {
      String baseline = variants.get(0);
      profitBySellerVariant.forEach((seller, byVariant) -> {
        double[] b = byVariant.get(baseline);
        if (b == null) return;
        for (String v : variants.subList(1, variants.size())) {
          double[] a = byVariant.get(v);
          if (a == null) continue;
          Difference d = Difference.of(v, a, baseline, b);
          String verdict = "seller " + seller + ": " + Verdict.profit(d, base.currency(), base.days());
          comps.add(new Comparison(seller, v, baseline, d, verdict));
        }
      });
    }
    return new Summary(base.name(), base.days(), base.replicates(), base.currency(), variants, sellers, comps);
  }

  private static double[] finite(double[] xs) {
    int n = 0;
    for (double x : xs) if (Double.isFinite(x)) n++;
    if (n == xs.length) return xs;
    double[] out = new double[n];
    int i = 0;
    for (double x : xs) if (Double.isFinite(x)) out[i++] = x;
    return out;
  }

  /** Horizon totals of one seller (money in currency units; rates over the horizon). */
  static Map<String, Double> totals(List<SellerDay> days) {
    long profit = 0, gmv = 0, spend = 0, cogs = 0, orders = 0, imp = 0, adImp = 0, clicks = 0, adClicks = 0;
    long orgImp = 0, orgPos = 0, activityDays = 0, stock = 0;
    for (SellerDay d : days) {
      profit += d.profitMicros();
      gmv += d.gmvMicros();
      spend += d.spendMicros();
      cogs += d.cogsMicros();
      orders += d.orders();
      imp += d.impressions();
      adImp += d.adImpressions();
      clicks += d.clicks();
      adClicks += d.adClicks();
      orgImp += d.organicImpressions();
      orgPos += d.organicPositionSum();
      activityDays += d.activitiesAdmitted() > 0 ? 1 : 0;
      stock = d.stockEnd();
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("profit", Money.toUnits(profit));
    m.put("gmv", Money.toUnits(gmv));
    m.put("adSpend", Money.toUnits(spend));
    m.put("cogs", Money.toUnits(cogs));
    m.put("orders", (double) orders);
    m.put("impressions", (double) imp);
    m.put("adImpressions", (double) adImp);
    m.put("clicks", (double) clicks);
    m.put("adClicks", (double) adClicks);
    m.put("ctr", adImp == 0 ? Double.NaN : adClicks / (double) adImp);
    m.put("cvr", clicks == 0 ? Double.NaN : orders / (double) clicks);
    m.put("avgCpc", adClicks == 0 ? Double.NaN : Money.toUnits(spend) / adClicks);
    m.put("roas", spend == 0 ? Double.NaN : gmv / (double) spend);
    m.put("roi", cogs + spend == 0 ? Double.NaN : profit / (double) (cogs + spend));
    m.put("organicAvgPosition", orgImp == 0 ? Double.NaN : orgPos / (double) orgImp);
    m.put("activityDays", (double) activityDays);
    m.put("endStock", (double) stock);
    return m;
  }

  public SellerSummary seller(String variant, String sellerId) {
    for (SellerSummary s : sellers) if (s.variant().equals(variant) && s.sellerId().equals(sellerId)) return s;
    return null;
  }
}
