package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Duel: the index (BM25 top-N through Lucene, then the blend over doc values) against
 * {@link BruteForceRanker}, which scores every product from scratch with the documented formula.
 * Same order, scores within float tolerance, on seeded random catalogs, queries, filters, pages,
 * candidate windows and signal updates.
 */
class RankingDuelTest {

  private static final double REL_TOL = 1e-5;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void search_randomCatalogsAndQueries_matchesBruteForceFormula(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 150 + r.nextInt(350));
    BruteForceRanker ref = new BruteForceRanker();
    try (ProductIndex index = ProductIndex.inMemory()) {
      // half bulk-added, half one by one: two code paths, one index
      int half = catalog.size() / 2;
      index.addAll(catalog.subList(0, half));
      index.refresh(); // NRT refresh flushes: two segments from here on
      catalog.subList(half, catalog.size()).forEach(index::upsert);
      catalog.forEach(ref::upsert);
      index.refresh();
      for (int round = 0; round < 3; round++) {
        for (int q = 0; q < 25; q++) {
          duel(index, ref, randomRequest(r), randomProfile(r));
        }
        // bulk signal update between rounds: no re-indexing, must change the blend exactly
        // round 0 touches only the first segment: the other segment's cached multipliers are reused
        int touch = round == 0 ? half : catalog.size();
        Map<String, Signals> updates = new HashMap<>();
        for (int i = 0; i < catalog.size() / 3; i++) {
          updates.put(catalog.get(r.nextInt(touch)).productId(), TestCatalogs.signals(r));
        }
        index.updateSignals(updates);
        updates.forEach(ref::updateSignals);
        index.refresh();
      }
    }
  }

  /**
   * A few signal updates per refresh (fewer than 1/16 of a segment): only the changed products'
   * multipliers are recomputed; the rest are carried over. Also: an update of a product replaced
   * earlier (an older deleted copy in the segment) and updates of unknown ids.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32})
  void search_afterSmallSignalUpdates_matchesBruteForceFormula(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 3000);
    BruteForceRanker ref = new BruteForceRanker();
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      catalog.forEach(ref::upsert);
      index.refresh();
      for (int round = 0; round < 6; round++) {
        Map<String, Signals> updates = new HashMap<>();
        for (int i = 0, n = 1 + r.nextInt(60); i < n; i++) {
          updates.put(catalog.get(r.nextInt(catalog.size())).productId(), TestCatalogs.signals(r));
        }
        updates.put("no-such-product-" + round, TestCatalogs.signals(r));
        index.updateSignals(updates);
        updates.forEach(ref::updateSignals);
        index.refresh();
        for (int q = 0; q < 15; q++) {
          RankingProfile p = RankingProfile.defaults().withCandidates(r.nextBoolean() ? 45 : 1000);
          duel(index, ref, randomRequest(r), p);
        }
      }
    }
  }

  /** EXACT_PRUNED is the formula with N = infinity, with and without the precomputed bound. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void exactPrunedStrategy_matchesBruteForceOverAllMatches(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 200 + r.nextInt(300));
    BruteForceRanker ref = new BruteForceRanker();
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      catalog.forEach(ref::upsert);
      index.refresh();
      for (int q = 0; q < 40; q++) {
        SearchRequest req = randomRequest(r);
        RankingProfile p = RankingProfile.defaults();
        if (r.nextInt(3) == 0) {
          p = p.withWeights(r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble());
        }
        SearchResult got = index.search(req, p, ProductIndex.Strategy.EXACT_PRUNED);
        duelResult(got, ref, req, p.withCandidates(Integer.MAX_VALUE));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void search_plainBm25Profile_matchesBruteForceBm25(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 300);
    BruteForceRanker ref = new BruteForceRanker();
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      catalog.forEach(ref::upsert);
      index.refresh();
      for (int q = 0; q < 40; q++) {
        duel(index, ref, randomRequest(r), RankingProfile.bm25Only());
      }
    }
  }

  /**
   * Exact ties of the blend (same title, signals, category and price) keep BM25 order, which for
   * equal BM25 is write order: the top-N hands the candidates over in no particular order, and the
   * page must not depend on it. Two segments, and one product written again (now the latest).
   */
  @Test
  void blendedTies_areOrderedByWriteOrder() {
    try (ProductIndex index = ProductIndex.inMemory()) {
      List<String> written = new ArrayList<>();
      List<Product> first = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        first.add(TextAnalysisTest.product(String.format("p%02d", i), "oak desk"));
        written.add(String.format("p%02d", i));
      }
      first.add(TextAnalysisTest.product("other", "oak desk lamp"));
      index.addAll(first);
      index.refresh();
      for (int i = 20; i < 40; i++) {
        index.upsert(TextAnalysisTest.product(String.format("p%02d", i), "oak desk"));
        written.add(String.format("p%02d", i));
      }
      index.upsert(TextAnalysisTest.product("p03", "oak desk"));
      written.remove("p03");
      written.add("p03");
      index.refresh();
      for (RankingProfile p : List.of(RankingProfile.defaults(),
          RankingProfile.defaults().withCandidates(25))) {
        for (int page = 0; page < 2; page++) {
          List<String> got = index.search(SearchRequest.of("oak desk", 10).withPage(page, 10), p)
              .hits().stream().map(Hit::productId).toList();
          assertThat(got).as("page %d of %s", page, p).isEqualTo(written.subList(10 * page, 10 * page + 10));
        }
      }
    }
  }

  private static SearchRequest randomRequest(SplittableRandom r) {
    SearchRequest req = SearchRequest.of(TestCatalogs.query(r), 1 + r.nextInt(15));
    if (r.nextInt(4) == 0) {
      req = req.withCategory(TestCatalogs.CATEGORIES[r.nextInt(TestCatalogs.CATEGORIES.length)]);
    }
    if (r.nextInt(5) == 0) {
      req = req.withBrand(TestCatalogs.BRANDS[r.nextInt(TestCatalogs.BRANDS.length)]);
    }
    if (r.nextInt(4) == 0) {
      long lo = 1_000_000L * r.nextInt(150);
      req = req.withPriceRange(lo, lo + 1_000_000L * r.nextInt(200));
    }
    if (r.nextInt(3) == 0) {
      req = req.withPage(r.nextInt(3), req.size());
    }
    return req.withExplain(r.nextBoolean());
  }

  private static RankingProfile randomProfile(SplittableRandom r) {
    int pageEndMax = 3 * 15;
    int n = switch (r.nextInt(3)) {
      case 0 -> pageEndMax; // small window: the top-N cut matters
      case 1 -> pageEndMax + r.nextInt(30);
      default -> 1000; // larger than every catalog: exact over all matches
    };
    RankingProfile p = RankingProfile.defaults().withCandidates(n);
    // same weights as the index's profile: multipliers precomputed at refresh; other weights: the
    // blend reads doc values per query. Both paths must match the reference.
    if (r.nextBoolean()) {
      p = p.withWeights(r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble());
    }
    return p;
  }

  private static void duel(ProductIndex index, BruteForceRanker ref, SearchRequest req, RankingProfile profile) {
    duelResult(index.search(req, profile), ref, req, profile);
  }

  private static void duelResult(SearchResult got, BruteForceRanker ref, SearchRequest req, RankingProfile profile) {
    List<BruteForceRanker.Ranked> all = ref.rank(req, profile);
    Map<String, Double> refScore = new HashMap<>();
    all.forEach(x -> refScore.put(x.productId(), x.score()));
    int from = Math.min(req.from(), all.size());
    List<BruteForceRanker.Ranked> want = all.subList(from, Math.min(all.size(), req.from() + req.size()));
    String ctx = req + " " + profile;
    assertThat(got.hits()).as("hit count for %s", ctx).hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      Hit h = got.hits().get(i);
      BruteForceRanker.Ranked w = want.get(i);
      assertThat(h.score()).as("score at %d for %s", i, ctx).isCloseTo(w.score(), tol(w.score()));
      if (!h.productId().equals(w.productId())) {
        // only a near-tie may swap (float vs double summation of BM25 parts)
        assertThat(refScore).as("hit %s at %d for %s", h.productId(), i, ctx).containsKey(h.productId());
        assertThat(refScore.get(h.productId())).as("swapped ids at %d for %s", i, ctx)
            .isCloseTo(w.score(), tol(w.score()));
      }
      if (req.explain()) {
        assertThat(h.parts()).isNotNull();
        assertThat(h.parts().bm25()).isCloseTo(w.bm25(), tol(w.bm25()));
        assertThat(h.parts().score()).isCloseTo(h.score(), tol(h.score()));
      } else {
        assertThat(h.parts()).isNull();
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> tol(double v) {
    return org.assertj.core.data.Offset.offset(REL_TOL * Math.max(1, Math.abs(v)));
  }
}
