package io.searchbid.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as a Markdown table (console) and as JSON (file). */
public final class ReportWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static ObjectMapper json() {
    return JSON;
  }

  /** Writes {@code <outDir>/<suite>-<timestamp>.json} and {@code <outDir>/<suite>-latest.json}; returns the first. */
  public static Path writeJson(BenchReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.parse(report.environment().measuredAt()));
    Path file = outDir.resolve(report.suite() + "-" + stamp + ".json");
    JSON.writeValue(file.toFile(), report);
    Files.copy(file, outDir.resolve(report.suite() + "-latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  public static BenchReport readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), BenchReport.class);
  }

  public static String markdown(BenchReport r) {
    Environment e = r.environment();
    StringBuilder sb = new StringBuilder();
    sb.append("## bench ").append(r.suite()).append(e.quick() ? " (quick)" : "").append('\n').append('\n');
    sb.append(String.format(Locale.ROOT,
        "%s · JDK %s · %d cores · %.1f GiB RAM · heap %.1f GiB · %s · commit %s · seed %d · load at start %.2f · %.0f s%n%n",
        e.measuredAt(), e.jdk(), e.cores(), e.physicalMemoryBytes() / (1024.0 * 1024 * 1024),
        e.maxHeapBytes() / (1024.0 * 1024 * 1024), e.os(), e.gitCommit(), e.seed(), e.loadAverageAtStart(), r.durationSeconds()));
    if (!e.dataSizes().isEmpty()) {
      sb.append("data: ").append(e.dataSizes().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
          .collect(Collectors.joining(", "))).append("\n\n");
    }
    sb.append("| figure | params | value | unit | baseline | baseline value | ratio | extras | target | met |\n");
    sb.append("| --- | --- | ---: | --- | --- | ---: | ---: | --- | --- | --- |\n");
    for (Figure f : r.figures()) {
      sb.append("| ").append(f.name())
          .append(" | ").append(params(f.params()))
          .append(" | ").append(num(f.value())).append(f.error() == null ? "" : " ± " + num(f.error()))
          .append(" | ").append(f.unit())
          .append(" | ").append(f.baselineName() == null ? "" : f.baselineName())
          .append(" | ").append(f.baselineValue() == null ? "" : num(f.baselineValue()))
          .append(" | ").append(f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f×", f.ratio()))
          .append(" | ").append(extras(f.extras()))
          .append(" | ").append(f.target() == null ? "" : f.target())
          .append(" | ").append(f.met() == null ? "" : f.met() ? "met" : "NOT met")
          .append(f.note() == null ? "" : " (" + f.note() + ")")
          .append(" |\n");
    }
    for (String n : r.notes()) {
      sb.append("\n- ").append(n);
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String params(Map<String, String> p) {
    return p.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(" "));
  }

  private static String extras(Map<String, Double> p) {
    return p.entrySet().stream().map(x -> x.getKey() + "=" + num(x.getValue())).collect(Collectors.joining(" "));
  }

  /** Three significant digits for large numbers, never scientific notation. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 0.1 || a == 0) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
