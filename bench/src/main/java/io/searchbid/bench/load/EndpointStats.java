package io.searchbid.bench.load;

/**
 * Latency and errors of one endpoint over the measured window; latencies in milliseconds, measured
 * from the intended send time (so queueing behind a slow server counts).
 *
 * @param errors non-2xx/3xx answers, connection failures and requests not answered before the
 *     timeout or the end of the drain
 */
public record EndpointStats(String endpoint, long requests, long errors, double throughputPerSecond,
    double p50Millis, double p90Millis, double p99Millis, double p999Millis, double maxMillis, double meanMillis) {

  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
