package io.searchbid.auction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Expected share of traffic per hour of the week (168 values, ISO day of week 1–7 × hour 0–23,
 * UTC), used to plan how much of a daily budget should be spent by a given time.
 *
 * <p>The {@link #defaultCurve()} is the mean over 114 regions of the real hourly ad-traffic shares
 * of the BAT auto-bidding benchmark (Avito, 2025; MIT license, shipped as {@code
 * io/searchbid/auction/hourly-traffic-share-168.csv} with {@code LICENSE-bat.txt}). Immutable.
 */
public final class TrafficCurve {
  public static final int HOURS = 168;
  private static final String RESOURCE = "hourly-traffic-share-168.csv";
  private static volatile TrafficCurve defaultCurve;

  private final double[] share = new double[HOURS];
  /** cumulative[d*25 + h] = share of day d's traffic before hour h (h = 0..24), normalised per day. */
  private final double[] cumulative = new double[7 * 25];

  private TrafficCurve(double[] shares) {
    if (shares.length != HOURS) {
      throw new IllegalArgumentException("traffic curve must have 168 hourly shares, got " + shares.length);
    }
    for (int i = 0; i < HOURS; i++) {
      if (!(shares[i] >= 0) || Double.isInfinite(shares[i])) {
        throw new IllegalArgumentException("traffic share must be a finite number >= 0, got " + shares[i] + " at hour " + i);
      }
      share[i] = shares[i];
    }
    for (int d = 0; d < 7; d++) {
      double total = 0;
      for (int h = 0; h < 24; h++) {
        total += share[d * 24 + h];
      }
      double acc = 0;
      for (int h = 0; h < 24; h++) {
        cumulative[d * 25 + h] = total > 0 ? acc / total : h / 24.0;
        acc += share[d * 24 + h];
      }
      cumulative[d * 25 + 24] = 1.0;
    }
  }

  /** A curve from 168 non-negative shares (index = (isoDow − 1) × 24 + hour). */
  public static TrafficCurve of(double[] shares) {
    return new TrafficCurve(shares.clone());
  }

  /** Every hour alike. */
  public static TrafficCurve flat() {
    double[] s = new double[HOURS];
    Arrays.fill(s, 1.0 / HOURS);
    return new TrafficCurve(s);
  }

  /** The shipped real curve (see class doc). */
  public static TrafficCurve defaultCurve() {
    TrafficCurve c = defaultCurve;
    if (c == null) {
      try (InputStream in = TrafficCurve.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        c = read(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaultCurve = c;
    }
    return c;
  }

  /** Reads {@code dow,hour,traffic_share} lines (header and '#' comments skipped). */
  public static TrafficCurve read(InputStream in) throws IOException {
    double[] s = new double[HOURS];
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#") || line.startsWith("dow")) {
        continue;
      }
      String[] f = line.split(",");
      try {
        int dow = Integer.parseInt(f[0].trim());
        int hour = Integer.parseInt(f[1].trim());
        if (dow < 1 || dow > 7 || hour < 0 || hour > 23) {
          throw new IllegalArgumentException("dow must be 1-7 and hour 0-23");
        }
        s[(dow - 1) * 24 + hour] += Double.parseDouble(f[2].trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("traffic curve line " + lineNo + ": expected dow,hour,share: " + e.getMessage());
      }
    }
    return new TrafficCurve(s);
  }

  /** Share of the week's traffic in that hour. */
  public double share(int isoDayOfWeek, int hour) {
    return share[(isoDayOfWeek - 1) * 24 + hour];
  }

  /**
   * Fraction of the day's expected traffic that has passed by {@code epochMillis} (linear within
   * the hour), in [0, 1].
   */
  public double elapsedDayShare(long epochMillis) {
    int d = Times.isoDayOfWeek(epochMillis) - 1;
    long inDay = Math.floorMod(epochMillis, Times.MILLIS_PER_DAY);
    int h = (int) (inDay / Times.MILLIS_PER_HOUR);
    double frac = (inDay % Times.MILLIS_PER_HOUR) / (double) Times.MILLIS_PER_HOUR;
    double a = cumulative[d * 25 + h];
    double b = cumulative[d * 25 + h + 1];
    return a + (b - a) * frac;
  }
}
