package io.searchbid.simulator.report;

import io.searchbid.simulator.scenario.Money;
import io.searchbid.simulator.sim.ReplicateResult;
import io.searchbid.simulator.sim.SimulationResult;
import io.searchbid.simulator.stats.Estimate;
import io.searchbid.simulator.stats.Verdict;
import io.searchbid.simulator.strategy.SellerDay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code report.html}: one self-contained page (charts are PNGs embedded as data URIs) with the
 * verdicts, a totals table per variant and, for each scenario seller, daily profit, cumulative
 * profit, organic position, spend vs budget and price over time (means across replicates).
 */
public final class HtmlReport {
  private static final java.util.Map<XYChart, Integer> SERIES = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  private HtmlReport() {}

  public static void write(SimulationResult result, Summary summary, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    StringBuilder h = new StringBuilder();
    String title = "searchbid simulation — " + esc(summary.scenario());
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(title).append("</title>")
        .append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}.verdict{background:#f4f8ff;padding:.6em 1em;border-left:4px solid #36c}")
        .append("img{max-width:100%}</style></head><body>");
    h.append("<h1>").append(title).append("</h1>");
    String desc = result.scenario().description();
    if (desc != null && !desc.isBlank()) h.append("<p>").append(esc(desc)).append("</p>");
    h.append("<p>").append(summary.days()).append(" days × ").append(summary.replicates())
        .append(" replicates per variant; intervals are 95% confidence intervals across replicates.</p>");
    if (!summary.comparisons().isEmpty()) {
      h.append("<h2>Verdict</h2>");
      for (Summary.Comparison c : summary.comparisons()) h.append("<p class=\"verdict\">").append(esc(c.verdict())).append("</p>");
    }
    List<String> focus = new ArrayList<>();
    for (Summary.SellerSummary s : summary.sellers()) {
      if (!s.competitor() && !focus.contains(s.sellerId())) focus.add(s.sellerId());
    }
    for (String seller : focus) {
      h.append("<h2>Seller ").append(esc(seller)).append("</h2>");
      h.append("<table><tr><th>variant</th><th>strategy</th><th>profit</th><th>GMV</th><th>ad spend</th><th>orders</th>")
          .append("<th>ad CTR</th><th>CVR</th><th>avg CPC</th><th>ROAS</th><th>organic pos.</th></tr>");
      for (String v : summary.variants()) {
        Summary.SellerSummary s = summary.seller(v, seller);
        if (s == null) continue;
        h.append("<tr><td>").append(esc(v)).append("</td><td>").append(esc(s.strategy())).append("</td>")
            .append(cell(s.metric("profit"), summary.currency(), 0)).append(cell(s.metric("gmv"), summary.currency(), 0))
            .append(cell(s.metric("adSpend"), summary.currency(), 0)).append(cell(s.metric("orders"), "", 0))
            .append(pct(s.metric("ctr"))).append(pct(s.metric("cvr")))
            .append(cell(s.metric("avgCpc"), summary.currency(), 2)).append(cell(s.metric("roas"), "", 2))
            .append(cell(s.metric("organicAvgPosition"), "", 1)).append("</tr>");
      }
      h.append("</table>");
      for (String v : summary.variants()) {
        Summary.SellerSummary s = summary.seller(v, seller);
        if (s != null && !s.notes().isEmpty()) {
          h.append("<p><b>").append(esc(v)).append("</b> (replicate 0): ").append(esc(String.join("; ", s.notes()))).append("</p>");
        }
      }
      if (summary.variants().size() >= 3) {
        h.append(bars(summary, seller, "Ad clicks and orders by variant (bid landscape)", "count", "adClicks", "orders"));
        h.append(bars(summary, seller, "Ad spend and profit by variant", summary.currency(), "adSpend", "profit"));
      }
      h.append(img(chart(result, seller, "Daily profit", summary.currency(), SellerDay::profitMicros, true, false)));
      h.append(img(chart(result, seller, "Cumulative profit", summary.currency(), SellerDay::profitMicros, true, true)));
      h.append(img(chart(result, seller, "Organic average position (1 = top)", "position", SellerDay::organicAvgPosition, false, false)));
      h.append(img(spendVsBudget(result, seller, summary.currency())));
      h.append(img(chart(result, seller, "Price over time", summary.currency(), SellerDay::priceMicros, true, false)));
    }
    h.append("<h2>Files</h2><ul><li><code>daily.csv</code>: every seller, every day, every replicate</li>")
        .append("<li><code>daily-products.csv</code>, <code>daily-keywords.csv</code>: breakdown for the scenario's sellers</li>")
        .append("<li><code>summary.json</code>: totals with confidence intervals and the comparisons</li></ul>");
    h.append("</body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static String cell(Estimate e, String unit, int decimals) {
    if (e == null || Double.isNaN(e.mean())) return "<td>–</td>";
    String m = Verdict.money(unit, e.mean(), decimals);
    if (!Double.isNaN(e.lo())) {
      m += " <small>± " + String.format(Locale.ROOT, "%,." + decimals + "f", e.halfWidth()) + "</small>";
    }
    return "<td>" + m + "</td>";
  }

  private static String pct(Estimate e) {
    if (e == null || Double.isNaN(e.mean())) return "<td>–</td>";
    return "<td>" + String.format(Locale.ROOT, "%.2f%%", 100 * e.mean()) + "</td>";
  }

  /** Mean over replicates, per day, of {@code f} (NaN days skipped); cumulative if asked. */
  static double[] meanSeries(List<ReplicateResult> reps, String seller, ToDoubleFunction<SellerDay> f, boolean money, boolean cumulative) {
    int days = 0;
    for (ReplicateResult r : reps) days = Math.max(days, r.seller(seller).days().size());
    double[] sum = new double[days];
    int[] n = new int[days];
    for (ReplicateResult r : reps) {
      double acc = 0;
      List<SellerDay> ds = r.seller(seller).days();
      for (int d = 0; d < ds.size(); d++) {
        double x = f.applyAsDouble(ds.get(d));
        if (money) x = x / Money.MICROS;
        if (cumulative) {
          acc += x;
          x = acc;
        }
        if (Double.isFinite(x)) {
          sum[d] += x;
          n[d]++;
        }
      }
    }
    double[] out = new double[days];
    for (int d = 0; d < days; d++) out[d] = n[d] == 0 ? Double.NaN : sum[d] / n[d];
    return out;
  }

  private static XYChart newChart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(900).height(340).title(title).xAxisTitle("day").yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    c.getStyler().setMarkerSize(0);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return c;
  }

