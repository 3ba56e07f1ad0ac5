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

  /**
   * Segments not sorted by the region key (documents added in shuffled write order, one segment
   * partly sorted), and titles whose key claims a wrong norm: their regions have an unknown bound
   * and are scanned in full by both engines; same answers as scoring every match.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {41, 42, 43})
  void topN_overUnsortedSegmentsAndWrongKeys_equalsExhaustiveScoring(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> catalog = TestCatalogs.random(seed, 900);
    AnalyzedTitle analyzed = new AnalyzedTitle();
    long[] keys = new long[catalog.size()];
    for (int i = 0; i < catalog.size(); i++) {
      int t = analyzed.add(catalog.get(i).title());
      int norm = analyzed.normByte(t);
      boolean wrongNorm = analyzed.extraOccurrences(t) == 0 && norm > 0 && r.nextInt(20) == 0;
      keys[i] = SegmentRegions.orderValue(wrongNorm ? norm + 1 : norm,
          analyzed.extraOccurrences(t), analyzed.maxTermFrequency(t), i);
    }
    org.apache.lucene.document.FieldType titleType = new org.apache.lucene.document.FieldType();
    titleType.setIndexOptions(org.apache.lucene.index.IndexOptions.DOCS_AND_FREQS);
    titleType.setTokenized(true);
    titleType.freeze();
    try (org.apache.lucene.store.Directory dir = new org.apache.lucene.store.ByteBuffersDirectory()) {
      IndexWriterConfig cfg = new IndexWriterConfig(TextAnalysis.analyzerFor(""));
      cfg.setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE);
      try (IndexWriter w = new IndexWriter(dir, cfg)) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
          order.add(i);
        }
        // first segment: sorted by key except a few swaps; the others: shuffled
        int third = catalog.size() / 3;
        order.subList(0, third).sort(Comparator.comparingLong(i -> keys[i]));
        for (int j = 0; j < 5; j++) {
          java.util.Collections.swap(order, r.nextInt(third), r.nextInt(third));
        }
        java.util.Collections.shuffle(order.subList(third, order.size()), new java.util.Random(seed));
        for (int j = 0; j < order.size(); j++) {
          int i = order.get(j);
          String title = catalog.get(i).title();
          Document d = new Document();
          d.add(new Field(ProductIndex.TITLE,
              TextAnalysis.analyzerFor(title).tokenStream(ProductIndex.TITLE, title), titleType));
          d.add(new org.apache.lucene.document.NumericDocValuesField(ProductIndex.ORDER, keys[i]));
          w.addDocument(d);
          if (j == third || j == 2 * third) {
            w.flush();
          }
        }
      }
      try (org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(dir)) {
        org.apache.lucene.search.IndexSearcher s = new org.apache.lucene.search.IndexSearcher(reader);
        SegmentRegions[] regions = new SegmentRegions[reader.leaves().size()];
        boolean unknown = false;
        for (LeafReaderContext ctx : reader.leaves()) {
          regions[ctx.ord] = SegmentRegions.of(ctx.reader(), r.nextBoolean() ? 0 : SegmentRegions.DENSE_MIN_DOCS);
          unknown |= Arrays.stream(regions[ctx.ord].repeats).anyMatch(c -> c == SegmentRegions.UNKNOWN);
        }
        assertThat(reader.leaves()).hasSizeGreaterThan(1);
        assertThat(unknown).as("regions of unknown bound").isTrue();
        for (int q = 0; q < 60; q++) {
          SearchRequest req = SearchRequest.of(query(r), 10);
          ProductIndex.ParsedQuery pq = ProductIndex.parse(req);
          if (pq == null) {
            continue;
          }
          List<Ranked> want = exhaustive(s, regions, pq);
          int n = new int[] {1, 3, 10, 60, 5000}[r.nextInt(5)];
          assertSameAsExhaustive(s, regions, pq, n, want, SubsetCells.MAX_TERMS, req);
          assertSameAsExhaustive(s, regions, pq, n, want, 0, req);
        }
      }
    }
  }

  @Test
  void gallop_findsTheFirstIndexAtOrAboveTarget_likeALinearScan() {
    SplittableRandom r = new SplittableRandom(5);
    for (int round = 0; round < 2000; round++) {
      int[] a = r.ints(r.nextInt(0, 300), 0, 2000).distinct().sorted().toArray();
      int from = r.nextInt(a.length + 1);
      int target = r.nextInt(-5, 2100);
      int want = from;
      while (want < a.length && a[want] < target) {
        want++;
      }
      assertThat(SubsetCells.gallop(a, from, target)).as("%s from %d target %d", Arrays.toString(a), from, target)
          .isEqualTo(want);
    }
  }

  @Test
  void heap_mixingKnownAndLazySequenceNumbersAndRuns_keepsTheBestNLikeASortedList() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 1000; round++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
      int maxDoc = 1 + r.nextInt(300);
      // runs: consecutive doc ids in write order (as in a region); distinct numbers, runs interleaved
      long[] seqByDoc = r.longs(maxDoc * 4L, 0, 1L << 40).distinct().limit(maxDoc).toArray();
      int[] runOf = new int[maxDoc];
      for (int from = 0; from < seqByDoc.length; ) {
        int to = Math.min(seqByDoc.length, from + 1 + r.nextInt(60));
        Arrays.sort(seqByDoc, from, to);
        Arrays.fill(runOf, from, to, from);
        from = to;
      }
      double[] multiplierByDoc = r.doubles(seqByDoc.length, 0.1, 10).toArray();
      RegionTopN.Heap heap = new RegionTopN.Heap(n, multiplierByDoc);
      List<Ranked> all = new ArrayList<>();
      boolean[] offered = new boolean[seqByDoc.length];
      int offers = r.nextInt(3 * n + 5);
      for (int k = 0; k < offers; k++) {
        int d = r.nextInt(seqByDoc.length);
        if (offered[d]) {
          continue;
        }
        offered[d] = true;
        float score = r.nextInt(4) * 0.5f; // few distinct scores: ties decided by write order
        long seq = seqByDoc[d];
        all.add(new Ranked(d, score, seq));
        int how = r.nextInt(3); // known number; lazy with its run; lazy without a run
        int run = how == 1 ? runOf[d] : RegionTopN.Heap.NO_RUN;
        if (!heap.full()) {
          if (how == 0) {
            heap.add(score, seq, d);
          } else {
            heap.addUnread(score, d, run, seqByDoc, d);
          }
        } else if (how == 0) {
          if (heap.beats(score, seq)) {
            heap.replaceWorst(score, seq, d);
          }
        } else if (heap.beats(score, d, run, seqByDoc, d)) {
          heap.replaceWorstUnread(score, d, run, seqByDoc, d);
        }
        if (heap.full()) {
          List<Ranked> sorted = new ArrayList<>(all);
          sorted.sort(BEST_FIRST);
          Ranked nth = sorted.get(n - 1);
          assertThat(heap.worstScore()).isEqualTo(nth.score());
          assertThat(heap.worstSeq()).isEqualTo(nth.seq());
        }
      }
      all.sort(BEST_FIRST);
      List<Ranked> want = all.subList(0, Math.min(n, all.size()));
      int size = heap.size;
      boolean bestFirst = r.nextBoolean();
      RegionTopN.Result result;
      if (bestFirst) {
        int[] docs = new int[size];
        float[] scores = new float[size];
        long[] seqs = new long[size];
        long[][] sources = new long[size][];
        int[] locals = new int[size];
        double[] mults = new double[size];
        heap.drainBestFirst(docs, scores, seqs, sources, locals, mults);
        result = new RegionTopN.Result(docs, scores, seqs, sources, locals, mults, size, size, true);
      } else {
        result = heap.unordered(size, true);
      }
      assertThat(result.size()).isEqualTo(size);
      List<Ranked> got = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        got.add(new Ranked(result.docs()[i], result.scores()[i], result.seq(i)));
        assertThat(result.multipliers()[i]).isEqualTo(multiplierByDoc[result.docs()[i]]);
      }
      if (!bestFirst) {
        got.sort(BEST_FIRST);
      }
      assertThat(got).as("round %d n=%d", round, n).isEqualTo(want);
    }
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
      List<Ranked> want = exhaustive(s, s.regions(), pq);
      // half the time with region tables that cache bitsets of frequent terms however small the
      // segment, so that the bitset conjunction path runs too
      SegmentRegions[] regions = s.regions();
      if (Math.floorMod(req.hashCode() + n, 2) == 0) {
        regions = new SegmentRegions[regions.length];
        for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
          regions[ctx.ord] = SegmentRegions.of(ctx.reader(), 0);
        }
      }
      // both engines: subset cells (queries of up to SubsetCells.MAX_TERMS terms) and Lucene
      // scorers region by region (longer queries, and here every query)
      assertSameAsExhaustive(s, regions, pq, n, want, SubsetCells.MAX_TERMS, req);
      assertSameAsExhaustive(s, regions, pq, n, want, 0, req);
      return null;
    });
  }

  private static void assertSameAsExhaustive(org.apache.lucene.search.IndexSearcher s,
      SegmentRegions[] regions, ProductIndex.ParsedQuery pq, int n, List<Ranked> want,
      int maxCellTerms, Object req) throws IOException {
    {
      RegionTopN.Result got = RegionTopN.search(s, regions, ProductIndex.TITLE, pq.terms(),
          pq.filters(), n, maxCellTerms, true);
      int k = Math.min(n, want.size());
      assertThat(got.size()).as("size for %s n=%d", req, n).isEqualTo(k);
      for (int i = 0; i < k; i++) {
        assertThat(got.docs()[i]).as("doc %d of %s n=%d cells<=%d (want %s)", i, req, n,
            maxCellTerms, want.subList(0, k)).isEqualTo(want.get(i).doc());
        assertThat(got.scores()[i]).as("score %d of %s n=%d", i, req, n).isEqualTo(want.get(i).score());
        assertThat(got.seq(i)).as("seq %d of %s n=%d", i, req, n).isEqualTo(want.get(i).seq());
      }
      if (got.totalExact()) {
        assertThat(got.totalMatches()).isEqualTo(want.size());
      } else {
        assertThat(got.totalMatches()).isBetween((long) k, (long) want.size());
      }
      // the same documents, scores and write order numbers when asked for in any order, with
      // each document's multiplier
      double[] multiplierByDoc = new double[s.getIndexReader().maxDoc()];
      for (int d = 0; d < multiplierByDoc.length; d++) {
        multiplierByDoc[d] = 1 + 0.001 * d;
      }
      RegionTopN.Result any = RegionTopN.search(s, regions, ProductIndex.TITLE, pq.terms(),
          pq.filters(), n, maxCellTerms, false, multiplierByDoc);
      for (int i = 0; i < any.size(); i++) {
        assertThat(any.multipliers()[i]).isEqualTo(multiplierByDoc[any.docs()[i]]);
      }
      List<Ranked> sorted = new ArrayList<>();
      for (int i = 0; i < any.size(); i++) {
        sorted.add(new Ranked(any.docs()[i], any.scores()[i], any.seq(i)));
      }
      sorted.sort(BEST_FIRST);
      assertThat(sorted).as("unordered %s n=%d cells<=%d", req, n, maxCellTerms)
          .isEqualTo(want.subList(0, k));
    }
  }

  private static final Comparator<Ranked> BEST_FIRST =
      Comparator.comparingDouble((Ranked x) -> -x.score()).thenComparingLong(Ranked::seq);

  /** Every match scored by Lucene without pruning, sorted by score desc then write order. */
  private static List<Ranked> exhaustive(org.apache.lucene.search.IndexSearcher s,
      SegmentRegions[] regions, ProductIndex.ParsedQuery pq) throws IOException {
    List<Ranked> all = new ArrayList<>();
    s.search(pq.toQuery(), new Collector() {
      @Override
      public LeafCollector getLeafCollector(LeafReaderContext ctx) {
        long[] seq = regions[ctx.ord].seqByDoc;
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
    all.sort(BEST_FIRST);
    long[] seqs = all.stream().mapToLong(Ranked::seq).toArray();
    assertThat(Arrays.stream(seqs).distinct().count()).isEqualTo(seqs.length); // one doc per product write
    return all;
  }
}
