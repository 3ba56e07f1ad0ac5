package io.searchbid.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The CPU time a running node has used, read from its Prometheus {@code /metrics}
 * ({@code process_cpu_seconds_total}, exported by simpleclient_hotspot): how {@code bench http --url}
 * measures the CPU of nodes it did not start.
 */
final class NodeCpu {

  private static final String METRIC = "process_cpu_seconds_total";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NodeCpu() {}

  /** CPU nanoseconds used by the node at {@code baseUrl} so far, or -1 if it does not say. */
  static long read(String baseUrl) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body()) : -1;
    } catch (java.io.IOException | IllegalArgumentException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code process_cpu_seconds_total} of a Prometheus text exposition in nanoseconds, or -1 when absent or malformed. */
  static long parse(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(METRIC) && line.length() > METRIC.length()
          && (line.charAt(METRIC.length()) == ' ' || line.charAt(METRIC.length()) == '{')) {
        String[] parts = line.trim().split("\\s+"); // name[{labels}] value [timestamp]
        try {
          double seconds = Double.parseDouble(parts.length > 1 ? parts[1] : "");
          return seconds >= 0 && Double.isFinite(seconds) ? Math.round(seconds * 1e9) : -1;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