  private static XYChart chart(SimulationResult result, String seller, String title, String yTitle,
      ToDoubleFunction<SellerDay> f, boolean money, boolean cumulative) {
    XYChart c = newChart(title + " — " + seller, yTitle);
    for (var v : result.scenario().variants()) {
      List<ReplicateResult> reps = result.of(v.name());
      if (reps.isEmpty() || reps.get(0).seller(seller) == null) continue;
      add(c, v.name(), meanSeries(reps, seller, f, money, cumulative));
    }
    return c;
  }

  private static XYChart spendVsBudget(SimulationResult result, String seller, String currency) {
    XYChart c = newChart("Ad spend vs budget — " + seller, currency);
    for (var v : result.scenario().variants()) {
      List<ReplicateResult> reps = result.of(v.name());
      if (reps.isEmpty() || reps.get(0).seller(seller) == null) continue;
      add(c, v.name() + " spend", meanSeries(reps, seller, SellerDay::spendMicros, true, false));
      XYSeries b = add(c, v.name() + " budget", meanSeries(reps, seller, SellerDay::budgetMicros, true, false));
      if (b != null) b.setLineStyle(SeriesLines.DASH_DASH);
    }
    return c;
  }

  private static XYSeries add(XYChart c, String name, double[] y) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int d = 0; d < y.length; d++) {
      if (Double.isFinite(y[d])) {
        xs.add((double) d);
        ys.add(y[d]);
      }
    }
    if (xs.isEmpty()) return null;
    XYSeries s = c.addSeries(name, xs, ys);
    SERIES.merge(c, 1, Integer::sum);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  private static String bars(Summary summary, String seller, String title, String yTitle, String... metrics) throws IOException {
    org.knowm.xchart.CategoryChart c = new org.knowm.xchart.CategoryChartBuilder().width(900).height(340)
        .title(title + " — " + seller).xAxisTitle("variant").yAxisTitle(yTitle).build();
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    for (String m : metrics) {
      List<String> xs = new ArrayList<>();
      List<Number> ys = new ArrayList<>();
      for (String v : summary.variants()) {
        Summary.SellerSummary s = summary.seller(v, seller);
        if (s == null || s.metric(m) == null || Double.isNaN(s.metric(m).mean())) continue;
        xs.add(v);
        ys.add(s.metric(m).mean());
      }
      if (!xs.isEmpty()) c.addSeries(m, xs, ys);
    }
    byte[] png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    return "<p><img alt=\"" + esc(title) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"></p>";
  }

  private static String img(XYChart c) throws IOException {
    if (SERIES.remove(c) == null) return "";
    byte[] png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    return "<p><img alt=\"" + esc(c.getTitle()) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"></p>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
