package io.searchbid.bench;

import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One {@code ./searchbid bench NAME} suite: measures figures with their baselines. */
public interface Suite {

  /** What a suite measured. */
  record Outcome(List<Figure> figures, List<String> notes, Map<String, Object> dataSizes) {
    public Outcome {
      figures = List.copyOf(figures);
      notes = List.copyOf(notes);
      dataSizes = Map.copyOf(dataSizes);
    }
  }

  /** Thrown when a suite needs an API that this build does not have yet; the message says which. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }
  }

  String name();

  Outcome run(RunSettings settings, PrintStream console) throws Exception;
}
