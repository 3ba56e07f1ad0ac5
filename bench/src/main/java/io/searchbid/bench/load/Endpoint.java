package io.searchbid.bench.load;

import java.util.SplittableRandom;

/**
 * One kind of request in a load mix.
 *
 * @param name label in the report (e.g. {@code search}, {@code click})
 * @param weight relative share of the requests ({@code > 0})
 * @param requests builds the next request; called on the scheduler thread only, with the driver's
 *     seeded random source, so a run's request sequence is reproducible from the seed
 */
public record Endpoint(String name, double weight, RequestFactory requests) {

  public Endpoint {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("endpoint name must not be empty");
    }
    if (!(weight > 0)) {
      throw new IllegalArgumentException("endpoint weight must be > 0, got " + weight + " for '" + name + "'");
    }
  }

  /** Builds requests; must not block (it runs on the schedule). */
  @FunctionalInterface
  public interface RequestFactory {
    Request next(SplittableRandom random);
  }
}
