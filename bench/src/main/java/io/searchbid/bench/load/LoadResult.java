package io.searchbid.bench.load;

import java.util.Map;

/**
 * Outcome of one open-loop run.
 *
 * @param targetRatePerSecond the schedule's rate
 * @param sentPerSecond requests actually sent per second in the measured window (below target: the
 *     driver could not keep the schedule, e.g. starved of CPU)
 * @param all every endpoint together
 * @param perEndpoint by endpoint name
 * @param driverCpuCores CPU time of the driver's own threads (scheduler and HTTP client) divided by
 *     wall time: 1.0 = one core busy. Well below the core count means the driver was not the limit
 * @param processCpuCores CPU of the whole process (driver plus any in-process server) per wall time
 * @param maxScheduleLagMillis the latest any request left after its intended time
 * @param errorKinds error counts by kind (exception class or HTTP status), warm-up included
 */
public record LoadResult(double targetRatePerSecond, double sentPerSecond, EndpointStats all,
    Map<String, EndpointStats> perEndpoint, double driverCpuCores, double processCpuCores, double maxScheduleLagMillis,
    Map<String, Long> errorKinds) {

  public LoadResult {
    perEndpoint = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perEndpoint));
    errorKinds = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(errorKinds));
  }
}
