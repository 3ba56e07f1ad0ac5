package io.searchbid.simulator.traffic;

import java.util.SplittableRandom;

/** Produces each simulated day's searches. Implementations are deterministic in (day, random). */
public interface TrafficSource {
  /** The queries searches refer to. */
  Vocabulary vocabulary();

  /** Day {@code day}'s searches, drawing any randomness from {@code rnd}. */
  DayTraffic day(int day, SplittableRandom rnd);
}
