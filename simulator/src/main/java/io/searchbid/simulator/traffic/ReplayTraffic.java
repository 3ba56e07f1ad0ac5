package io.searchbid.simulator.traffic;

import java.util.SplittableRandom;

/**
 * Replays a {@link TrafficLog}: a search logged at time t lands at simulated time
 * {@code (t − t0) × timeScale} (t0 = midnight UTC of the first search's day), so timeScale 24 turns
 * each logged hour into a simulated day. Each logged search is replayed {@code volumeScale} times
 * on average (the integer part always, the fraction by a coin flip). With {@code repeat}, the log is
 * played again from its first day once it runs out; otherwise later days are empty. Searches
 * without a segment get one drawn from the segment shares.
 */
public final class ReplayTraffic implements TrafficSource {
  private static final long DAY_MILLIS = 86_400_000L;
  private final TrafficLog log;
  private final double volumeScale;
  private final boolean repeat;
  private final int[] dayStart; // index of the first search of each log day; length = days + 1
  private final int[] second;
  private final double[] segmentCdf;

  public ReplayTraffic(TrafficLog log, double timeScale, double volumeScale, boolean repeat, double[] segmentShares) {
    this.log = log;
    this.volumeScale = volumeScale;
    this.repeat = repeat;
    this.segmentCdf = Sampling.cdf(segmentShares);
    long t0 = Math.floorDiv(log.epochMillis(0), DAY_MILLIS) * DAY_MILLIS;
    int n = log.size();
    int[] day = new int[n];
    second = new int[n];
    for (int i = 0; i < n; i++) {
      double simMillis = (log.epochMillis(i) - t0) * timeScale;
      long d = (long) Math.floor(simMillis / DAY_MILLIS);
      if (d > 100_000) throw new IllegalArgumentException("timeScale " + timeScale + " stretches the log beyond 100000 days");
      day[i] = (int) d;
      second[i] = (int) Math.min(86_399, Math.floor((simMillis - d * (double) DAY_MILLIS) / 1000));
    }
    int days = day[n - 1] + 1;
    dayStart = new int[days + 1];
    int j = 0;
    for (int d = 0; d <= days; d++) {
      while (j < n && day[j] < d) j++;
      dayStart[d] = j;
    }
  }

  /** Number of simulated days the log covers once. */
  public int logDays() {
    return dayStart.length - 1;
  }

  @Override
  public Vocabulary vocabulary() {
    return log.vocabulary();
  }

  @Override
  public DayTraffic day(int day, SplittableRandom rnd) {
    int d = day;
    if (d >= logDays()) {
      if (!repeat) return new DayTraffic(day, new int[0], new int[0], new byte[0]);
      d = day % logDays();
    }
    int from = dayStart[d];
    int to = dayStart[d + 1];
    int whole = (int) Math.floor(volumeScale);
    double frac = volumeScale - whole;
    int[] counts = new int[to - from];
    long total = 0;
    for (int i = from; i < to; i++) {
      int c = whole + (frac > 0 && rnd.nextDouble() < frac ? 1 : 0);
      counts[i - from] = c;
      total += c;
    }
    int n = Math.toIntExact(total);
    int[] q = new int[n];
    int[] s = new int[n];
    byte[] g = new byte[n];
    int k = 0;
    for (int i = from; i < to; i++) {
      for (int c = 0; c < counts[i - from]; c++) {
        q[k] = log.queryId(i);
        s[k] = second[i];
        int seg = log.segment(i);
        g[k] = (byte) (seg >= 0 ? seg : Sampling.pick(segmentCdf, rnd));
        k++;
      }
    }
    return new DayTraffic(day, q, s, g);
  }
}
