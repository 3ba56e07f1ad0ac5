package io.searchbid.bench.load;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench http}: open-loop load at a fixed rate and a step search for the highest rate meeting a
 * p99 bound, on the service's {@code /v1/search} and, in the same run, on a bare Pekko HTTP route
 * returning a constant (the baseline).
 */
public final class HttpSuite implements Suite {

  /**
   * @param url base URL of a running service on loopback, or null to start one in this process
   *     (when the build has it) — without either, only the baseline is measured
   */
  public record Config(double rate, int durationSeconds, int warmupSeconds, double p99BoundMillis, double maxRate,
      boolean step, int maxInFlight, Path traffic, URI url, double clickShare) {}

  private final Config cfg;

  public HttpSuite(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) throws Exception {
    QueryTraffic traffic = cfg.traffic() == null ? QueryTraffic.wands() : QueryTraffic.fromFile(cfg.traffic());
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("queries", traffic.size());
    sizes.put("rate", cfg.rate());
    sizes.put("measuredSecondsPerRun", cfg.durationSeconds());
    sizes.put("bareRouteBodyBytes", 1024);

    try (OpenLoopDriver driver = new OpenLoopDriver(); BareRoute bare = BareRoute.start(1024)) {
      String bareBase = bare.baseUrl();
      LoadSpec bareSpec = spec(URI.create(bareBase), List.of(searchEndpoint(traffic)), s.seed(), cfg.durationSeconds(), cfg.warmupSeconds());
      console.printf(Locale.ROOT, "bench http: baseline (bare Pekko route %s) at %.0f req/s for %d s ...%n", bareBase, cfg.rate(), cfg.durationSeconds());
      LoadResult bareFixed = driver.run(bareSpec);
      console.println("  " + line(bareFixed));

      ServiceTarget target = ServiceTarget.open(cfg.url(), s, console);
      if (target == null) {
        notes.add("service not measured: no --url given and this build has no in-process service to start (engine HTTP server); "
            + "the figures below are the bare-route baseline only");
        figures.addAll(fixedRateFigures("bare", bareFixed, null));
      } else {
        try (target) {
          sizes.putAll(target.dataSizes());
          List<Endpoint> mix = new ArrayList<>();
          mix.add(searchEndpoint(traffic));
          LoadSpec svcSpec = spec(URI.create(target.baseUrl()), mix, s.seed(), cfg.durationSeconds(), cfg.warmupSeconds());
          console.printf(Locale.ROOT, "bench http: service %s at %.0f req/s for %d s ...%n", target.baseUrl(), cfg.rate(), cfg.durationSeconds());
          LoadResult svcFixed = driver.run(svcSpec);
          console.println("  " + line(svcFixed));
          figures.addAll(fixedRateFigures("bare", bareFixed, null));
          figures.addAll(fixedRateFigures("search", svcFixed, bareFixed));
          if (cfg.step()) {
            StepSearch.Outcome bareStep = stepSearch(driver, bareSpec, s.quick(), console, "bare");
            StepSearch.Outcome svcStep = stepSearch(driver, svcSpec, s.quick(), console, "search");
            Figure f = Figure.of("http", "search.maxRateWithinP99", Map.of("p99BoundMs", fmt(cfg.p99BoundMillis())),
                    svcStep.highestPassingRate(), "req/s", true)
                .withBaseline("bare.maxRateWithinP99", bareStep.highestPassingRate());
            if (cfg.p99BoundMillis() == 50) {
              f = f.withTarget("reported (issue 5: highest rate with p99 <= 50 ms)", null);
            }
            figures.add(f.withNote(stepNote(svcStep)));
            figures.add(Figure.of("http", "bare.maxRateWithinP99", Map.of("p99BoundMs", fmt(cfg.p99BoundMillis())),
                bareStep.highestPassingRate(), "req/s", true).withNote(stepNote(bareStep)));
          }
          figures.addAll(target.extraFigures(driver, s, console, bareFixed));
          notes.addAll(target.notes());
        }
      }
      if (target == null && cfg.step()) {
        StepSearch.Outcome bareStep = stepSearch(driver, bareSpec, s.quick(), console, "bare");
        figures.add(Figure.of("http", "bare.maxRateWithinP99", Map.of("p99BoundMs", fmt(cfg.p99BoundMillis())),
            bareStep.highestPassingRate(), "req/s", true).withNote(stepNote(bareStep)));
      }
    }
    notes.add("open loop: latency from the intended send time; max in flight " + cfg.maxInFlight()
        + "; driver CPU (cores) is reported per run so the driver can be seen not to be the limit");
    return new Outcome(figures, notes, sizes);
  }

