package io.searchbid.simulator.sim;

import java.util.SplittableRandom;

/**
 * Derivation of independent seeds from the scenario seed: {@code mix(seed, a, b, ...)} hashes the
 * parts with the SplitMix64 finaliser, so every (replicate, day, purpose) stream is fixed by the
 * scenario seed alone, whatever the thread or order in which replicates run.
 */
public final class Seeds {
  /** Purposes of random streams. */
  public static final long TRAFFIC = 1, USERS = 2, SELLER = 3, PACER = 4, WORLD = 5, REPLICATE = 6;

  private Seeds() {}

  public static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = fin(h ^ fin(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  public static SplittableRandom random(long... parts) {
    return new SplittableRandom(mix(parts));
  }

  private static long fin(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
