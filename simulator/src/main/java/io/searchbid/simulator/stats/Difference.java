package io.searchbid.simulator.stats;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Difference of a metric between two variants ({@code a − b}) across replicates, with its 95%
 * interval and a two-sided p-value. Replicate r of every variant shares its random streams
 * (common random numbers), so the comparison is paired: a paired t-test on the per-replicate
 * differences (Commons Math {@link TTest#pairedTTest}). Unequal replicate counts fall back to
 * Welch's unpaired test.
 */
public record Difference(String a, String b, double mean, double lo, double hi, double pValue, int n, boolean paired) {

  public static Difference of(String a, double[] xa, String b, double[] xb) {
    if (xa.length == xb.length) {
      double[] d = new double[xa.length];
      for (int i = 0; i < d.length; i++) d[i] = xa[i] - xb[i];
      Estimate e = Estimate.of(d);
      double p;
      if (d.length < 2) p = Double.NaN;
      else if (e.sd() == 0) p = e.mean() == 0 ? 1.0 : 0.0; // identical differences: no noise left
      else p = new TTest().pairedTTest(xa, xb);
      return new Difference(a, b, e.mean(), e.lo(), e.hi(), p, d.length, true);
    }
    Estimate ea = Estimate.of(xa);
    Estimate eb = Estimate.of(xb);
    double mean = ea.mean() - eb.mean();
    if (xa.length < 2 || xb.length < 2) return new Difference(a, b, mean, Double.NaN, Double.NaN, Double.NaN, Math.min(xa.length, xb.length), false);
    double va = ea.sd() * ea.sd() / xa.length;
    double vb = eb.sd() * eb.sd() / xb.length;
    double se = Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb) / (va * va / (xa.length - 1) + vb * vb / (xb.length - 1));
    double half = Estimate.tCritical((int) Math.max(1, Math.floor(df))) * se;
    double p = se == 0 ? (mean == 0 ? 1.0 : 0.0) : new TTest().tTest(xa, xb);
    return new Difference(a, b, mean, mean - half, mean + half, p, Math.min(xa.length, xb.length), false);
  }

  /** True when the 95% interval excludes zero. */
  public boolean significant() {
    return !Double.isNaN(pValue) && pValue < 0.05;
  }
}
