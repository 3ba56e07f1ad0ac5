package io.searchbid.simulator.scenario;

import java.nio.file.Path;
import java.util.List;

/** Where searches come from: synthetic, or replayed from a log. */
public sealed interface TrafficSpec {

  /**
   * Poisson arrivals whose rate follows a weekly × intra-day curve, a trend and day-level noise;
   * queries drawn from a Zipf law over a vocabulary.
   *
   * @param searchesPerDay   mean searches on an average day before trend and noise
   * @param vocabulary       {@code wands} (real WANDS queries), {@code catalog} (titles' categories
   *                         of the catalog) or {@code list} (the {@code queries} field)
   * @param queries          explicit queries in popularity order (vocabulary {@code list})
   * @param queryClasses     with vocabulary {@code wands}: keep only queries of these WANDS product
   *                         classes (a category study); empty = all 480
   * @param zipfExponent     s of the Zipf law; popularity of rank k ∝ 1/k^s
   * @param weekly           {@code bat} (real weekly shape) or {@code flat}
   * @param intraday         {@code bat} (real hourly shape) or {@code flat}
   * @param trendPerDay      relative growth per day (0.01 = +1 %/day, compounded)
   * @param noiseSigma       σ of a mean-one log-normal multiplier on each day's volume
   * @param startDayOfWeek   ISO day of week of simulated day 0 (1 = Monday)
   */
  record Synthetic(
      long searchesPerDay,
      String vocabulary,
      List<String> queries,
      List<String> queryClasses,
      double zipfExponent,
      String weekly,
      String intraday,
      double trendPerDay,
      double noiseSigma,
      int startDayOfWeek)
      implements TrafficSpec {
    public Synthetic {
      queries = List.copyOf(queries);
      queryClasses = List.copyOf(queryClasses);
    }
  }

  /**
   * Replays a log of timestamped searches (format in docs/SCENARIOS.md).
   *
   * @param file        CSV or JSONL log
   * @param timeScale   simulated seconds per logged second (24 turns one logged hour into a day)
   * @param volumeScale expected searches replayed per logged search (thinning or duplication)
   * @param repeat      when the log ends before the horizon, start it again
   */
  record Replay(Path file, double timeScale, double volumeScale, boolean repeat) implements TrafficSpec {}
}
