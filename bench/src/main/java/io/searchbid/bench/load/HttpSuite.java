package io.searchbid.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * {@code bench http}: open-loop load at a fixed rate and a step search for the highest rate meeting a
 * p99 bound, on the service's {@code /v1/search} and, in the same run, on a bare Pekko HTTP route
 * returning a constant (the baseline); then click charging on {@code /v1/click/{token}} with tokens
 * taken from real search answers. The service ({@code ./searchbid serve --demo}) and the bare route
 * each run in their own JVM, so the driver's CPU, the server's CPU and their latencies are separate.
 */
public final class HttpSuite implements Suite {

  /**
   * @param urls base URLs of a running service on loopback (several: the nodes of one cluster, loaded
   *     together), or empty to start {@code serve --demo} in a child JVM
   */
  public record Config(double rate, double clickRate, int durationSeconds, int warmupSeconds, double p99BoundMillis, double maxRate,
      boolean step, int maxInFlight, Path traffic, List<URI> urls) {}

  static final String SERVE_MAIN = "io.searchbid.engine.cli.ServeCli";

  private final Config cfg;
  private final ObjectMapper json = new ObjectMapper();

  public HttpSuite(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public String name() {
    return "http";
  }

  /**
   * A server the driver loads, with its CPU: from the process when it is our child, otherwise from
   * each node's {@code process_cpu_seconds_total} on {@code /metrics}; {@code baseUrls} are all its
   * nodes (the first one also collects click tokens).
   */
  record Target(String label, List<String> baseUrls, ServerProcess process) {
    Target(String label, String baseUrl, ServerProcess process) {
      this(label, List.of(baseUrl), process);
    }

    String baseUrl() {
      return baseUrls.get(0);
    }

    List<URI> uris() {
      return baseUrls.stream().map(URI::create).toList();
    }

    /** CPU nanoseconds used so far by each node; -1 for a node whose CPU is not known. */
    long[] cpu() {
      if (process != null) {
        return new long[] {process.cpuNanos()};
      }
      long[] out = new long[baseUrls.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = NodeCpu.read(baseUrls.get(i));
      }
      return out;
    }
  }

  /** A run plus the server's CPU during it, in cores (CPU seconds per wall second), per node; -1 = not known. */
  record Measured(LoadResult result, double[] nodeCpuCores) {
    Measured(LoadResult result, double serverCpuCores) {
      this(result, new double[] {serverCpuCores});
    }

    /** All nodes together; -1 when any node's CPU is not known. */
    double serverCpuCores() {
      double sum = 0;
      for (double c : nodeCpuCores) {
        if (c < 0) {
          return -1;
        }
        sum += c;
      }
      return sum;
    }
  }

  static double[] cpuCores(long[] before, long[] after, long wallNanos) {
    double[] out = new double[before.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = before[i] < 0 || after[i] < 0 ? -1 : (after[i] - before[i]) / (double) wallNanos;
    }
    return out;
  }

  static Measured measure(OpenLoopDriver driver, LoadSpec spec, Target t) throws InterruptedException {
    for (String base : t.baseUrls()) {
      settle(base);
    }
    long[] c0 = t.cpu();
    long w0 = System.nanoTime();
    LoadResult r = driver.run(spec);
    long wall = System.nanoTime() - w0;
    return new Measured(r, cpuCores(c0, t.cpu(), wall));
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) throws Exception {
    QueryTraffic traffic = cfg.traffic() == null ? QueryTraffic.wands() : QueryTraffic.fromFile(cfg.traffic());
    int demoProducts = Integer.parseInt(s.values("demoProducts", s.quick() ? "10000" : "100000").get(0));
    int demoCampaigns = Integer.parseInt(s.values("demoCampaigns", s.quick() ? "100" : "1000").get(0));
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("queries", traffic.size() + (cfg.traffic() == null ? " (WANDS, Zipf 1)" : " from " + cfg.traffic()));
    sizes.put("rate", cfg.rate());
    sizes.put("measuredSecondsPerRun", cfg.durationSeconds());
    sizes.put("warmupSecondsPerRun", cfg.warmupSeconds());
    sizes.put("bareRouteBodyBytes", 1024);
    Files.createDirectories(s.outDir());

    try (OpenLoopDriver driver = new OpenLoopDriver();
        ServerProcess bareProc = ServerProcess.start(BareRoute.class.getName(), List.of("1024"), s.outDir().resolve("http-bare.log"),
            Duration.ofMinutes(2))) {
      Target bare = new Target("bare", bareProc.baseUrl(), bareProc);
      LoadSpec bareSpec = spec(bare.uris(), List.of(searchEndpoint(traffic)), s.seed(), cfg.rate());
      warmUp(driver, bareSpec, s.quick() ? 5 : 20, console);
      console.printf(Locale.ROOT, "bench http: baseline (bare Pekko route, own JVM, %s) at %.0f req/s for %d s ...%n", bare.baseUrl(),
          cfg.rate(), cfg.durationSeconds());
      Measured bareFixed = measure(driver, bareSpec, bare);
      console.println("  " + line(bareFixed));
      figures.addAll(fixedRateFigures("bare", bareFixed, null));
      StepSearch.Outcome bareStep = cfg.step() ? stepSearch(driver, bareSpec, bare, s.quick(), console) : null;
      if (bareStep != null) {
        figures.add(Figure.of("http", "bare.maxRateWithinP99", Map.of("p99BoundMs", fmt(cfg.p99BoundMillis())),
            bareStep.highestPassingRate(), "req/s", true).withNote(stepNote(bareStep)));
      }

      ServerProcess svcProc = null;
      Path serviceData = null;
      Target svc;
      if (!cfg.urls().isEmpty()) {
        svc = new Target("service", cfg.urls().stream().map(u -> u.toString().replaceAll("/+$", "")).toList(), null);
        notes.add("service: external process(es) at " + svc.baseUrls() + " (their data are not known to this run; their CPU is read "
            + "from process_cpu_seconds_total on each node's /metrics before and after each run)"
            + (svc.baseUrls().size() > 1 ? "; connections spread round-robin over the nodes, each request on the first free one" : ""));
        sizes.put("nodes", svc.baseUrls().size());
      } else if (onClasspath(SERVE_MAIN)) {
        Path data = Files.createTempDirectory(s.outDir().toAbsolutePath(), "http-service-data-");
        serviceData = data;
        console.printf(Locale.ROOT, "bench http: starting serve --demo (%,d products, %,d campaigns x 20 keywords) in its own JVM ...%n",
            demoProducts, demoCampaigns);
        svcProc = ServerProcess.start(SERVE_MAIN, List.of("--demo", "--demo-products", Integer.toString(demoProducts),
            "--demo-campaigns", Integer.toString(demoCampaigns), "--port", "0", "--host", "127.0.0.1", "--data-dir", data.toString(),
            "--seed", Long.toString(s.seed())), s.outDir().resolve("http-service.log"), Duration.ofMinutes(10));
        svcProc.awaitOk("/health/ready", Duration.ofMinutes(5));
        svc = new Target("service", svcProc.baseUrl(), svcProc);
        sizes.put("demoProducts", demoProducts);
        sizes.put("demoCampaigns", demoCampaigns);
        sizes.put("demoKeywords", demoCampaigns * 20);
      } else {
        svc = null;
        notes.add("service not measured: no --url and no " + SERVE_MAIN + " in this build; the figures are the bare-route baseline only");
      }
      try {
        if (svc != null) {
          LoadSpec svcSpec = spec(svc.uris(), List.of(searchEndpoint(traffic)), s.seed(), cfg.rate());
          warmUp(driver, svcSpec, s.quick() ? 5 : 20, console);
          console.printf(Locale.ROOT, "bench http: service search at %.0f req/s for %d s ...%n", cfg.rate(), cfg.durationSeconds());
          Measured svcFixed = measure(driver, svcSpec, svc);
          console.println("  " + line(svcFixed));
          figures.addAll(fixedRateFigures("search", svcFixed, bareFixed));
          if (cfg.step()) {
            StepSearch.Outcome st = stepSearch(driver, svcSpec, svc, s.quick(), console);
            Figure f = Figure.of("http", "search.maxRateWithinP99", Map.of("p99BoundMs", fmt(cfg.p99BoundMillis())),
                st.highestPassingRate(), "req/s", true);
            if (bareStep != null) {
              f = f.withBaseline("bare.maxRateWithinP99", bareStep.highestPassingRate());
            }
            if (cfg.p99BoundMillis() == 50) {
              f = f.withTarget("reported: highest rate with p99 <= 50 ms (issue 5)", null);
            }
            figures.add(f.withNote(stepNote(st)));
          }
          figures.addAll(clicks(driver, svc, traffic, s, console, bareFixed, notes));
        }
      } finally {
        if (svcProc != null) {
          svcProc.close();
        }
        if (serviceData != null) {
          deleteRecursively(serviceData); // the demo journal and indexes of this run only
        }
      }
    }
    notes.add("open loop: latency from the intended send time into HdrHistogram; " + cfg.maxInFlight()
        + " keep-alive connections at most; driver CPU and server CPU (cores = CPU seconds per wall second) are in each run's extras");
    notes.add("step search: rates 1000, 2000, 4000, ... until p99 exceeds the bound, errors exceed 1% or the driver cannot keep the "
        + "schedule, then bisection; each step " + (s.quick() ? 2 : 5) + " s measured after 1 s warm-up");
    return new Outcome(figures, notes, sizes);
  }

  /**
   * Waits (at most 30 s) until the server answers a liveness probe within 20 ms, so a run does not
   * start while the server still works off the backlog of an overloaded previous run.
   */
  static void settle(String base) throws InterruptedException {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int fast = 0;
    while (System.nanoTime() < deadline && fast < 3) {
      long t0 = System.nanoTime();
      try {
        c.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        fast = System.nanoTime() - t0 < 20_000_000L ? fast + 1 : 0;
      } catch (java.io.IOException e) {
        fast = 0;
      }
      Thread.sleep(fast == 0 ? 500 : 50);
    }
  }

  /** An untimed warm-up of the server's code paths (JIT) before its first measured run. */
  static void warmUp(OpenLoopDriver driver, LoadSpec spec, int seconds, PrintStream console) throws InterruptedException {
    console.printf(Locale.ROOT, "bench http: warming the server up for %d s at %.0f req/s (not recorded) ...%n", seconds, spec.ratePerSecond() / 4);
    driver.run(new LoadSpec(spec.targets(), spec.ratePerSecond() / 4, Duration.ZERO, Duration.ofSeconds(seconds), spec.maxInFlight(),
        spec.requestTimeout(), spec.mix(), spec.seed() + 1));
  }

  static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var w = Files.walk(dir)) {
      for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static boolean onClasspath(String cls) {
    try {
      Class.forName(cls, false, HttpSuite.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Click charging: unique click tokens from real searches, clicked open-loop at the fixed rate. */
  private List<Figure> clicks(OpenLoopDriver driver, Target svc, QueryTraffic traffic, RunSettings s, PrintStream console,
      Measured bareFixed, List<String> notes) throws Exception {
    double clickRate = cfg.clickRate();
    int needed = (int) Math.ceil(clickRate * (cfg.warmupSeconds() + cfg.durationSeconds()) * 1.05);
    // an untimed warm-up first, like the search's (JIT: the click path runs code a search never
    // touches: entities, journal, H2), on tokens of its own so that every measured click is a first use
    int warmSeconds = s.quick() ? 5 : 20;
    int warmNeeded = (int) Math.ceil(clickRate / 4 * warmSeconds);
    console.printf(Locale.ROOT, "bench http: collecting %,d click tokens from searches (%,d for the warm-up) ...%n", needed + warmNeeded,
        warmNeeded);
    List<String> all = collectClickPaths(svc.baseUrl(), traffic, needed + warmNeeded, s.seed(), Duration.ofSeconds(s.quick() ? 60 : 180));
    if (all.size() < 2) {
      notes.add("clicks not measured: no search answer carried an ad (no click URL)");
      return List.of();
    }
    int warmCount = Math.min(warmNeeded, all.size() / 2);
    List<String> warmPaths = all.subList(0, warmCount);
    List<String> paths = all.subList(warmCount, all.size());
    if (paths.size() < needed) {
      notes.add(String.format(Locale.ROOT, "clicks: only %,d unique tokens collected for %,d clicks; the rest repeat tokens (deduplicated, "
          + "not charged again)", paths.size(), needed));
    }
    int[] warmNext = {0};
    Endpoint warmClick = new Endpoint("click", 1,
        rnd -> Request.get(warmPaths.get(warmNext[0]++ % warmPaths.size()), "Accept: application/json"));
    warmUp(driver, spec(svc.uris(), List.of(warmClick), s.seed(), clickRate), warmSeconds, console);
    int[] next = {0};
    Endpoint click = new Endpoint("click", 1, rnd -> Request.get(paths.get(next[0]++ % paths.size()), "Accept: application/json"));
    LoadSpec spec = spec(svc.uris(), List.of(click), s.seed(), clickRate);
    console.printf(Locale.ROOT, "bench http: clicks at %.0f req/s for %d s ...%n", clickRate, cfg.durationSeconds());
    Measured m = measure(driver, spec, svc);
    console.println("  " + line(m));
    List<Figure> out = new ArrayList<>();
    EndpointStats a = m.result().all();
    // Sustained rate, a lower bound: answers of the measured window over the window plus the worst
    // latency (an overloaded server answers late, during the drain; the schedule's rate is not its rate).
    double charged = (a.requests() - a.errors()) / (cfg.durationSeconds() + (Double.isNaN(a.maxMillis()) ? 0 : a.maxMillis() / 1000));
    Map<String, String> p = Map.of("rate", fmt(clickRate));
    out.add(Figure.of("http", "click.chargedPerSecond", p, charged, "clicks/s", true)
        .withTarget(">= 2,000 charged clicks/s with p99 <= 50 ms (issue 5)", clickRate >= 2000 ? charged >= 1990 && a.p99Millis() <= 50 : null)
        .withExtra("p99Ms", a.p99Millis())
        .withNote(clickRate < 2000 ? "run at " + fmt(clickRate) + "/s: the target needs --click-rate 2000 (or --rate 2000)" : "answered clicks / (measured window + max latency): a lower bound of the sustained rate"));
    for (Figure f : fixedRateFigures("click", m, bareFixed)) {
      out.add(f);
    }
    notes.add("clicks: each token clicked once (charged), Accept: application/json; every charge is persisted to the journal ("
        + (cfg.urls().isEmpty() ? "H2" : "the service's") + ") before the answer (issue 5)");
    return out;
  }

  /** Closed-loop searches (8 in flight) until {@code n} distinct click URL paths are found or the time is up. */
  List<String> collectClickPaths(String base, QueryTraffic traffic, int n, long seed, Duration limit) throws Exception {
    HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    LinkedHashSet<String> paths = new LinkedHashSet<>();
    SplittableRandom r = new SplittableRandom(seed ^ 0xc11c);
    Semaphore inFlight = new Semaphore(8);
    long deadline = System.nanoTime() + limit.toNanos();
    while (paths.size() < n && System.nanoTime() < deadline) {
      inFlight.acquire();
      String q = traffic.next(r);
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
          .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build();
      CompletableFuture<HttpResponse<String>> f = c.sendAsync(req, HttpResponse.BodyHandlers.ofString());
      f.whenComplete((resp, err) -> {
        try {
          if (err == null && resp.statusCode() == 200) {
            JsonNode ads = json.readTree(resp.body()).path("ads");
            synchronized (paths) {
              for (JsonNode ad : ads) {
                String url = ad.path("clickUrl").asText("");
                if (!url.isEmpty()) {
                  URI u = URI.create(url);
                  paths.add(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
                }
              }
            }
          }
        } catch (Exception e) {
          // a malformed answer yields no tokens
        } finally {
          inFlight.release();
        }
      });
    }
    inFlight.acquire(8);
    synchronized (paths) {
      return new ArrayList<>(paths);
    }
  }

  private LoadSpec spec(List<URI> targets, List<Endpoint> mix, long seed, double rate) {
    return new LoadSpec(targets, rate, Duration.ofSeconds(cfg.warmupSeconds()), Duration.ofSeconds(cfg.durationSeconds()),
        cfg.maxInFlight(), Duration.ofSeconds(10), mix, seed);
  }

  private StepSearch.Outcome stepSearch(OpenLoopDriver driver, LoadSpec base, Target t, boolean quick, PrintStream console)
      throws InterruptedException {
    LoadSpec stepSpec = new LoadSpec(base.targets(), base.ratePerSecond(), Duration.ofSeconds(1), Duration.ofSeconds(quick ? 2 : 5),
        base.maxInFlight(), Duration.ofSeconds(5), base.mix(), base.seed());
    console.printf(Locale.ROOT, "bench http: step search on %s for p99 <= %.0f ms ...%n", t.label(), cfg.p99BoundMillis());
    return StepSearch.find(driver, stepSpec, 1000, 2, cfg.maxRate(), cfg.p99BoundMillis(), quick ? 1 : 3, quick ? 6 : 12,
        st -> console.println("  " + (st.passed() ? "pass " : "FAIL ") + line(new Measured(st.result(), -1)) + " (" + st.why() + ")"),
        () -> settle(t.baseUrl()));
  }

  static String stepNote(StepSearch.Outcome o) {
    StringBuilder sb = new StringBuilder("steps:");
    for (StepSearch.Step st : o.steps()) {
      sb.append(String.format(Locale.ROOT, " %.0f/s %s p99=%.2fms driverCpu=%.2f;", st.result().targetRatePerSecond(),
          st.passed() ? "ok" : "fail", st.result().all().p99Millis(), st.result().driverCpuCores()));
    }
    return sb.toString();
  }

  static List<Figure> fixedRateFigures(String label, Measured m, Measured baseline) {
    LoadResult r = m.result();
    List<Figure> out = new ArrayList<>();
    Map<String, String> p = Map.of("rate", fmt(r.targetRatePerSecond()));
    EndpointStats a = r.all();
    double[] vals = {a.p50Millis(), a.p90Millis(), a.p99Millis(), a.p999Millis(), a.maxMillis()};
    String[] names = {"p50", "p90", "p99", "p99.9", "max"};
    for (int i = 0; i < vals.length; i++) {
      Figure f = Figure.of("http", label + ".latency." + names[i], p, vals[i], "ms", false);
      if (baseline != null) {
        EndpointStats b = baseline.result().all();
        double[] bv = {b.p50Millis(), b.p90Millis(), b.p99Millis(), b.p999Millis(), b.maxMillis()};
        f = f.withBaseline("bare.latency." + names[i], bv[i]);
        if (names[i].equals("p99") && r.targetRatePerSecond() == 2000 && label.equals("search")) {
          f = f.withTarget("p99 <= 20 ms at 2,000 req/s (issue 5)", vals[i] <= 20);
        }
      }
      out.add(f);
    }
    Figure e = Figure.of("http", label + ".errors", p, a.errors(), "requests", false)
        .withExtra("requests", a.requests())
        .withExtra("sentPerSecond", r.sentPerSecond())
        .withExtra("driverCpuCores", r.driverCpuCores())
        .withExtra("serverCpuCores", m.serverCpuCores())
        .withExtra("cpuMsPerRequest", m.serverCpuCores() < 0 || r.sentPerSecond() <= 0 ? -1 : m.serverCpuCores() * 1000 / r.sentPerSecond())
        .withExtra("maxScheduleLagMs", r.maxScheduleLagMillis());
    if (m.nodeCpuCores().length > 1) {
      for (int i = 0; i < m.nodeCpuCores().length; i++) {
        e = e.withExtra("node" + (i + 1) + "CpuCores", m.nodeCpuCores()[i]);
      }
    }
    if (!r.errorKinds().isEmpty()) {
      e = e.withNote("error kinds (warm-up included): " + r.errorKinds());
    }
    out.add(e);
    return out;
  }

  static Endpoint searchEndpoint(QueryTraffic traffic) {
    return new Endpoint("search", 1,
        rnd -> Request.get("/v1/search?q=" + URLEncoder.encode(traffic.next(rnd), StandardCharsets.UTF_8), "Accept: application/json"));
  }

  static String line(Measured m) {
    LoadResult r = m.result();
    EndpointStats a = r.all();
    return String.format(Locale.ROOT,
        "%.0f req/s target, %.0f sent/s: p50 %.2f ms, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f; errors %d/%d; driver CPU %.2f cores%s",
        r.targetRatePerSecond(), r.sentPerSecond(), a.p50Millis(), a.p90Millis(), a.p99Millis(), a.p999Millis(), a.maxMillis(),
        a.errors(), a.requests(), r.driverCpuCores(), serverCpu(m))
        + (r.errorKinds().isEmpty() ? "" : " " + r.errorKinds());
  }

  /** ", server C cores" and, for several nodes, " (c1 / c2 / ...)"; empty when not known. */
  private static String serverCpu(Measured m) {
    if (m.serverCpuCores() < 0) {
      return "";
    }
    String perNode = m.nodeCpuCores().length < 2 ? "" : java.util.Arrays.stream(m.nodeCpuCores())
        .mapToObj(c -> String.format(Locale.ROOT, "%.2f", c)).collect(java.util.stream.Collectors.joining(" / ", " (", ")"));
    return String.format(Locale.ROOT, ", server %.2f%s", m.serverCpuCores(), perNode);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
