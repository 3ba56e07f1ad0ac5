package io.searchbid.bench.ranking;

import io.searchbid.bench.report.Figure;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.SearchRequest;
import io.searchbid.simulator.stats.Estimate;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commerce profile's throughput as a fraction of the ranking module's plain-BM25 profile,
 * measured <em>paired</em>: one JVM, one index, the same 512 queries, the two profiles alternated
 * round by round (which one goes first alternates too).
 *
 * <p>Why next to JMH: JMH measures each profile in its own fork, one after the other, so a ratio of
 * two JMH figures carries the drift of the machine between the two forks and each fork's own JIT
 * outcome; on this shared 2-core VM one-second iterations of the same fork differ by up to 1.5×, and
 * two suite runs on a quiet machine gave JMH ratios from 0.53 to 0.83. Rounds of a few milliseconds
 * that alternate see the same machine, so each round's ratio cancels that drift; what remains is
 * the JVM's own outcome (the ratio of totals moved by about ±4% between runs). Both profiles run in
 * one JVM, as they do in the service: the JIT sees both.
 *
 * <p>Reported per query length: queries/s of each profile over all measured rounds (wall clock),
 * the ratio of the totals (the figure), the same ratio on the measuring thread's CPU time (GC and
 * JIT threads not included), the 10th / 50th / 90th percentiles of the per-round ratios, a 95%
 * confidence interval of their mean, and the ratio of totals over the first and over the second
 * half of the rounds (a trend between them would mean the warm-up was too short).
 */
final class PairedProfiles {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Hit counts of every search, summed, so the JIT cannot drop a search whose result is unused. */
  private static long consumed;

  private PairedProfiles() {}

  /** Wall and thread-CPU time of one round. */
  private record Time(long wallNanos, long cpuNanos) {}

