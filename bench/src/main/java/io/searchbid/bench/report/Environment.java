package io.searchbid.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where and when figures were measured: without this a figure cannot be compared with anything.
 *
 * @param loadAverageAtStart the 1-minute system load average when the run started (-1 if unknown);
 *     above the core count the machine was saturated by something else and figures are low
 */
public record Environment(
    String measuredAt,
    String jdk,
    String jvm,
    int cores,
    long physicalMemoryBytes,
    long maxHeapBytes,
    String os,
    String gitCommit,
    long seed,
    boolean quick,
    double loadAverageAtStart,
    Map<String, Object> dataSizes,
    String command) {

  public Environment {
    dataSizes = dataSizes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataSizes));
  }

  public static Environment capture(long seed, boolean quick, Map<String, Object> dataSizes, String command) {
    long physical = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      physical = os.getTotalMemorySize();
    }
    return new Environment(
        Instant.now().toString(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(),
        physical,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        currentGitCommit(),
        seed,
        quick,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        dataSizes,
        command);
  }

  public Environment withDataSizes(Map<String, Object> sizes) {
    Map<String, Object> m = new LinkedHashMap<>(dataSizes);
    m.putAll(sizes);
    return new Environment(measuredAt, jdk, jvm, cores, physicalMemoryBytes, maxHeapBytes, os, gitCommit, seed, quick, loadAverageAtStart, m, command);
  }

  /** The commit of the source tree ({@code searchbid.home}, else the working directory), or "unknown". */
  static String currentGitCommit() {
    String home = System.getProperty("searchbid.home", ".");
    try {
      Process p = new ProcessBuilder("git", "-C", home, "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unknown";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0 || out.isEmpty()) {
        return "unknown";
      }
      Process d = new ProcessBuilder("git", "-C", home, "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
      boolean dirty = d.waitFor(5, TimeUnit.SECONDS) && !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
      return dirty ? out + "-dirty" : out;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Bytes used by the files under {@code dir} (the on-disk size of an index). */
  public static long sizeOnDisk(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
