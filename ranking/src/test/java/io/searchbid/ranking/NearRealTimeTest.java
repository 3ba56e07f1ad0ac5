package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearRealTimeTest {

  @Test
  void updateSignals_isInvisibleBeforeRefresh_andVisibleAfter() {
    List<Product> catalog = TestCatalogs.random(3, 200);
    try (ProductIndex index = ProductIndex.inMemory(RankingProfile.defaults().withCandidates(200))) {
      index.addAll(catalog);
      index.refresh();
      Product p = catalog.get(17);
      SearchRequest req = SearchRequest.of(p.title(), 200).withExplain(true);
      double before = hit(index.search(req), p.productId()).parts().salesPerDay();
      Signals boosted = p.signals().withSales(7000, 30000);
      index.updateSignals(Map.of(p.productId(), boosted));
      assertThat(hit(index.search(req), p.productId()).parts().salesPerDay()).isEqualTo(before);
      index.refresh();
      assertThat(hit(index.search(req), p.productId()).parts().salesPerDay())
          .isEqualTo(index.profile().salesPerDay(7000, 30000));
    }
  }

  @Test
  void signals_roundTripExactly_throughIndexingAndUpdates() {
    SplittableRandom r = new SplittableRandom(5);
    List<Signals> cases = new ArrayList<>(List.of(
        Signals.NONE,
        new Signals(0, 0, 0, 0, 0, 5.0, 0),
        new Signals(0, 0, 0, 0, 0, -0.0, 0),
        new Signals(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Math.nextDown(5.0), Long.MAX_VALUE),
        new Signals(127, 128, 16_383, 16_383, 16_384, Double.MIN_VALUE, 1)));
    for (int i = 0; i < 20; i++) {
      cases.add(TestCatalogs.signals(r));
    }
    try (ProductIndex index = ProductIndex.inMemory()) {
      for (int i = 0; i < cases.size(); i++) {
        index.upsert(TextAnalysisTest.product("p" + i, "oak desk").withSignals(cases.get(i)));
      }
      index.refresh();
      for (int i = 0; i < cases.size(); i++) {
        assertThat(index.storedSignals("p" + i)).as("indexed %s", cases.get(i)).isEqualTo(cases.get(i));
      }
      Map<String, Signals> updates = new HashMap<>();
      for (int i = 0; i < cases.size(); i++) {
        updates.put("p" + i, cases.get(cases.size() - 1 - i));
      }
      index.updateSignals(updates);
      index.refresh();
      for (int i = 0; i < cases.size(); i++) {
        assertThat(index.storedSignals("p" + i)).as("updated p%d", i).isEqualTo(cases.get(cases.size() - 1 - i));
      }
    }
  }

  /**
   * BM25 statistics count replaced products until a merge drops them; a deterministic index merges
   * inside the refresh that triggers the merge, so two indexes given the same writes and refreshes
   * score alike even when one refreshes right after its writes (merges of the previous refresh
   * still running, were they in the background) and the other leaves time before each refresh.
   */
  @Test
  void inMemoryDeterministic_sameWritesAndRefreshes_sameScores_whateverTheTiming() throws InterruptedException {
    List<Product> catalog = TestCatalogs.random(11, 1000);
    List<List<Hit>> eager = scoresAfterEachRefresh(catalog, 0);
    List<List<Hit>> patient = scoresAfterEachRefresh(catalog, 25);
    for (int i = 0; i < eager.size(); i++) {
      assertThat(patient.get(i)).as("search %d", i).isEqualTo(eager.get(i));
    }
  }

  /** Re-upserts random batches, refreshing after each (after {@code pauseMillis}); hits of a few searches after every refresh. */
  private static List<List<Hit>> scoresAfterEachRefresh(List<Product> catalog, long pauseMillis) throws InterruptedException {
    List<List<Hit>> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    try (ProductIndex index = ProductIndex.inMemoryDeterministic(RankingProfile.defaults().withCandidates(200))) {
      index.addAll(catalog);
      index.refresh();
      for (int cycle = 0; cycle < 10; cycle++) {
        for (int i = 0; i < 150; i++) {
          Product p = catalog.get(r.nextInt(catalog.size()));
          index.upsert(p.withSignals(TestCatalogs.signals(r)));
        }
        Thread.sleep(pauseMillis);
        index.refresh();
        String word = catalog.get(cycle).title().split(" ")[0];
        out.add(index.search(SearchRequest.of(word, 50)).hits());
      }
    }
    return out;
  }

  @Test
  void upsertAndDelete_becomeVisibleOnRefresh() {
    try (ProductIndex index = ProductIndex.inMemory()) {
      Product p = TextAnalysisTest.product("x1", "oak desk lamp");
      index.upsert(p);
      assertThat(index.search(SearchRequest.of("lamp", 5)).hits()).isEmpty();
      index.refresh();
      assertThat(index.search(SearchRequest.of("lamp", 5)).hits()).extracting(Hit::productId).containsExactly("x1");
      index.upsert(p.withTitle("walnut floor lamp"));
      index.refresh();
      assertThat(index.search(SearchRequest.of("oak", 5)).hits()).isEmpty();
      assertThat(index.search(SearchRequest.of("lamp", 5)).hits()).extracting(Hit::title).containsExactly("walnut floor lamp");
      index.delete("x1");
      index.refresh();
      assertThat(index.search(SearchRequest.of("lamp", 5)).hits()).isEmpty();
      assertThat(index.size()).isZero();
    }
  }

  /**
   * Writer rounds set every product's sales to the round number, then refresh; searchers check that
   * all hits of one result carry the same round (one point-in-time view: old or new, never a mix)
   * and that no search throws.
   */
  @Test
  void concurrentSearches_duringBulkSignalUpdates_seeOneConsistentStateAndNeverFail() throws Exception {
    List<Product> catalog = TestCatalogs.random(9, 500);
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(setSales(catalog, 0));
      index.refresh();
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger searches = new AtomicInteger();
      AtomicInteger maxRoundSeen = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(3);
      List<Thread> searchers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        Thread th = new Thread(() -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
          started.countDown();
          int lastRound = 0;
          while (!stop.get()) {
            try {
              SearchResult res = index.search(SearchRequest.of(TestCatalogs.query(r), 50).withExplain(true));
              long round = -1;
              for (Hit h : res.hits()) {
                long s30 = Math.round(h.parts().salesPerDay() / index.profile().salesPerDay(7, 30));
                if (round < 0) round = s30;
                assertThat(s30).as("all hits from one point in time").isEqualTo(round);
              }
              if (round >= 0) {
                assertThat(round).as("rounds never go backwards for one searcher").isGreaterThanOrEqualTo(lastRound);
                lastRound = (int) round;
                maxRoundSeen.accumulateAndGet(lastRound, Math::max);
              }
              searches.incrementAndGet();
            } catch (Throwable e) {
              failures.add(e);
              return;
            }
          }
        });
        th.start();
        searchers.add(th);
      }
      started.await();
      int rounds = 15;
      for (int round = 1; round <= rounds; round++) {
        Map<String, Signals> updates = new HashMap<>();
        for (Product p : catalog) {
          updates.put(p.productId(), salesRound(p.signals(), round));
        }
        index.updateSignals(updates);
        index.refresh();
      }
      Thread.sleep(50);
      stop.set(true);
      for (Thread th : searchers) {
        th.join();
      }
      assertThat(failures).isEmpty();
      assertThat(searches.get()).isGreaterThan(10);
      assertThat(maxRoundSeen.get()).isEqualTo(rounds);
    }
  }

  @Test
  void onDiskIndex_survivesCloseAndReopen(@TempDir Path dir) {
    List<Product> catalog = TestCatalogs.random(4, 100);
    try (ProductIndex index = ProductIndex.open(dir, RankingProfile.defaults())) {
      index.addAll(catalog);
      index.updateSignals(catalog.get(0).productId(), catalog.get(0).signals().withSales(70, 300));
      index.commit();
    }
    try (ProductIndex index = ProductIndex.open(dir, RankingProfile.defaults())) {
      assertThat(index.size()).isEqualTo(100);
      Hit h = hit(index.search(SearchRequest.of(catalog.get(0).title(), 100).withExplain(true)), catalog.get(0).productId());
      assertThat(h.parts().salesPerDay()).isEqualTo(index.profile().salesPerDay(70, 300));
    }
  }

  private static List<Product> setSales(List<Product> catalog, long round) {
    List<Product> out = new ArrayList<>();
    for (Product p : catalog) {
      out.add(p.withSignals(salesRound(p.signals(), round)));
    }
    return out;
  }

  private static Signals salesRound(Signals s, long round) {
    return s.withSales(7 * round, 30 * round);
  }

  private static Hit hit(SearchResult r, String id) {
    return r.hits().stream().filter(h -> h.productId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no hit " + id + " in " + r));
  }
}
