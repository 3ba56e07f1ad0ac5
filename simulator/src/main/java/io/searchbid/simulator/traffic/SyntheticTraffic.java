package io.searchbid.simulator.traffic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic searches: the day's expected volume is {@code base × weekday factor × (1 + trend)^day
 * × noise}, noise a mean-one log-normal; within the day, arrivals are a Poisson process whose rate
 * follows the hourly curve (a Poisson count per hour, uniform times inside it); each search's query
 * is drawn from a Zipf law over the vocabulary and its user segment from the segment shares.
 */
public final class SyntheticTraffic implements TrafficSource {
  private final Vocabulary vocabulary;
  private final TrafficCurve curve;
  private final double searchesPerDay;
  private final double trendPerDay;
  private final double noiseSigma;
  private final int startDow;
  private final double[] queryCdf;
  private final double[] segmentCdf;

  /**
   * @param segmentShares share of searches per user segment (sums to 1)
   * @param startDow      ISO day of week of day 0
   */
  public SyntheticTraffic(
      Vocabulary vocabulary,
      TrafficCurve curve,
      double searchesPerDay,
      double zipfExponent,
      double trendPerDay,
      double noiseSigma,
      int startDow,
      double[] segmentShares) {
    if (vocabulary.size() == 0) throw new IllegalArgumentException("vocabulary is empty");
    this.vocabulary = vocabulary;
    this.curve = curve;
    this.searchesPerDay = searchesPerDay;
    this.trendPerDay = trendPerDay;
    this.noiseSigma = noiseSigma;
    this.startDow = startDow;
    this.queryCdf = Sampling.cdf(Sampling.zipf(vocabulary.size(), zipfExponent));
    this.segmentCdf = Sampling.cdf(segmentShares);
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Expected searches of {@code day} before noise. */
  public double expected(int day) {
    int dow = isoDow(day);
    return searchesPerDay * curve.dayFactor(dow) * Math.pow(1 + trendPerDay, day);
  }

  public int isoDow(int day) {
    return ((startDow - 1 + day) % 7) + 1;
  }

  @Override
  public DayTraffic day(int day, SplittableRandom rnd) {
    int dow = isoDow(day);
    double noise = noiseSigma == 0 ? 1 : Math.exp(noiseSigma * Sampling.gaussian(rnd) - noiseSigma * noiseSigma / 2);
    double mean = expected(day) * noise;
    long[] perHour = new long[24];
    long total = 0;
    for (int h = 0; h < 24; h++) {
      perHour[h] = Sampling.poisson(mean * curve.hourShare(dow, h), rnd);
      total += perHour[h];
    }
    if (total > Integer.MAX_VALUE - 8) throw new IllegalStateException("too many searches in one day: " + total);
    int n = (int) total;
    int[] seconds = new int[n];
    int i = 0;
    for (int h = 0; h < 24; h++) {
      int start = i;
      for (long k = 0; k < perHour[h]; k++) seconds[i++] = h * 3600 + rnd.nextInt(3600);
      Arrays.sort(seconds, start, i);
    }
    int[] queries = new int[n];
    byte[] segments = new byte[n];
    for (int j = 0; j < n; j++) {
      queries[j] = Sampling.pick(queryCdf, rnd);
      segments[j] = (byte) Sampling.pick(segmentCdf, rnd);
    }
    return new DayTraffic(day, queries, seconds, segments);
  }
}
