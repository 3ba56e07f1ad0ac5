package io.searchbid.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate}, and its
 * latency is measured from that intended time, not from when it actually left. A server that stalls
 * therefore shows its stall in every request scheduled during it (no coordinated omission
 * [Tene, "How NOT to measure latency"]), unlike a closed loop that waits for each answer before
 * sending the next.
 *
 * <p>Latencies go into one HdrHistogram {@link Recorder} per endpoint (microsecond resolution, 3
 * significant digits, up to 10 minutes). Requests beyond {@link LoadSpec#maxInFlight()} outstanding
 * wait in a FIFO queue; the wait counts. The driver measures the CPU of its own threads so a report
 * can show it was not the bottleneck.
 *
 * <p>Not thread-safe: one {@link #run} at a time. Loopback or lab use only: it sends what it is told,
 * as fast as it is told.
 */
public final class OpenLoopDriver implements AutoCloseable {

  private static final String THREAD_PREFIX = "openloop-http-";
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final ExecutorService executor;
  private final HttpClient client;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  public OpenLoopDriver(int clientThreads) {
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(clientThreads, r -> {
      Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(executor)
        .build();
  }

  public OpenLoopDriver() {
    this(2);
  }

  private record Pending(int endpoint, long intendedNanos, HttpRequest request) {}

  /** Per-run mutable state shared by the scheduler and the completion callbacks. */
  private final class Run {
    final LoadSpec spec;
    final Recorder[] recorders;
    final AtomicLong[] errors;
    final AtomicLong[] completed;
    final long measureFromNanos;
    final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    int inFlight; // guarded by backlog
    long maxLagNanos; // scheduler thread only

    Run(LoadSpec spec, long measureFromNanos) {
      this.spec = spec;
      int k = spec.mix().size();
      recorders = new Recorder[k];
      errors = new AtomicLong[k];
      completed = new AtomicLong[k];
      for (int i = 0; i < k; i++) {
        recorders[i] = new Recorder(HIGHEST_MICROS, 3);
        errors[i] = new AtomicLong();
        completed[i] = new AtomicLong();
      }
      this.measureFromNanos = measureFromNanos;
    }

    void submit(Pending p) {
      synchronized (backlog) {
        if (inFlight >= spec.maxInFlight()) {
          backlog.addLast(p);
          return;
        }
        inFlight++;
      }
      send(p);
    }

    void send(Pending p) {
      client.sendAsync(p.request(), HttpResponse.BodyHandlers.discarding())
          .orTimeout(spec.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
          .whenComplete((resp, err) -> done(p, err == null ? resp.statusCode() : -1));
    }

    void done(Pending p, int status) {
      long now = System.nanoTime();
      if (p.intendedNanos() >= measureFromNanos) {
        recorders[p.endpoint()].recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - p.intendedNanos()) / 1000)));
        completed[p.endpoint()].incrementAndGet();
        if (status < 200 || status >= 400) {
          errors[p.endpoint()].incrementAndGet();
        }
      }
      Pending next;
      synchronized (backlog) {
        next = backlog.pollFirst();
        if (next == null) {
          inFlight--;
          backlog.notifyAll();
          return;
        }
      }
      send(next);
    }
  }

  /** Runs one schedule and returns the latencies of the measured window. */
  public LoadResult run(LoadSpec spec) throws InterruptedException {
    int k = spec.mix().size();
    double[] cumulative = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      total += spec.mix().get(i).weight();
      cumulative[i] = total;
    }
    SplittableRandom random = new SplittableRandom(spec.seed());
    double periodNanos = 1e9 / spec.ratePerSecond();
    long warmupNanos = spec.warmup().toNanos();
    long measureNanos = spec.duration().toNanos();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    Run run = new Run(spec, start + warmupNanos);
    long end = start + warmupNanos + measureNanos;

    long cpuBefore = driverCpuNanos();
    long processCpuBefore = processCpuNanos();
    long wallBefore = System.nanoTime();
    long sent = 0;
    long sentMeasured = 0;
    for (long i = 0; ; i++) {
      long intended = start + (long) (i * periodNanos);
      if (intended >= end) {
        break;
      }
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      long lag = System.nanoTime() - intended;
      if (lag > run.maxLagNanos && intended >= run.measureFromNanos) {
        run.maxLagNanos = lag;
      }
      double u = random.nextDouble() * total;
      int e = 0;
      while (e < k - 1 && u >= cumulative[e]) {
        e++;
      }
      HttpRequest req = spec.mix().get(e).requests().next(random);
      run.submit(new Pending(e, intended, req));
      sent++;
      if (intended >= run.measureFromNanos) {
        sentMeasured++;
      }
    }
    // Drain: wait for answers up to the request timeout; whatever is still missing is an error.
    long drainDeadline = System.nanoTime() + spec.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    synchronized (run.backlog) {
      while (run.inFlight > 0 || !run.backlog.isEmpty()) {
        long left = drainDeadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        run.backlog.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    long wall = System.nanoTime() - wallBefore;
    double driverCores = (driverCpuNanos() - cpuBefore) / (double) wall;
    double processCores = processCpuNanos() < 0 ? -1 : (processCpuNanos() - processCpuBefore) / (double) wall;

    Map<String, EndpointStats> per = new LinkedHashMap<>();
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    long allErrors = 0;
    long allCompleted = 0;
    double measuredSeconds = measureNanos / 1e9;
    long missingTotal = 0;
    for (int i = 0; i < k; i++) {
      Histogram h = run.recorders[i].getIntervalHistogram();
      all.add(h);
      long done = run.completed[i].get();
      per.put(spec.mix().get(i).name(), stats(spec.mix().get(i).name(), h, done, run.errors[i].get(), measuredSeconds));
      allErrors += run.errors[i].get();
      allCompleted += done;
    }
    missingTotal = sentMeasured - allCompleted;
    if (missingTotal > 0) {
      // Never answered: count them as errors of the whole run (their endpoint is not tracked once lost).
      allErrors += missingTotal;
    }
    EndpointStats allStats = stats("all", all, allCompleted + Math.max(0, missingTotal), allErrors, measuredSeconds);
    return new LoadResult(spec.ratePerSecond(), sentMeasured / measuredSeconds, allStats, per, driverCores, processCores,
        run.maxLagNanos / 1e6);
  }

  private static EndpointStats stats(String name, Histogram h, long requests, long errors, double seconds) {
    long n = h.getTotalCount();
    return new EndpointStats(name, requests, errors, (requests - errors) / seconds,
        n == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
        n == 0 ? Double.NaN : h.getValueAtPercentile(90) / 1000.0,
        n == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0,
        n == 0 ? Double.NaN : h.getValueAtPercentile(99.9) / 1000.0,
        n == 0 ? Double.NaN : h.getMaxValue() / 1000.0,
        n == 0 ? Double.NaN : h.getMean() / 1000.0);
  }

  /** CPU time of this driver's threads: the scheduler (the caller), the client pool and the client's selector. */
  private long driverCpuNanos() {
    long sum = Math.max(0, threads.getCurrentThreadCpuTime());
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String n = info.getThreadName();
      if (n.startsWith(THREAD_PREFIX) || (n.startsWith("HttpClient-") && n.endsWith("-SelectorManager"))) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }
}
