package io.searchbid.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest open-loop rate whose p99 latency stays within a bound: runs the rates of a
 * geometric ladder upwards until one fails (p99 above the bound, more than 1% errors, or the driver
 * could not keep the schedule), then bisects between the last pass and the first fail a fixed number
 * of times. Every step is one {@link OpenLoopDriver#run}; the search is bounded by
 * {@code maxSteps} runs.
 */
public final class StepSearch {

  /** One step of the search and whether it passed. */
  public record Step(LoadResult result, boolean passed, String why) {}

  /** @param highestPassingRate 0 when even the first rate failed */
  public record Outcome(double highestPassingRate, double p99BoundMillis, List<Step> steps) {}

  /** Runs before every step, e.g. to let the server work off the previous step's backlog. */
  @FunctionalInterface
  public interface BeforeStep {
    void run() throws InterruptedException;
  }

  private StepSearch() {}

  public static Outcome find(OpenLoopDriver driver, LoadSpec base, double startRate, double factor, double maxRate,
      double p99BoundMillis, int bisections, int maxSteps, Consumer<Step> progress) throws InterruptedException {
    return find(driver, base, startRate, factor, maxRate, p99BoundMillis, bisections, maxSteps, progress, () -> {});
  }

  public static Outcome find(OpenLoopDriver driver, LoadSpec base, double startRate, double factor, double maxRate,
      double p99BoundMillis, int bisections, int maxSteps, Consumer<Step> progress, BeforeStep before) throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    double pass = 0;
    double fail = Double.NaN;
    for (double rate = startRate; rate <= maxRate && steps.size() < maxSteps; rate *= factor) {
      before.run();
      Step s = step(driver, base.withRate(rate), p99BoundMillis);
      steps.add(s);
      progress.accept(s);
      if (!s.passed()) {
        fail = rate;
        break;
      }
      pass = rate;
    }
    if (!Double.isNaN(fail)) {
      double lo = pass;
      double hi = fail;
      for (int b = 0; b < bisections && steps.size() < maxSteps; b++) {
        double mid = Math.rint((lo + hi) / 2);
        if (mid <= lo || mid >= hi) {
          break;
        }
        before.run();
        Step s = step(driver, base.withRate(mid), p99BoundMillis);
        steps.add(s);
        progress.accept(s);
        if (s.passed()) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      pass = lo;
    }
    return new Outcome(pass, p99BoundMillis, steps);
  }

  static Step step(OpenLoopDriver driver, LoadSpec spec, double p99BoundMillis) throws InterruptedException {
    LoadResult r = driver.run(spec);
    EndpointStats a = r.all();
    if (a.errorRate() > 0.01) {
      return new Step(r, false, String.format(java.util.Locale.ROOT, "errors %.1f%%", 100 * a.errorRate()));
    }
    if (r.sentPerSecond() < 0.95 * r.targetRatePerSecond()) {
      return new Step(r, false, String.format(java.util.Locale.ROOT, "driver sent only %.0f/s", r.sentPerSecond()));
    }
    if (!(a.p99Millis() <= p99BoundMillis)) {
      return new Step(r, false, String.format(java.util.Locale.ROOT, "p99 %.2f ms > %.0f ms", a.p99Millis(), p99BoundMillis));
    }
    return new Step(r, true, String.format(java.util.Locale.ROOT, "p99 %.2f ms", a.p99Millis()));
  }
}