  private LoadSpec spec(URI target, List<Endpoint> mix, long seed, int duration, int warmup) {
    return new LoadSpec(target, cfg.rate(), Duration.ofSeconds(warmup), Duration.ofSeconds(duration), cfg.maxInFlight(),
        Duration.ofSeconds(10), mix, seed);
  }

  private StepSearch.Outcome stepSearch(OpenLoopDriver driver, LoadSpec base, boolean quick, PrintStream console, String label)
      throws InterruptedException {
    LoadSpec stepSpec = new LoadSpec(base.target(), base.ratePerSecond(), Duration.ofSeconds(1), Duration.ofSeconds(quick ? 2 : 5),
        base.maxInFlight(), Duration.ofSeconds(5), base.mix(), base.seed());
    console.printf(Locale.ROOT, "bench http: step search on %s for p99 <= %.0f ms ...%n", label, cfg.p99BoundMillis());
    return StepSearch.find(driver, stepSpec, 1000, 2, cfg.maxRate(), cfg.p99BoundMillis(), quick ? 1 : 3, quick ? 8 : 14,
        st -> console.println("  " + (st.passed() ? "pass " : "FAIL ") + line(st.result()) + " (" + st.why() + ")"));
  }

  static String stepNote(StepSearch.Outcome o) {
    StringBuilder sb = new StringBuilder("steps:");
    for (StepSearch.Step st : o.steps()) {
      sb.append(String.format(Locale.ROOT, " %.0f/s %s p99=%.2fms cpu=%.2f;", st.result().targetRatePerSecond(),
          st.passed() ? "ok" : "fail", st.result().all().p99Millis(), st.result().driverCpuCores()));
    }
    return sb.toString();
  }

  static List<Figure> fixedRateFigures(String label, LoadResult r, LoadResult baseline) {
    List<Figure> out = new ArrayList<>();
    Map<String, String> p = Map.of("rate", fmt(r.targetRatePerSecond()));
    EndpointStats a = r.all();
    double[] vals = {a.p50Millis(), a.p90Millis(), a.p99Millis(), a.p999Millis(), a.maxMillis()};
    String[] names = {"p50", "p90", "p99", "p99.9", "max"};
    for (int i = 0; i < vals.length; i++) {
      Figure f = Figure.of("http", label + ".latency." + names[i], p, vals[i], "ms", false);
      if (baseline != null) {
        EndpointStats b = baseline.all();
        double[] bv = {b.p50Millis(), b.p90Millis(), b.p99Millis(), b.p999Millis(), b.maxMillis()};
        f = f.withBaseline("bare.latency." + names[i], bv[i]);
        if (names[i].equals("p99") && r.targetRatePerSecond() == 2000 && label.equals("search")) {
          f = f.withTarget("p99 <= 20 ms at 2,000 req/s (issue 5)", vals[i] <= 20);
        }
      }
      out.add(f);
    }
    out.add(Figure.of("http", label + ".errors", p, a.errors(), "requests", false)
        .withExtra("requests", a.requests())
        .withExtra("sentPerSecond", r.sentPerSecond())
        .withExtra("driverCpuCores", r.driverCpuCores())
        .withExtra("processCpuCores", r.processCpuCores())
        .withExtra("maxScheduleLagMs", r.maxScheduleLagMillis()));
    return out;
  }

  static Endpoint searchEndpoint(QueryTraffic traffic) {
    return new Endpoint("search", 1,
        rnd -> Request.get("/v1/search?q=" + URLEncoder.encode(traffic.next(rnd), StandardCharsets.UTF_8), "Accept: application/json"));
  }

  static String line(LoadResult r) {
    EndpointStats a = r.all();
    return String.format(Locale.ROOT, "%.0f req/s target, %.0f sent/s: p50 %.2f ms, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f; errors %d/%d; driver CPU %.2f cores, process %.2f",
        r.targetRatePerSecond(), r.sentPerSecond(), a.p50Millis(), a.p90Millis(), a.p99Millis(), a.p999Millis(), a.maxMillis(),
        a.errors(), a.requests(), r.driverCpuCores(), r.processCpuCores()) + (r.errorKinds().isEmpty() ? "" : " " + r.errorKinds());
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
