package io.searchbid.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate}, and its
 * latency is measured from that intended time, not from when it actually left. A server that stalls
 * therefore shows its stall in every request scheduled during it (no coordinated omission, G. Tene,
 * "How NOT to measure latency"), unlike a closed loop that waits for each answer before sending the
 * next.
 *
 * <p>One scheduler thread (the caller of {@link #run}) puts requests on a queue at their due time;
 * {@link LoadSpec#maxInFlight()} connection threads, each with one keep-alive HTTP/1.1 connection,
 * take them in order. A request that waits in the queue because every connection is busy has that
 * wait in its latency. Latencies go into one HdrHistogram {@link Recorder} per endpoint
 * (microseconds, 3 significant digits, up to 10 minutes).
 *
 * <p>The driver measures the CPU time of its own threads so a report shows it was not the
 * bottleneck. One {@link #run} at a time. Meant for loopback and lab use.
 */
public final class OpenLoopDriver implements AutoCloseable {

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private record Pending(int endpoint, long intendedNanos, byte[] request) {}

  private static final Pending STOP = new Pending(-1, 0, null);

  /** Per-run state shared by the scheduler and the connection threads. */
  private static final class Run {
    final Recorder[] recorders;
    final AtomicLong[] errors;
    final AtomicLong[] completed;
    final long measureFromNanos;
    final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    final AtomicLong outstanding = new AtomicLong();
    final AtomicLong connectionCpuNanos = new AtomicLong();
    final ConcurrentHashMap<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    final List<HttpConnection> connections = new ArrayList<>();
    long maxLagNanos;

    Run(int k, long measureFromNanos) {
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

    void record(Pending p, int status, String errorKind) {
      long now = System.nanoTime();
      if (errorKind != null) {
        errorKinds.computeIfAbsent(errorKind, x -> new AtomicLong()).incrementAndGet();
      }
      if (p.intendedNanos() >= measureFromNanos) {
        recorders[p.endpoint()].recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - p.intendedNanos()) / 1000)));
        completed[p.endpoint()].incrementAndGet();
        if (errorKind != null) {
          errors[p.endpoint()].incrementAndGet();
        }
      }
      outstanding.decrementAndGet();
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
    String hostHeader = spec.target().getHost() + ":" + spec.target().getPort();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (java.net.URI t : spec.targets()) {
      addresses.add(new InetSocketAddress(t.getHost(), t.getPort()));
    }
    int timeoutMillis = (int) Math.max(1, spec.requestTimeout().toMillis());
    SplittableRandom random = new SplittableRandom(spec.seed());
    double periodNanos = 1e9 / spec.ratePerSecond();
    long warmupNanos = spec.warmup().toNanos();
    long measureNanos = spec.duration().toNanos();

    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    Run run = new Run(k, start + warmupNanos);
    long end = start + warmupNanos + measureNanos;
    int runId = RUNS.incrementAndGet();
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < spec.maxInFlight(); c++) {
      HttpConnection conn = new HttpConnection(addresses.get(c % addresses.size()), timeoutMillis);
      run.connections.add(conn);
      Thread t = new Thread(() -> connectionLoop(run, conn), "openloop-" + runId + "-conn-" + c);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }

    long schedulerCpuBefore = threads.getCurrentThreadCpuTime();
    long processCpuBefore = processCpuNanos();
    long wallBefore = System.nanoTime();
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
      if (intended >= run.measureFromNanos) {
        run.maxLagNanos = Math.max(run.maxLagNanos, lag);
        sentMeasured++;
      }
      double u = random.nextDouble() * total;
      int e = 0;
      while (e < k - 1 && u >= cumulative[e]) {
        e++;
      }
      byte[] bytes = spec.mix().get(e).requests().next(random).encode(hostHeader);
      run.outstanding.incrementAndGet();
      run.queue.add(new Pending(e, intended, bytes));
    }
    long schedulerCpu = threads.getCurrentThreadCpuTime() - schedulerCpuBefore;
    // Drain: wait for the answers up to the request timeout (+1 s); what is still missing is an error.
    long drainDeadline = System.nanoTime() + spec.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (run.outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(2);
    }
    long wall = System.nanoTime() - wallBefore;
    long unanswered = run.outstanding.get();
    run.queue.clear();
    for (int c = 0; c < workers.size(); c++) {
      run.queue.add(STOP);
    }
    synchronized (run.connections) {
      if (unanswered > 0) {
        run.connections.forEach(HttpConnection::close); // unblocks reads stuck on a silent server
      }
    }
    for (Thread t : workers) {
      t.join(TimeUnit.SECONDS.toMillis(5));
    }
    double processCores = processCpuBefore < 0 ? -1 : (processCpuNanos() - processCpuBefore) / (double) wall;
    double driverCores = (schedulerCpu + run.connectionCpuNanos.get()) / (double) wall;

    Map<String, EndpointStats> per = new LinkedHashMap<>();
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    long allErrors = 0;
    long allCompleted = 0;
    double measuredSeconds = measureNanos / 1e9;
    for (int i = 0; i < k; i++) {
      Histogram h = run.recorders[i].getIntervalHistogram();
      all.add(h);
      long done = run.completed[i].get();
      per.put(spec.mix().get(i).name(), stats(spec.mix().get(i).name(), h, done, run.errors[i].get(), measuredSeconds));
      allErrors += run.errors[i].get();
      allCompleted += done;
    }
    long missing = Math.max(0, sentMeasured - allCompleted);
    Map<String, Long> kinds = new TreeMap<>();
    run.errorKinds.forEach((key, v) -> kinds.put(key, v.get()));
    if (missing > 0) {
      kinds.merge("unanswered at the end of the drain", missing, Long::sum);
    }
    EndpointStats allStats = stats("all", all, allCompleted + missing, allErrors + missing, measuredSeconds);
    return new LoadResult(spec.ratePerSecond(), sentMeasured / measuredSeconds, allStats, per, driverCores, processCores,
        run.maxLagNanos / 1e6, kinds);
  }

  private void connectionLoop(Run run, HttpConnection conn) {
    try {
      while (true) {
        Pending p = run.queue.take();
        if (p == STOP) {
          break;
        }
        try {
          int status = conn.exchange(p.request());
          run.record(p, status, status >= 200 && status < 400 ? null : "HTTP " + status);
        } catch (IOException e) {
          run.record(p, -1, HttpConnection.isTimeout(e) ? "timeout" : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      conn.close();
      run.connectionCpuNanos.addAndGet(Math.max(0, threads.getCurrentThreadCpuTime()));
    }
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

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public void close() {
    // Connection threads end with each run; nothing is left open between runs.
  }
}
