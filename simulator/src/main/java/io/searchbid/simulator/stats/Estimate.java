package io.searchbid.simulator.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean of a metric across replicates with its 95% confidence interval (Student t, n − 1 degrees of
 * freedom). With one replicate the interval is undefined (NaN bounds).
 */
public record Estimate(double mean, double lo, double hi, double sd, int n) {

  public static Estimate of(double[] xs) {
    int n = xs.length;
    if (n == 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= n;
    if (n == 1) return new Estimate(mean, Double.NaN, Double.NaN, Double.NaN, 1);
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    double sd = Math.sqrt(ss / (n - 1));
    double half = tCritical(n - 1) * sd / Math.sqrt(n);
    return new Estimate(mean, mean - half, mean + half, sd, n);
  }

  /** Two-sided 95% critical value of Student's t. */
  static double tCritical(int df) {
    return new TDistribution(null, df).inverseCumulativeProbability(0.975);
  }

  public double halfWidth() {
    return (hi - lo) / 2;
  }
}
