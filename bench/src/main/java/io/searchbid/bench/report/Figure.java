package io.searchbid.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure, next to the baseline measured in the same run.
 *
 * @param suite suite name ({@code auction}, {@code ranking}, ...)
 * @param name what was measured, e.g. {@code AuctionBench.fullAuction}
 * @param params the benchmark parameters (catalog size, eligible ads, ...), in declaration order
 * @param value the figure
 * @param error the 99.9% confidence half-width JMH reports, or null when there is none
 * @param unit unit of {@code value}, e.g. {@code ops/s}, {@code us}, {@code bytes}
 * @param higherIsBetter whether a larger value is an improvement (throughput) or not (latency)
 * @param baselineName name of the baseline figure, or null when this figure has none
 * @param baselineValue the baseline's value in the same unit, or null
 * @param ratio {@code value / baselineValue}, or null
 * @param extras secondary figures (e.g. {@code gc.alloc.rate.norm} bytes/op, percentiles)
 * @param target the target from the issue this figure checks, in words, or null
 * @param met whether the target is met, or null when there is no target or it cannot be judged
 * @param note free text (e.g. "machine saturated: load 4.1 on 2 cores")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figure(
    String suite,
    String name,
    Map<String, String> params,
    double value,
    Double error,
    String unit,
    boolean higherIsBetter,
    String baselineName,
    Double baselineValue,
    Double ratio,
    Map<String, Double> extras,
    String target,
    Boolean met,
    String note) {

  public Figure {
    if (error != null && (error.isNaN() || error.isInfinite())) {
      error = null;
    }
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    extras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** A figure without baseline or target. */
  public static Figure of(String suite, String name, Map<String, String> params, double value, String unit, boolean higherIsBetter) {
    return new Figure(suite, name, params, value, null, unit, higherIsBetter, null, null, null, null, null, null, null);
  }

  public Figure withBaseline(String baselineName, double baselineValue) {
    Double r = baselineValue == 0 ? null : value / baselineValue;
    return new Figure(suite, name, params, value, error, unit, higherIsBetter, baselineName, baselineValue, r, extras, target, met, note);
  }

  public Figure withTarget(String target, Boolean met) {
    return new Figure(suite, name, params, value, error, unit, higherIsBetter, baselineName, baselineValue, ratio, extras, target, met, note);
  }

  public Figure withExtra(String key, double v) {
    Map<String, Double> e = new LinkedHashMap<>(extras);
    e.put(key, v);
    return new Figure(suite, name, params, value, error, unit, higherIsBetter, baselineName, baselineValue, ratio, e, target, met, note);
  }

  public Figure withError(Double err) {
    return new Figure(suite, name, params, value, err, unit, higherIsBetter, baselineName, baselineValue, ratio, extras, target, met, note);
  }

  public Figure withNote(String n) {
    String joined = note == null ? n : note + "; " + n;
    return new Figure(suite, name, params, value, error, unit, higherIsBetter, baselineName, baselineValue, ratio, extras, target, met, joined);
  }

  /** The key used to look a figure up: name plus parameters. */
  public String key() {
    return name + params;
  }
}
