package io.searchbid.simulator.traffic;

import java.util.SplittableRandom;

/** Small seeded samplers shared by traffic and users. Stateless; randomness is passed in. */
public final class Sampling {
  private Sampling() {}

  /**
   * A Poisson(mean) draw: Knuth's product method below 30, otherwise the normal approximation
   * with continuity correction (error well under the day-level noise for such means).
   */
  public static long poisson(double mean, SplittableRandom rnd) {
    if (mean <= 0) return 0;
    if (mean < 30) {
      double l = Math.exp(-mean);
      long k = 0;
      double p = rnd.nextDouble();
      while (p > l) {
        k++;
        p *= rnd.nextDouble();
      }
      return k;
    }
    double x = mean + Math.sqrt(mean) * gaussian(rnd) + 0.5;
    return x < 0 ? 0 : (long) Math.floor(x);
  }

  /** A standard normal draw (Box–Muller, one of the pair). */
  public static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    if (u1 < 1e-300) u1 = 1e-300;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Index i with probability proportional to weights whose running sums are {@code cdf} (last = total). */
  public static int pick(double[] cdf, SplittableRandom rnd) {
    double u = rnd.nextDouble() * cdf[cdf.length - 1];
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Running sums of {@code w}. */
  public static double[] cdf(double[] w) {
    double[] c = new double[w.length];
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i];
      c[i] = s;
    }
    return c;
  }

  /** Zipf weights 1/k^s for k = 1..n. */
  public static double[] zipf(int n, double s) {
    double[] w = new double[n];
    for (int k = 0; k < n; k++) w[k] = 1.0 / Math.pow(k + 1, s);
    return w;
  }
}