  /**
   * Runs the paired measurement for each query length on the cached index of {@code lang} and
   * {@code size}.
   *
   * @param warmupSeconds untimed alternation before measuring the first query length (the JIT
   *     compiles for about ten seconds on the 1M catalog); a third of it before each later one
   * @param measureSeconds measured alternation per query length (at least 20 rounds)
   */
  static List<Figure> measure(String lang, int size, long seed, List<Integer> words, double warmupSeconds,
      double measureSeconds, PrintStream console) {
    Path dir = RankingFixture.ensureIndex(lang, size, seed);
    RankingProfile commerce = RankingProfile.defaults();
    RankingProfile bm25 = RankingProfile.bm25Only();
    List<Figure> out = new java.util.ArrayList<>();
    try (ProductIndex index = ProductIndex.open(dir, commerce)) {
      index.refresh();
      double warmup = warmupSeconds;
      for (int w : words) {
        console.printf(Locale.ROOT, "bench ranking: commerce vs plain BM25 paired, %s, %,d products, %d-word queries ...%n", lang,
            size, w);
        SearchRequest[] requests = RankingFixture.cachedQueries(lang, size, seed, w).stream()
            .map(q -> SearchRequest.of(q, 10)).toArray(SearchRequest[]::new);
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        warmup = warmupSeconds / 3;
        while (System.nanoTime() < warmEnd) {
          round(index, requests, bm25);
          round(index, requests, commerce);
        }
        long[] bWall = new long[1024];
        long[] cWall = new long[1024];
        long bCpu = 0;
        long cCpu = 0;
        int rounds = 0;
        long measureEnd = System.nanoTime() + (long) (measureSeconds * 1e9);
        while (rounds < 20 || System.nanoTime() < measureEnd) {
          boolean bm25First = (rounds & 1) == 0;
          Time first = round(index, requests, bm25First ? bm25 : commerce);
          Time second = round(index, requests, bm25First ? commerce : bm25);
          Time b = bm25First ? first : second;
          Time c = bm25First ? second : first;
          if (rounds == bWall.length) {
            bWall = Arrays.copyOf(bWall, rounds * 2);
            cWall = Arrays.copyOf(cWall, rounds * 2);
          }
          bWall[rounds] = b.wallNanos();
          cWall[rounds] = c.wallNanos();
          bCpu += b.cpuNanos();
          cCpu += c.cpuNanos();
          rounds++;
        }
        // commerce throughput / bm25 throughput = bm25 time / commerce time, per round and in total
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          ratios[i] = (double) bWall[i] / cWall[i];
        }
        Estimate mean = Estimate.of(ratios);
        int half = rounds / 2;
        double firstHalf = (double) sum(bWall, 0, half) / sum(cWall, 0, half);
        double secondHalf = (double) sum(bWall, half, rounds) / sum(cWall, half, rounds);
        long queries = (long) rounds * requests.length;
        double commerceRate = queries / (sum(cWall, 0, rounds) / 1e9);
        double bm25Rate = queries / (sum(bWall, 0, rounds) / 1e9);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lang", lang);
        p.put("catalog", Integer.toString(size));
        p.put("words", Integer.toString(w));
        p.put("k", "10");
        Figure f = Figure.of("ranking", "commerceVsBm25Paired", p, commerceRate, "ops/s", true)
            .withBaseline("bm25 profile, same rounds", bm25Rate)
            .withExtra("cpuRatio", (double) bCpu / cCpu)
            .withExtra("roundRatioP10", percentile(ratios, 0.10))
            .withExtra("roundRatioMedian", percentile(ratios, 0.50))
            .withExtra("roundRatioP90", percentile(ratios, 0.90))
            .withExtra("roundRatioMeanCi95Low", mean.lo())
            .withExtra("roundRatioMeanCi95High", mean.hi())
            .withExtra("firstHalfRatio", firstHalf)
            .withExtra("secondHalfRatio", secondHalf)
            .withExtra("rounds", rounds)
            .withNote("commerce (N = 100) vs the ranking module's plain-BM25 profile, top-10, alternated round by round in one JVM");
        if (size == 1_000_000) {
          f = f.withTarget(">= 5,000 queries/s and >= 0.6x plain BM25 (issue 3)", commerceRate >= 5000 && f.ratio() >= 0.6);
        }
        console.printf(Locale.ROOT,
            "  commerce %,.0f q/s, plain BM25 %,.0f q/s: %.3fx (CPU %.3fx; rounds p10-p90 %.3f-%.3f, first/second half %.3f/%.3f, %d rounds)%n",
            commerceRate, bm25Rate, f.ratio(), f.extras().get("cpuRatio"), f.extras().get("roundRatioP10"),
            f.extras().get("roundRatioP90"), firstHalf, secondHalf, rounds);
        out.add(f);
      }
    }
    return out;
  }

  /** Every request once with {@code profile}. */
  private static Time round(ProductIndex index, SearchRequest[] requests, RankingProfile profile) {
    long hits = 0;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (SearchRequest r : requests) {
      hits += index.search(r, profile).hits().size();
    }
    long wall = System.nanoTime() - wall0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    consumed += hits;
    return new Time(wall, cpu);
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1) of the values, interpolated linearly between order statistics (R-7;
   * Commons Math's {@code Percentile} rejects q = 0).
   */
  static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static long sum(long[] a, int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += a[i];
    }
    return s;
  }

  /**
   * Runs only this measurement on an index the suite has cached: {@code java -cp
   * bench/target/benchmarks.jar io.searchbid.bench.ranking.PairedProfiles CACHE_DIR [SIZE [LANG [SEED
   * [SECONDS]]]]} (CACHE_DIR: e.g. {@code out/bench/cache}).
   */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: PairedProfiles CACHE_DIR [SIZE [LANG [SEED [SECONDS]]]]");
      System.exit(2);
    }
    System.setProperty(RankingFixture.CACHE_PROPERTY, Path.of(args[0]).toAbsolutePath().toString());
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    String lang = args.length > 2 ? args[2] : "en";
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
    double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 10;
    measure(lang, size, seed, List.of(1, 2, 3), 10, seconds, System.out);
  }
}
