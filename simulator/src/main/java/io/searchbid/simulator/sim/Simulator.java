package io.searchbid.simulator.sim;

import io.searchbid.ranking.Product;
import io.searchbid.simulator.scenario.ScenarioFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every replicate of every variant of a scenario file, on {@code threads} threads. Each
 * replicate is an independent {@link ReplicateRun} whose randomness derives only from (scenario seed,
 * replicate index), and results are collected by (variant, replicate) index, so any thread count
 * gives the same result as one thread.
 */
public final class Simulator {
  /** Progress callback: one call per simulated day of any replicate. Must be thread-safe. */
  public interface Progress {
    void dayDone();

    Progress NONE = () -> {};
  }

  private Simulator() {}

  /** Total simulated days (variants × replicates × days), for progress bars. */
  public static long totalDays(ScenarioFile file) {
    long t = 0;
    for (var v : file.variants()) t += (long) v.scenario().replicates() * v.scenario().days();
    return t;
  }

  public static SimulationResult run(ScenarioFile file, int threads, Progress progress) {
    Map<Object, List<Product>> catalogs = new ConcurrentHashMap<>();
    List<World> worlds = new ArrayList<>();
    for (var v : file.variants()) worlds.add(World.build(v.scenario(), catalogs));
    List<Runnable> jobs = new ArrayList<>();
    List<ReplicateResult[]> slots = new ArrayList<>();
    for (int vi = 0; vi < worlds.size(); vi++) {
      World w = worlds.get(vi);
      String name = file.variants().get(vi).name();
      ReplicateResult[] out = new ReplicateResult[w.scenario().replicates()];
      slots.add(out);
      for (int r = 0; r < out.length; r++) {
        int rep = r;
        jobs.add(() -> out[rep] = new ReplicateRun(w, name, rep).run(progress::dayDone));
      }
    }
    if (threads <= 1 || jobs.size() == 1) {
      for (Runnable j : jobs) j.run();
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.size()), r -> {
        Thread t = new Thread(r, "simulator");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (Runnable j : jobs) fs.add(pool.submit(j));
        for (Future<?> f : fs) f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) throw re;
        if (c instanceof Error er) throw er;
        throw new IllegalStateException(c);
      } finally {
        pool.shutdownNow();
      }
    }
    List<ReplicateResult> all = new ArrayList<>();
    for (ReplicateResult[] s : slots) all.addAll(List.of(s));
    return new SimulationResult(file, all);
  }
}
