package io.searchbid.bench.jmh;

import java.nio.file.Path;

/**
 * How long and how often JMH measures.
 *
 * @param forks fresh JVMs per benchmark; 0 runs in this JVM (tests only: profile pollution between
 *     benchmarks makes such figures less trustworthy)
 * @param warmupIterations iterations discarded before measuring
 * @param warmupSeconds length of each warm-up iteration
 * @param measurementIterations measured iterations per fork
 * @param measurementSeconds length of each measured iteration
 * @param quick the smallest parameters only (smoke check)
 * @param seed seed of every generated input
 * @param outDir where the JSON report and the JMH log go
 * @param paramOverrides {@code @Param} values given on the command line ({@code --param name=v1,v2});
 *     they replace the suite's choice for that parameter
 * @param forksGiven whether {@code forks} came from the command line ({@code --forks}); a suite that
 *     picks its own fork count for its default run must then use the given one
 */
public record RunSettings(
    int forks, int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds,
    boolean quick, long seed, Path outDir, java.util.Map<String, String[]> paramOverrides,
    boolean forksGiven) {

  public RunSettings {
    if (forks < 0 || warmupIterations < 0 || measurementIterations < 1 || warmupSeconds < 1 || measurementSeconds < 1) {
      throw new IllegalArgumentException("forks >= 0, warm-up iterations >= 0, measurement iterations >= 1 and times >= 1 s required");
    }
    paramOverrides = paramOverrides == null ? java.util.Map.of() : java.util.Map.copyOf(paramOverrides);
  }

  /** Smoke-check settings: one fork, one 1 s warm-up, two 1 s measurements. */
  public static RunSettings quick(long seed, Path outDir) {
    return new RunSettings(1, 1, 1, 2, 1, true, seed, outDir, null, false);
  }

  /** The documented full run: two forks, 3 × 2 s warm-up, 5 × 2 s measurement. */
  public static RunSettings full(long seed, Path outDir) {
    return new RunSettings(2, 3, 2, 5, 2, false, seed, outDir, null, false);
  }

  /** The fork count a suite chose (keeps {@link #forksGiven}). */
  public RunSettings withForks(int f) {
    return new RunSettings(f, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, quick, seed, outDir, paramOverrides,
        forksGiven);
  }

  /** The fork count given on the command line. */
  public RunSettings withGivenForks(int f) {
    return new RunSettings(f, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, quick, seed, outDir, paramOverrides,
        true);
  }

  public RunSettings withParams(java.util.Map<String, String[]> p) {
    return new RunSettings(forks, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, quick, seed, outDir, p, forksGiven);
  }

  /** Iterations and times (e.g. a suite whose many parameter combinations need shorter iterations). */
  public RunSettings withIterations(int wi, int ws, int mi, int ms) {
    return new RunSettings(forks, wi, ws, mi, ms, quick, seed, outDir, paramOverrides, forksGiven);
  }

  /** The values of a parameter: the command line's when given, else {@code defaults}. */
  public java.util.List<String> values(String param, String... defaults) {
    String[] v = paramOverrides.get(param);
    return java.util.List.of(v != null ? v : defaults);
  }
}
