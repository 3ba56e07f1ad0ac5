package io.searchbid.bench.report;

import java.util.List;

/**
 * The outcome of one {@code ./searchbid bench SUITE} run: every figure plus the environment.
 *
 * @param notes plain-words remarks: what was skipped and why, machine saturation, ...
 */
public record BenchReport(String suite, Environment environment, double durationSeconds, List<Figure> figures, List<String> notes) {
  public BenchReport {
    figures = List.copyOf(figures);
    notes = List.copyOf(notes);
  }
}
