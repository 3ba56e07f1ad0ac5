package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Duel: {@link RegionTopN} (region bounds, two passes, early region exits) against the dumbest
 * exact answer on the same index: score every match with Lucene (no pruning) and sort by (score
 * desc, write order). Tiny vocabularies and short titles make ties the common case; several
 * segments, replacements and deletions are in play.
 */
class RegionTopNTest {

  record Ranked(int doc, float score, long seq) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void topN_equalsExhaustiveScoring_withManyTiesSegmentsAndDeletes(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 600 + r.nextInt(900));
    try (ProductIndex index = ProductIndex.inMemory()) {
      int third = catalog.size() / 3;
      index.addAll(catalog.subList(0, third), 2);
      index.refresh();
      catalog.subList(third, 2 * third).forEach(index::upsert);
      index.refresh();
      index.addAll(catalog.subList(2 * third, catalog.size()));
      // replacements (new write order) and deletions spread over the segments
      for (int i = 0; i < catalog.size() / 10; i++) {
        Product p = catalog.get(r.nextInt(catalog.size()));
        if (r.nextBoolean()) {
          index.upsert(p.withTitle(TestCatalogs.product(r, p.productId()).title()));
        } else {
          index.delete(p.productId());
        }
      }
      index.refresh();
      for (int q = 0; q < 100; q++) {
        SearchRequest req = SearchRequest.of(query(r), 10);
        if (r.nextInt(4) == 0) {
          req = req.withCategory(TestCatalogs.CATEGORIES[r.nextInt(TestCatalogs.CATEGORIES.length)]);
        }
        if (r.nextInt(4) == 0) {
          long lo = 1_000_000L * r.nextInt(150);
          req = req.withPriceRange(lo, lo + 1_000_000L * r.nextInt(200));
        }
        int n = new int[] {1, 2, 7, 25, 100, 5000}[r.nextInt(6)];
        duel(index, req, n);
      }
    }
  }

  @Test
  void regions_matchLuceneNorms_forEnglishChineseAndMixedTitles() {
    List<Product> catalog = new ArrayList<>(TestCatalogs.random(9, 400));
    catalog.add(TextAnalysisTest.product("m1", "Nike 运动鞋 running shoes 运动鞋"));
    catalog.add(TextAnalysisTest.product("m2", "the a an of")); // only stop words: no tokens
    catalog.add(TextAnalysisTest.product("m3", "chair chair chair chair chair chair chair chair chair"));
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(catalog);
      index.refresh();
      index.withSearcher(s -> {
        for (SegmentRegions sr : s.regions()) {
          assertThat(sr.repeats).doesNotContain(SegmentRegions.UNKNOWN);
          assertThat(sr.count()).isGreaterThan(1);
        }
        return null;
      });
    }
  }

  @Test
  void analyzedTitle_countsLengthAndRepeatsLikeTheIndex() {
    AnalyzedTitle a = new AnalyzedTitle();
    record Want(String title, int tokens, int extra, int maxFreq) {}
    for (Want w : List.of(
        new Want("", 0, 0, 0),
        new Want("the of a", 0, 0, 0), // stop words only
        new Want("Oak desk", 2, 0, 1),
        new Want("chair chair chair", 3, 2, 3),
        new Want("red red chair chairs", 4, 2, 2), // "chairs" stems to "chair"
        new Want("Nike 运动鞋 running shoes 运动鞋", 5, 1, 2))) {
      int t = a.add(w.title()); // one batch: earlier titles must not leak into later ones
      assertThat(a.tokenCount(t)).as(w.title()).isEqualTo(w.tokens());
      assertThat(a.extraOccurrences(t)).as(w.title()).isEqualTo(w.extra());
      assertThat(a.maxTermFrequency(t)).as(w.title()).isEqualTo(w.maxFreq());
      assertThat(a.normByte(t)).as(w.title())
          .isEqualTo(w.tokens() == 0 ? 0 : org.apache.lucene.util.SmallFloat.intToByte4(w.tokens()) & 0xFF);
    }
  }

  @Test
  void addAllOnTwoThreads_ranksExactlyLikeOneThread() {
    List<Product> catalog = TestCatalogs.random(12, 5000);
    try (ProductIndex one = ProductIndex.inMemory(); ProductIndex two = ProductIndex.inMemory()) {
      one.addAll(catalog);
      two.addAll(catalog, 2);
      one.refresh();
      two.refresh();
      SplittableRandom r = new SplittableRandom(12);
      for (int q = 0; q < 40; q++) {
        SearchRequest req = SearchRequest.of(query(r), 20);
        for (RankingProfile p : List.of(RankingProfile.bm25Only(), RankingProfile.defaults())) {
          assertThat(two.search(req, p).hits()).as("%s %s", req, p).isEqualTo(one.search(req, p).hits());
        }
      }
    }
  }

  @Test
  void reopenedIndex_continuesWriteOrder(@TempDir Path dir) {
    Product a = TextAnalysisTest.product("a", "oak desk");
    Product b = TextAnalysisTest.product("b", "oak desk");
    Product c = TextAnalysisTest.product("c", "oak desk");
    try (ProductIndex index = ProductIndex.open(dir, RankingProfile.bm25Only())) {
      index.addAll(List.of(a, b, c));
      index.commit();
    }
    try (ProductIndex index = ProductIndex.open(dir, RankingProfile.bm25Only())) {
      index.refresh();
      assertThat(index.search(SearchRequest.of("oak desk", 3)).hits()).extracting(Hit::productId)
          .containsExactly("a", "b", "c");
      index.upsert(a); // written again: now the latest of three equal titles
      index.refresh();
      assertThat(index.search(SearchRequest.of("oak desk", 3)).hits()).extracting(Hit::productId)
          .containsExactly("b", "c", "a");
    }
  }

  @Test
  void indexWithoutTheSort_isRejectedWithAClearMessage(@TempDir Path dir) throws IOException {
    try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
      Document d = new Document();
      d.add(new TextField(ProductIndex.TITLE, "oak desk", Field.Store.NO));
      w.addDocument(d);
    }
    assertThatThrownBy(() -> ProductIndex.open(dir, RankingProfile.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("older searchbid version")
        .hasMessageContaining("index the products again");
  }

  /** 1 to 5 words from the test vocabulary (5 words: long disjunctions, many partial matches). */
  private static String query(SplittableRandom r) {
    int n = 1 + r.nextInt(r.nextInt(4) == 0 ? 5 : 3);
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < n; i++) {
      q.append(i > 0 ? " " : "").append(r.nextInt(15) == 0 ? "nomatchword" : TestCatalogs.word(r));
    }
    return q.toString();
  }

  private static void duel(ProductIndex index, SearchRequest req, int n) {
    ProductIndex.ParsedQuery pq = ProductIndex.parse(req);
    index.withSearcher(s -> {
      List<Ranked> want = exhaustive(s, pq);
      // half the time with region tables that cache bitsets of frequent terms however small the
      // segment, so that the bitset conjunction path runs too
      SegmentRegions[] regions = s.regions();
      if (Math.floorMod(req.hashCode() + n, 2) == 0) {
        regions = new SegmentRegions[regions.length];
        for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
          regions[ctx.ord] = SegmentRegions.of(ctx.reader(), 0);
        }
      }
      RegionTopN.Result got = RegionTopN.search(s, regions, ProductIndex.TITLE, pq.terms(), pq.filters(), n);
      int k = Math.min(n, want.size());
      assertThat(got.size()).as("size for %s n=%d", req, n).isEqualTo(k);
      for (int i = 0; i < k; i++) {
        assertThat(got.docs()[i]).as("doc %d of %s n=%d (want %s)", i, req, n, want.subList(0, k)).isEqualTo(want.get(i).doc());
        assertThat(got.scores()[i]).as("score %d of %s n=%d", i, req, n).isEqualTo(want.get(i).score());
      }
      if (got.totalExact()) {
        assertThat(got.totalMatches()).isEqualTo(want.size());
      } else {
        assertThat(got.totalMatches()).isBetween((long) k, (long) want.size());
      }
      return null;
    });
  }

  /** Every match scored by Lucene without pruning, sorted by score desc then write order. */
  private static List<Ranked> exhaustive(ProductIndex.MedianSearcher s, ProductIndex.ParsedQuery pq) throws IOException {
    List<Ranked> all = new ArrayList<>();
    s.search(pq.toQuery(), new Collector() {
      @Override
      public LeafCollector getLeafCollector(LeafReaderContext ctx) {
        long[] seq = s.regions()[ctx.ord].seqByDoc;
        return new LeafCollector() {
          Scorable scorer;

          @Override
          public void setScorer(Scorable scorer) {
            this.scorer = scorer;
          }

          @Override
          public void collect(int doc) throws IOException {
            all.add(new Ranked(ctx.docBase + doc, scorer.score(), seq[doc]));
          }
        };
      }

      @Override
      public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE;
      }
    });
    all.sort(Comparator.comparingDouble((Ranked x) -> -x.score()).thenComparingLong(Ranked::seq));
    long[] seqs = all.stream().mapToLong(Ranked::seq).toArray();
    assertThat(Arrays.stream(seqs).distinct().count()).isEqualTo(seqs.length); // one doc per product write
    return all;
  }
}
