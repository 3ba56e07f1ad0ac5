package io.searchbid.bench.load;

import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The service under load: an external one on loopback (--url) or one started in this process. */
abstract class ServiceTarget implements AutoCloseable {

  abstract String baseUrl();

  Map<String, Object> dataSizes() {
    return Map.of();
  }

  List<String> notes() {
    return List.of();
  }

  /** Figures beyond search latency (e.g. click charging), measured while the target is up. */
  List<Figure> extraFigures(OpenLoopDriver driver, RunSettings s, PrintStream console, LoadResult bareFixed) throws Exception {
    return List.of();
  }

  @Override
  public void close() throws Exception {}

  /** Returns the target, or null when there is none (no URL and no in-process service in this build). */
  static ServiceTarget open(URI url, RunSettings s, PrintStream console) throws Exception {
    if (url != null) {
      String base = url.toString().replaceAll("/+$", "");
      return new ServiceTarget() {
        @Override
        String baseUrl() {
          return base;
        }

        @Override
        List<String> notes() {
          return List.of("service: external process at " + base + " (its data sizes are whatever it was started with)");
        }
      };
    }
    return null;
  }
}
