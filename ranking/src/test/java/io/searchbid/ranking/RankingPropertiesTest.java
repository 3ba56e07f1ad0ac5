package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties of the ranked search that must hold for every seeded catalog and query. */
class RankingPropertiesTest {

  /** One way of improving a product's signals, other things equal. */
  enum Improvement {
    MORE_SALES(s -> s.withSales(s.sales7d() * 2 + 5, s.sales30d() * 2 + 20)),
    HIGHER_CTR_SAME_CLICKS(s -> s.withTraffic(Math.max(s.clicks(), s.impressions() / 2), s.clicks(), s.orders())),
    HIGHER_CVR(s -> s.withTraffic(s.impressions(), s.clicks(), s.orders() + 10)),
    HIGHER_RATING(s -> s.withRating(Math.min(5.0, s.rating() + 1.0), s.reviewCount()));

    final UnaryOperator<Signals> apply;

    Improvement(UnaryOperator<Signals> apply) {
      this.apply = apply;
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Improvement.class, names = {"MORE_SALES", "HIGHER_CTR_SAME_CLICKS", "HIGHER_CVR", "HIGHER_RATING"})
  void improvingASignal_neverLowersRank(Improvement improvement) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom r = new SplittableRandom(seed * 31 + improvement.ordinal());
      List<Product> catalog = TestCatalogs.random(seed, 300);
      try (ProductIndex index = ProductIndex.inMemory()) {
        index.addAll(catalog);
        index.refresh();
        for (int q = 0; q < 10; q++) {
          SearchRequest req = SearchRequest.of(TestCatalogs.query(r), 50);
          List<Hit> before = index.search(req).hits();
          if (before.isEmpty()) {
            continue;
          }
          Hit target = before.get(r.nextInt(before.size()));
          Product p = find(catalog, target.productId());
          Signals improved = improvement.apply.apply(p.signals());
          index.updateSignals(p.productId(), improved);
          index.refresh();
          List<Hit> after = index.search(req).hits();
          assertThat(rank(after, p.productId()))
              .as("%s of %s for '%s'", improvement, p.productId(), req.text())
              .isBetween(0, rank(before, p.productId()));
          assertThat(after.get(rank(after, p.productId())).score())
              .isGreaterThanOrEqualTo(target.score() - 1e-12);
          index.updateSignals(p.productId(), p.signals()); // restore for the next query
          index.refresh();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void priceFilter_neverReturnsOutOfRange(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 400);
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      index.refresh();
      for (int q = 0; q < 60; q++) {
        long lo = 1_000_000L * r.nextInt(300);
        long hi = lo + 1_000_000L * r.nextInt(100);
        for (RankingProfile profile : List.of(RankingProfile.defaults(), RankingProfile.bm25Only())) {
          List<Hit> hits = index.search(SearchRequest.of(TestCatalogs.query(r), 100).withPriceRange(lo, hi), profile).hits();
          for (Hit h : hits) {
            assertThat(h.priceMicros()).isBetween(lo, hi);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void deletedProduct_neverAppears(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 300);
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      index.refresh();
      Set<String> deleted = new HashSet<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 20; i++) {
          String id = catalog.get(r.nextInt(catalog.size())).productId();
          index.delete(id);
          deleted.add(id);
        }
        // a deleted product may come back only through upsert: re-add one and check it is found
        Product back = find(catalog, deleted.iterator().next());
        index.upsert(back);
        deleted.remove(back.productId());
        index.refresh();
        assertThat(index.size()).isEqualTo(catalog.size() - deleted.size());
        for (Product p : catalog) {
          if (r.nextInt(10) != 0 && !p.productId().equals(back.productId())) {
            continue;
          }
          List<Hit> hits = index.search(SearchRequest.of(p.title(), 300), RankingProfile.defaults().withCandidates(400)).hits();
          List<String> ids = ids(hits);
          assertThat(ids).doesNotContainAnyElementsOf(deleted);
          if (!deleted.contains(p.productId())) {
            assertThat(ids).as("live product found by its own title").contains(p.productId());
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void pages_concatenate_toTheTopOfOneLongPage(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 400);
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      index.refresh();
      for (int q = 0; q < 10; q++) {
        String text = TestCatalogs.query(r);
        List<String> longPage = ids(index.search(SearchRequest.of(text, 40)).hits());
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
          paged.addAll(ids(index.search(SearchRequest.of(text, 10).withPage(page, 10)).hits()));
        }
        assertThat(paged).isEqualTo(longPage);
      }
    }
  }

  private static Product find(List<Product> catalog, String id) {
    for (Product p : catalog) {
      if (p.productId().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no product " + id);
  }

  private static int rank(List<Hit> hits, String id) {
    for (int i = 0; i < hits.size(); i++) {
      if (hits.get(i).productId().equals(id)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static List<String> ids(List<Hit> hits) {
    List<String> out = new ArrayList<>();
    hits.forEach(h -> out.add(h.productId()));
    return out;
  }
}
