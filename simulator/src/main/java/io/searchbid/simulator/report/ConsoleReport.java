package io.searchbid.simulator.report;

import io.searchbid.simulator.stats.Estimate;
import io.searchbid.simulator.stats.Verdict;
import java.io.PrintStream;
import java.util.Locale;

/** The compact table and verdicts printed at the end of {@code simulate}. */
public final class ConsoleReport {
  private ConsoleReport() {}

  public static void print(Summary s, PrintStream out) {
    out.printf(Locale.ROOT, "%s: %d days × %d replicates per variant (means, ± half-width of the 95%% CI)%n",
        s.scenario(), s.days(), s.replicates());
    String fmt = "%-18s %-8s %-13s %17s %12s %11s %9s %8s %8s %7s %7s%n";
    out.printf(Locale.ROOT, fmt, "variant", "seller", "strategy", "profit", "GMV", "ad spend", "ad clicks", "avg CPC", "orders", "ROAS", "org.pos");
    for (Summary.SellerSummary ss : s.sellers()) {
      if (ss.competitor()) continue;
      out.printf(Locale.ROOT, fmt, cut(ss.variant(), 18), cut(ss.sellerId(), 8), cut(ss.strategy(), 13),
          withCi(ss.metric("profit"), s.currency()), money(ss.metric("gmv"), s.currency()),
          money(ss.metric("adSpend"), s.currency()), num(ss.metric("adClicks"), 0),
          ss.metric("avgCpc") == null || Double.isNaN(ss.metric("avgCpc").mean()) ? "–"
              : Verdict.money(s.currency(), ss.metric("avgCpc").mean(), 2),
          num(ss.metric("orders"), 0), num(ss.metric("roas"), 2),
          num(ss.metric("organicAvgPosition"), 1));
    }
    for (Summary.Comparison c : s.comparisons()) out.println(c.verdict());
  }

  private static String cut(String x, int n) {
    return x.length() <= n ? x : x.substring(0, n - 1) + "…";
  }

  private static String withCi(Estimate e, String cur) {
    if (e == null || Double.isNaN(e.mean())) return "–";
    String m = Verdict.money(cur, e.mean());
    if (!Double.isNaN(e.lo())) m += String.format(Locale.ROOT, " ±%,.0f", e.halfWidth());
    return m;
  }

  private static String money(Estimate e, String cur) {
    if (e == null || Double.isNaN(e.mean())) return "–";
    return Verdict.money(cur, e.mean());
  }

  private static String num(Estimate e, int d) {
    if (e == null || Double.isNaN(e.mean())) return "–";
    return String.format(Locale.ROOT, "%,." + d + "f", e.mean());
  }
}
