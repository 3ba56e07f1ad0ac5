package io.searchbid.bench.jmh;

import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.SampleTimeResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a set of JMH benchmarks programmatically and turns their results into {@link Figure}s
 * paired with their same-run baselines.
 *
 * <p>Forked JVMs get this JVM's classpath ({@code java.class.path}, which the launcher's
 * {@code lib/*} wildcard has already expanded) and its JVM flags (the JDK 24+ flags the launcher
 * adds), so a suite runs the same from {@code ./searchbid bench}, from {@code benchmarks.jar} and
 * from a test.
 */
public final class JmhSuite {

  /** A benchmark whose figure is paired with a baseline benchmark of the same run. */
  public record Pairing(String method, String baselineMethod, Map<String, String> baselineParamOverrides) {
    public static Pairing of(String method, String baselineMethod) {
      return new Pairing(method, baselineMethod, Map.of());
    }
  }

  /** A target from an issue: judged on figures whose name and params match. */
  public interface Target {
    /** The words printed next to the figure, or null when this target does not apply to it. */
    String describe(Figure f);

    /** Whether {@code f} meets the target (only called when {@link #describe} is non-null). */
    Boolean met(Figure f);
  }

  private final String suite;
  private final List<String> includes = new ArrayList<>();
  private final List<String> excludes = new ArrayList<>();
  private final Map<String, String[]> params = new LinkedHashMap<>();
  private final List<Pairing> pairings = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private boolean gcProfiler;
  private final Map<String, String> systemProperties = new LinkedHashMap<>();

  public JmhSuite(String suite) {
    this.suite = suite;
  }

  /** Regex of benchmarks to run, matched against {@code package.Class.method}. */
  public JmhSuite include(String regex) {
    includes.add(regex);
    return this;
  }

  /** Regex of benchmarks to leave out. */
  public JmhSuite exclude(String regex) {
    excludes.add(regex);
    return this;
  }

  /** Overrides a {@code @Param} (e.g. quick runs use the smallest catalog). */
  public JmhSuite param(String name, String... values) {
    params.put(name, values);
    return this;
  }

  public JmhSuite pair(Pairing p) {
    pairings.add(p);
    return this;
  }

  public JmhSuite target(Target t) {
    targets.add(t);
    return this;
  }

  /** A system property for the benchmark JVMs (forks and, with forks=0, this JVM). */
  public JmhSuite systemProperty(String key, String value) {
    systemProperties.put(key, value);
    return this;
  }

  /** Adds JMH's GC profiler so each figure carries bytes allocated per operation. */
  public JmhSuite withGcProfiler() {
    gcProfiler = true;
    return this;
  }

  /** Runs the benchmarks; JMH's own log goes to {@code <outDir>/<suite>-jmh.log}, one line per benchmark to {@code console}. */
  public List<Figure> run(RunSettings s, PrintStream console) throws RunnerException, java.io.IOException {
    Files.createDirectories(s.outDir());
    Path log = s.outDir().resolve(suite + "-jmh.log");
    ChainedOptionsBuilder b = new OptionsBuilder()
        .forks(s.forks())
        .warmupIterations(s.warmupIterations())
        .warmupTime(TimeValue.seconds(s.warmupSeconds()))
        .measurementIterations(s.measurementIterations())
        .measurementTime(TimeValue.seconds(s.measurementSeconds()))
        .threads(1)
        .shouldFailOnError(true)
        .timeout(TimeValue.minutes(10))
        .jvmArgs(jvmArgs().toArray(String[]::new))
        .param("seed", Long.toString(s.seed()))
        .verbosity(VerboseMode.NORMAL);
    for (String inc : includes) {
      b.include(inc);
    }
    for (String exc : excludes) {
      b.exclude(exc);
    }
    // OptionsBuilder.param appends values: merge first so a command-line override replaces the suite's choice.
    Map<String, String[]> merged = new LinkedHashMap<>(params);
    merged.putAll(s.paramOverrides());
    merged.forEach(b::param);
    if (gcProfiler) {
      b.addProfiler(GCProfiler.class);
    }
    Collection<RunResult> results;
    try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, java.nio.charset.StandardCharsets.UTF_8)) {
      var format = new ProgressOutputFormat(OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), console);
      console.println("bench " + suite + ": running JMH (forks=" + s.forks() + ", warm-up " + s.warmupIterations() + "×" + s.warmupSeconds()
          + " s, measurement " + s.measurementIterations() + "×" + s.measurementSeconds() + " s); JMH log: " + log);
      results = new Runner(b.build(), format).run();
    }
    if (results.isEmpty()) {
      throw new IllegalStateException("JMH ran no benchmark for " + includes + ": is META-INF/BenchmarkList on the classpath?");
    }
    return toFigures(results);
  }

  private List<String> jvmArgs() {
    List<String> a = new ArrayList<>(forkJvmArgs());
    systemProperties.forEach((k, v) -> {
      a.add("-D" + k + "=" + v);
      System.setProperty(k, v);
    });
    return a;
  }

  /** The flags a forked JVM needs: the ones this JVM was started with, minus debugger agents. */
  public static List<String> forkJvmArgs() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp")) {
        continue;
      }
      out.add(a);
    }
    return out;
  }

  List<Figure> toFigures(Collection<RunResult> results) {
    List<Figure> raw = new ArrayList<>();
    for (RunResult r : results) {
      raw.add(toFigure(r));
    }
    Map<String, Figure> byKey = new LinkedHashMap<>();
    for (Figure f : raw) {
      byKey.put(f.key(), f);
    }
    List<Figure> out = new ArrayList<>();
    for (Figure f : raw) {
      Figure g = f;
      for (Pairing p : pairings) {
        if (!p.method().equals(f.name())) {
          continue;
        }
        Map<String, String> bp = new LinkedHashMap<>(f.params());
        bp.putAll(p.baselineParamOverrides());
        String baseKey = p.baselineMethod() + bp;
        Figure base = byKey.get(baseKey);
        if (base == null) {
          // The baseline may not share every parameter (e.g. a baseline without 'profile').
          base = raw.stream().filter(x -> x.name().equals(p.baselineMethod()) && subsetOf(x.params(), bp)).findFirst().orElse(null);
        }
        if (base != null && base != f) {
          g = g.withBaseline(base.name() + paramSuffix(base.params(), f.params()), base.value());
        }
        break;
      }
      for (Target t : targets) {
        String d = t.describe(g);
        if (d != null) {
          g = g.withTarget(d, t.met(g));
          break;
        }
      }
      out.add(g);
    }
    return out;
  }

  private static boolean subsetOf(Map<String, String> small, Map<String, String> big) {
    for (var e : small.entrySet()) {
      if (!e.getValue().equals(big.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Parameters of the baseline that differ from the figure's, e.g. " [profile=bm25]". */
  private static String paramSuffix(Map<String, String> base, Map<String, String> fig) {
    StringBuilder sb = new StringBuilder();
    base.forEach((k, v) -> {
      if (!v.equals(fig.get(k))) {
        sb.append(sb.isEmpty() ? " [" : " ").append(k).append('=').append(v);
      }
    });
    return sb.isEmpty() ? "" : sb.append(']').toString();
  }

  private Figure toFigure(RunResult r) {
    BenchmarkParams bp = r.getParams();
    String fq = bp.getBenchmark();
    int dot = fq.lastIndexOf('.', fq.lastIndexOf('.') - 1);
    String name = fq.substring(dot + 1);
    Map<String, String> ps = new LinkedHashMap<>();
    for (String k : bp.getParamsKeys()) {
      if (!k.equals("seed")) {
        ps.put(k, bp.getParam(k));
      }
    }
    Result<?> primary = r.getPrimaryResult();
    String unit = primary.getScoreUnit();
    boolean higherIsBetter = bp.getMode() == Mode.Throughput;
    Figure f = new Figure(suite, name, ps, primary.getScore(), primary.getScoreError(), unit, higherIsBetter,
        null, null, null, null, null, null, null);
    if (primary instanceof SampleTimeResult st) {
      var stats = st.getStatistics();
      f = f.withExtra("p50", stats.getPercentile(50)).withExtra("p99", stats.getPercentile(99))
          .withExtra("p99.9", stats.getPercentile(99.9)).withExtra("max", stats.getMax());
    }
    for (var e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        f = f.withExtra("bytesPerOp", e.getValue().getScore());
      }
    }
    return f;
  }

  /** Operations per second from a figure in any JMH time unit ({@code ops/s}, {@code ops/ms}, {@code us/op}, ...). */
  public static double opsPerSecond(Figure f) {
    String u = f.unit();
    int slash = u.indexOf('/');
    String num = u.substring(0, slash);
    String den = u.substring(slash + 1);
    if (num.equals("ops")) {
      return f.value() / seconds(den);
    }
    return 1.0 / (f.value() * seconds(num));
  }

  private static double seconds(String unit) {
    return switch (unit) {
      case "s" -> 1;
      case "ms" -> 1e-3;
      case "us" -> 1e-6;
      case "ns" -> 1e-9;
      case "min" -> 60;
      default -> throw new IllegalArgumentException("unknown time unit " + unit);
    };
  }
}
