package io.searchbid.simulator.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Share of a week's searches in each (day of week, hour): by default the real curve shipped in
 * {@code hourly-traffic-share-mean.csv} (mean over 114 regions of the BAT benchmark's Avito data,
 * MIT), or flat. Immutable.
 */
public final class TrafficCurve {
  private final double[] share = new double[7 * 24]; // index (dow-1)*24 + hour, sums to 1

  private TrafficCurve(double[] s) {
    System.arraycopy(s, 0, share, 0, share.length);
  }

  /** The real weekly × hourly curve; {@code weekly}/{@code intraday} false flatten that dimension. */
  public static TrafficCurve of(boolean weekly, boolean intraday) {
    double[] real = loadReal();
    double[] s = new double[168];
    double[] dayTotal = new double[7];
    double[] hourOfDay = new double[24];
    for (int d = 0; d < 7; d++) {
      for (int h = 0; h < 24; h++) {
        dayTotal[d] += real[d * 24 + h];
        hourOfDay[h] += real[d * 24 + h];
      }
    }
    for (int d = 0; d < 7; d++) {
      for (int h = 0; h < 24; h++) {
        double dayPart = weekly ? dayTotal[d] : 1.0 / 7;
        double hourPart;
        if (!intraday) hourPart = 1.0 / 24;
        else if (weekly) hourPart = real[d * 24 + h] / dayTotal[d];
        else hourPart = hourOfDay[h]; // average day shape (hourOfDay sums to 1)
        s[d * 24 + h] = dayPart * hourPart;
      }
    }
    return new TrafficCurve(s);
  }

  /** Relative volume of an ISO day of week (1 = Monday); mean over the week is 1. */
  public double dayFactor(int isoDow) {
    double t = 0;
    for (int h = 0; h < 24; h++) t += share[(isoDow - 1) * 24 + h];
    return t * 7;
  }

  /** Share of that day's searches falling in {@code hour}; sums to 1 over the day. */
  public double hourShare(int isoDow, int hour) {
    double t = 0;
    for (int h = 0; h < 24; h++) t += share[(isoDow - 1) * 24 + h];
    return share[(isoDow - 1) * 24 + hour] / t;
  }

  private static double[] loadReal() {
    double[] s = new double[168];
    try (InputStream in = TrafficCurve.class.getResourceAsStream("hourly-traffic-share-mean.csv")) {
      if (in == null) throw new IllegalStateException("hourly-traffic-share-mean.csv missing from the jar");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("dow")) continue;
        String[] f = line.split(",");
        int d = Integer.parseInt(f[0]);
        int h = Integer.parseInt(f[1]);
        s[(d - 1) * 24 + h] = Double.parseDouble(f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double total = 0;
    for (double x : s) total += x;
    for (int i = 0; i < s.length; i++) s[i] /= total; // the file is rounded to 7 decimals
    return s;
  }
}
