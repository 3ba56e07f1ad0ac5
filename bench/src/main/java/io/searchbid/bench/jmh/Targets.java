package io.searchbid.bench.jmh;

import io.searchbid.bench.report.Figure;
import java.util.Map;
import java.util.function.Function;

/** Common target shapes. */
public final class Targets {
  private Targets() {}

  /** Throughput at least {@code minOpsPerSecond} for figure {@code name} whose params include {@code params}. */
  public static JmhSuite.Target minThroughput(String name, Map<String, String> params, double minOpsPerSecond, String words) {
    return of(name, params, words, f -> JmhSuite.opsPerSecond(f) >= minOpsPerSecond);
  }

  /** Ratio to the baseline at least {@code minRatio}. */
  public static JmhSuite.Target minRatio(String name, Map<String, String> params, double minRatio, String words) {
    return of(name, params, words, f -> f.ratio() == null ? null : f.ratio() >= minRatio);
  }

  /** Both a minimum throughput and a minimum ratio to the baseline. */
  public static JmhSuite.Target minThroughputAndRatio(String name, Map<String, String> params, double minOps, double minRatio, String words) {
    return of(name, params, words, f -> JmhSuite.opsPerSecond(f) >= minOps && f.ratio() != null && f.ratio() >= minRatio);
  }

  /** Allocation per operation at most {@code maxBytes} (needs the GC profiler). */
  public static JmhSuite.Target maxBytesPerOp(String name, Map<String, String> params, double maxBytes, String words) {
    return of(name, params, words, f -> {
      Double b = f.extras().get("bytesPerOp");
      return b == null ? null : b <= maxBytes;
    });
  }

  /** A target described by {@code words} on the figures it {@link #applies} to, judged by {@code met} (null = cannot tell). */
  private static JmhSuite.Target of(String name, Map<String, String> params, String words, Function<Figure, Boolean> met) {
    return new JmhSuite.Target() {
      @Override
      public String describe(Figure f) {
        return applies(f, name, params) ? words : null;
      }

      @Override
      public Boolean met(Figure f) {
        return met.apply(f);
      }
    };
  }

  /** Whether the figure has this name and all these params. */
  public static boolean applies(Figure f, String name, Map<String, String> params) {
    if (!f.name().equals(name)) {
      return false;
    }
    for (var e : params.entrySet()) {
      if (!e.getValue().equals(f.params().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
