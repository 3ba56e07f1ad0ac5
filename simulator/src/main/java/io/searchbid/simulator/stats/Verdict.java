package io.searchbid.simulator.stats;

import java.util.Locale;

/** Plain-words reading of a profit {@link Difference}. */
public final class Verdict {
  private Verdict() {}

  /**
   * E.g. "loss-leader earns ¥1,234 more over 60 days than steady, 95% CI [¥800, ¥1,700], p = 0.001
   * over 8 paired replicates: a clear difference."
   */
  public static String profit(Difference d, String currency, int days) {
    String more = d.mean() >= 0 ? "more" : "less";
    String head = String.format(
        Locale.ROOT, "%s earns %s %s over %d days than %s", d.a(), money(currency, Math.abs(d.mean())), more, days, d.b());
    if (Double.isNaN(d.lo())) {
      return head + " (one replicate only: no confidence interval; run with --replicates 5 or more).";
    }
    String ci = String.format(
        Locale.ROOT, ", 95%% CI [%s, %s], p = %s over %d %s replicates",
        money(currency, d.lo()), money(currency, d.hi()), p(d.pValue()), d.n(), d.paired() ? "paired" : "unpaired");
    String tail;
    if (d.significant()) tail = ": a clear difference.";
    else tail = ": not distinguishable from no difference; add replicates or days to tell them apart.";
    return head + ci + tail;
  }

  static String p(double p) {
    if (p < 0.001) return "< 0.001";
    return String.format(Locale.ROOT, "%.3f", p);
  }

  /** Whole currency units with thousands separators, a minus sign (U+2212) before the symbol: −¥1,234. */
  public static String money(String currency, double units) {
    return money(currency, units, 0);
  }

  /**
   * {@code units} with {@code decimals} decimals and thousands separators, a minus sign (U+2212)
   * before the currency symbol ({@code ""} for a plain number): −¥0.35.
   */
  public static String money(String currency, double units, int decimals) {
    String digits = String.format(Locale.ROOT, "%,." + decimals + "f", Math.abs(units));
    // no "−¥0" for a loss that rounds away
    boolean zero = digits.chars().allMatch(c -> c == '0' || c == '.' || c == ',');
    String sign = units < 0 && !zero ? "−" : "";
    return sign + currency + digits;
  }
}
