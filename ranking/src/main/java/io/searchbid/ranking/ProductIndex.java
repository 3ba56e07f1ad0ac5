package io.searchbid.ranking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A Lucene index of {@link Product}s with commerce-aware ranking ({@link RankingProfile}).
 *
 * <p><b>Fields.</b> The title is analysed by {@link TextAnalysis} (chain chosen per product: Chinese
 * when the title contains Han characters), indexed with term frequencies and norms for BM25 (no
 * positions: queries are bags of terms). Category and brand are exact-match terms usable as
 * filters; the listing price is a {@link LongPoint} (range filters) plus doc values (sorting, the
 * blend). Commerce signals live only in one binary doc value per product, so {@link #updateSignals}
 * rewrites them with {@link IndexWriter#updateBinaryDocValue} without re-analysing titles.
 *
 * <p><b>Order.</b> Every write (add or upsert) takes the next write sequence number; ties in BM25
 * are broken by it (written earlier ranks first). The index is sorted by title length class and
 * then by that number ({@link SegmentRegions}), which lets {@link RegionTopN} find the exact BM25
 * top-N without scoring most matches. Doc ids are therefore not write order; nothing relies on them.
 *
 * <p><b>Visibility.</b> Writes become visible to searches after {@link #refresh()} (near-real-time
 * through a {@link SearcherManager}); searches never block on writes and always see one consistent
 * point-in-time view (old or new, never a mix). Durability on disk comes from {@link #commit()} or
 * {@link #close()}.
 *
 * <p><b>Thread-safety.</b> All methods are safe to call from many threads. Searches run in parallel;
 * writes from several threads index in parallel too (each thread reuses its own document and field
 * objects). Two concurrent upserts of the same product id leave one of them, unspecified which.
 */
public final class ProductIndex implements Closeable {

  static final String ID = "id";
  static final String TITLE = TextAnalysis.TITLE_FIELD;
  /** Hit payload (id, title, seller, category, brand) in one binary doc value: stored fields would
   * decompress a whole block per hit, which measured as ~40% of a top-10 query. */
  static final String PAYLOAD = "payload";
  static final String CATEGORY = "category";
  static final String BRAND = "brand";
  static final String PRICE = "price";
  /**
   * All commerce signals of a product in one binary doc value ({@link #encodeSignals}): a signal
   * update then rewrites one field per segment instead of seven (Lucene resolves the id, sorts the
   * updates and rewrites the whole field of the segment once per updated field).
   */
  static final String SIGNALS = "signals";
  /** Index-sort key: title region and write sequence number ({@link SegmentRegions#orderValue}). */
  static final String ORDER = "order";

  private static final FieldType TITLE_TYPE = new FieldType();

  static {
    TITLE_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    TITLE_TYPE.setTokenized(true);
    TITLE_TYPE.setStored(false);
    TITLE_TYPE.setOmitNorms(false);
    TITLE_TYPE.freeze();
  }

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager manager;
  private final RankingProfile profile;
  /** One reusable document per indexing thread: several threads may load in parallel. */
  private final ThreadLocal<DocBuilder> builders = ThreadLocal.withInitial(DocBuilder::new);
  /** Next write sequence number (ties in BM25 rank the smaller first). */
  private final AtomicLong nextSeq;
  /** Ids passed to {@link #updateSignals} since the last refresh drained them. */
  private final Set<String> signalUpdates = ConcurrentHashMap.newKeySet();

  /**
   * The index on disk was written by an older searchbid version in a layout this one cannot use; it
   * must be deleted and its products indexed again (the service does this from its product log).
   */
  public static final class OutdatedIndexException extends IllegalStateException {
    OutdatedIndexException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ProductIndex(Directory directory, RankingProfile profile, double ramBufferMb, boolean serialMerges)
      throws IOException {
    this.directory = directory;
    this.profile = Objects.requireNonNull(profile, "profile");
    IndexWriterConfig cfg = new IndexWriterConfig(TextAnalysis.analyzerFor(""));
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    cfg.setRAMBufferSizeMB(ramBufferMb);
    cfg.setIndexSort(new Sort(new SortField(ORDER, SortField.Type.LONG)));
    // Segments are few and large (bulk loads, 256 MB buffer): separate files cost no handles worth
    // saving, and skipping the compound-file copy saves rewriting the whole segment once.
    cfg.setUseCompoundFile(false);
    if (serialMerges) {
      cfg.setMergeScheduler(new SerialMergeScheduler());
    }
    IndexWriter w;
    try {
      w = new IndexWriter(directory, cfg);
    } catch (IllegalArgumentException e) {
      directory.close();
      throw new OutdatedIndexException("the product index was written by an older searchbid version "
          + "(not sorted by '" + ORDER + "'); delete it and index the products again (" + e.getMessage() + ")", e);
    }
    this.writer = w;
    this.manager = new SearcherManager(writer, new MedianSearcherFactory(profile, signalUpdates));
    MedianSearcher s = (MedianSearcher) manager.acquire();
    try {
      long max = -1;
      for (SegmentRegions r : s.regions()) {
        max = Math.max(max, r.maxSeq);
      }
      this.nextSeq = new AtomicLong(max + 1);
    } finally {
      manager.release(s);
    }
  }

  /** A heap-resident index (ByteBuffersDirectory) with the given profile. */
  public static ProductIndex inMemory(RankingProfile profile) {
    try {
      return new ProductIndex(new ByteBuffersDirectory(), profile, 256, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A heap-resident index whose segment merges run in the writing thread, inside the write or
   * {@link #refresh()} that triggers them, instead of on background threads. BM25 statistics count a
   * replaced or deleted product until a merge drops it, so with background merges the scores a
   * search sees after a refresh depend on how far the merge threads got, that is on timing and
   * machine load. Here they depend only on the sequence of writes and refreshes: for simulations,
   * which must give the same result for the same seed. Writes and refreshes that trigger a merge
   * take longer.
   */
  public static ProductIndex inMemoryDeterministic(RankingProfile profile) {
    try {
      return new ProductIndex(new ByteBuffersDirectory(), profile, 256, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A heap-resident index with {@link RankingProfile#defaults()}. */
  public static ProductIndex inMemory() {
    return inMemory(RankingProfile.defaults());
  }

  /**
   * Opens (or creates) an index in {@code dir} (memory-mapped where the platform allows). Products
   * already committed there are searchable at once.
   *
   * @throws UncheckedIOException if the directory cannot be opened or holds a corrupt index
   * @throws OutdatedIndexException if the index was written by a searchbid version without the
   *     index sort (rebuild it)
   */
  public static ProductIndex open(Path dir, RankingProfile profile) {
    try {
      return new ProductIndex(FSDirectory.open(dir), profile, 256, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open product index in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The profile {@link #search(SearchRequest)} uses. */
  public RankingProfile profile() {
    return profile;
  }

  /** Adds {@code product}, replacing any product with the same id. Visible after {@link #refresh()}. */
  public void upsert(Product product) {
    Objects.requireNonNull(product, "product");
    try {
      writer.updateDocument(
          new Term(ID, product.productId()), builders.get().fill(product, nextSeq.getAndIncrement()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #upsert} for each product, in order. */
  public void upsertAll(Iterable<Product> products) {
    for (Product p : products) {
      upsert(p);
    }
  }

  /**
   * Bulk load: adds products whose ids are NOT in the index yet (faster than {@link #upsert}: no
   * delete-by-id). Adding an id twice leaves two documents; use {@link #upsert} when unsure.
   *
   * @return the number of products added
   */
  public long addAll(Iterable<Product> products) {
    // in chunks, each numbered in input order and added in index order (see addRange)
    List<Product> chunk = new ArrayList<>(Math.min(CHUNK, products instanceof List<?> l ? l.size() : CHUNK));
    long n = 0;
    for (Product p : products) {
      chunk.add(Objects.requireNonNull(p, "product"));
      if (chunk.size() == CHUNK) {
        addRange(chunk, 0, chunk.size(), nextSeq.getAndAdd(chunk.size()));
        n += chunk.size();
        chunk.clear();
      }
    }
    addRange(chunk, 0, chunk.size(), nextSeq.getAndAdd(chunk.size()));
    return n + chunk.size();
  }

  /**
   * {@link #addAll(Iterable)} on {@code threads} threads (each indexes a contiguous slice). The
   * products take consecutive write sequence numbers in list order, so the index ranks exactly as
   * after a single-threaded {@code addAll} of the same list. Blocks until all are added.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   * @return the number of products added
   */
  public long addAll(List<Product> products, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    int n = products.size();
    long base = nextSeq.getAndAdd(n);
    int parts = Math.max(1, Math.min(threads, n / 1024));
    if (parts == 1) {
      addRange(products, 0, n, base);
      return n;
    }
    List<Thread> started = new ArrayList<>(parts);
    RuntimeException[] failure = new RuntimeException[1];
    for (int t = 0; t < parts; t++) {
      int from = (int) ((long) n * t / parts);
      int to = (int) ((long) n * (t + 1) / parts);
      started.add(Thread.ofPlatform().name("searchbid-index-" + t).start(() -> {
        try {
          addRange(products, from, to, base);
        } catch (RuntimeException e) {
          synchronized (failure) {
            if (failure[0] == null) {
              failure[0] = e;
            } else {
              failure[0].addSuppressed(e);
            }
          }
        }
      }));
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while indexing", e);
      }
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return n;
  }

  /** Products analysed, sorted and added at a time by one indexing thread (about 7 MB of tokens). */
  private static final int CHUNK = 1 << 15;

  /**
   * Adds {@code products[from, to)} with sequence numbers {@code baseSeq + index}: a chunk at a
   * time, titles analysed first, then added in index-sort order, so that each flushed segment's
   * documents arrive in runs already sorted and Lucene's sort at flush (of the documents and of
   * every term's postings) has little left to do.
   */
  private void addRange(List<Product> products, int from, int to, long baseSeq) {
    DocBuilder builder = builders.get();
    long[] keys = new long[Math.min(CHUNK, Math.max(0, to - from))];
    try {
      for (int c = from; c < to; c += CHUNK) {
        int end = Math.min(to, c + CHUNK);
        builder.analyzed.clear();
        for (int i = c; i < end; i++) {
          int t = builder.analyzed.add(products.get(i).title());
          keys[i - c] = builder.analyzed.orderValue(t, baseSeq + i);
        }
        Arrays.sort(keys, 0, end - c);
        for (int k = 0; k < end - c; k++) {
          int i = (int) ((keys[k] & SegmentRegions.SEQ_MASK) - baseSeq);
          writer.addDocument(builder.fillAnalyzed(products.get(i), baseSeq + i, i - c));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the product with this id (no-op if absent). Visible after {@link #refresh()}. */
  public void delete(String productId) {
    try {
      writer.deleteDocuments(new Term(ID, productId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the commerce signals of one product without re-indexing it (no-op for an unknown id).
   * Visible after {@link #refresh()}.
   */
  public void updateSignals(String productId, Signals signals) {
    Objects.requireNonNull(signals, "signals");
    try {
      BytesRef value = new BytesRef(new byte[SIGNALS_MAX_BYTES]);
      encodeSignals(signals, value);
      writer.updateBinaryDocValue(new Term(ID, productId), SIGNALS, value);
      signalUpdates.add(productId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bulk signal update (e.g. the simulator's end-of-day refresh): replaces the signals of every
   * product in the map; unknown ids are ignored. Visible after {@link #refresh()}; searches running
   * meanwhile see the old signals of all products until then.
   */
  public void updateSignals(Map<String, Signals> signalsByProductId) {
    for (Map.Entry<String, Signals> e : signalsByProductId.entrySet()) {
      updateSignals(e.getKey(), e.getValue());
    }
  }

  /** Makes all writes so far visible to searches started afterwards. Blocks until done. */
  public void refresh() {
    try {
      manager.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments (expensive; for a catalog that is
   * built once and then only searched, e.g. benchmarks) and refreshes.
   */
  public void forceMerge(int maxSegments) {
    try {
      writer.forceMerge(maxSegments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    refresh();
  }

  /** Makes all writes durable (on-disk indexes). */
  public void commit() {
    try {
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of live products visible to searches. */
  public int size() {
    try {
      IndexSearcher s = manager.acquire();
      try {
        return s.getIndexReader().numDocs();
      } finally {
        manager.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Searches with this index's {@link #profile()}. */
  public SearchResult search(SearchRequest request) {
    return search(request, profile);
  }

  /** How a blended profile is evaluated. */
  public enum Strategy {
    /**
     * The default and the documented formula: BM25 top-N ({@link RankingProfile#candidates()}),
     * then the exact blend over those N. Pages must end within N.
     */
    TOP_N_RESCORE,
    /**
     * Exact blended top-k over every matching product (no N window), with Lucene's dynamic pruning
     * bounded by the largest commerce multiplier in the index. Equal to {@link #TOP_N_RESCORE} with
     * N = infinity; an alternative for benchmarks and for deep pages.
     */
    EXACT_PRUNED
  }

  /**
   * Searches with the given profile (e.g. {@link RankingProfile#bm25Only()} to compare), strategy
   * {@link Strategy#TOP_N_RESCORE}.
   *
   * @throws IllegalArgumentException if the query has more than {@link SearchRequest#MAX_QUERY_TERMS}
   *     distinct terms, or (blended profile) the page ends beyond the profile's candidate window
   */
  public SearchResult search(SearchRequest request, RankingProfile profile) {
    return search(request, profile, Strategy.TOP_N_RESCORE);
  }

  /**
   * Searches with the given profile and strategy (the strategy matters for blended profiles only).
   *
   * @throws IllegalArgumentException as {@link #search(SearchRequest, RankingProfile)}; with
   *     {@link Strategy#EXACT_PRUNED} pages are not limited by the candidate window
   */
  public SearchResult search(SearchRequest request, RankingProfile profile, Strategy strategy) {
    ParsedQuery query = parse(request);
    if (query == null) {
      return SearchResult.empty();
    }
    if (profile.blend() && strategy == Strategy.EXACT_PRUNED) {
      try {
        IndexSearcher searcher = manager.acquire();
        try {
          return exactPruned((MedianSearcher) searcher, query.toQuery(), request, profile);
        } finally {
          manager.release(searcher);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    int end = request.from() + request.size();
    if (profile.blend() && end > profile.candidates()) {
      throw new IllegalArgumentException(
          "page end (page+1)*size must be <= candidates " + profile.candidates()
              + " of the ranking profile, got " + end);
    }
    try {
      IndexSearcher searcher = manager.acquire();
      try {
        return profile.blend()
            ? blended((MedianSearcher) searcher, query, request, profile)
            : plain((MedianSearcher) searcher, query, request, profile);
      } finally {
        manager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request's distinct analysed title terms (query order) and its non-scoring filters. */
  record ParsedQuery(List<String> terms, List<Query> filters) {

    /** The equivalent Lucene query: a disjunction of the terms, filtered. */
    Query toQuery() {
      Query text;
      if (terms.size() == 1) {
        text = new TermQuery(new Term(TITLE, terms.get(0)));
      } else {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : terms) {
          b.add(new TermQuery(new Term(TITLE, t)), Occur.SHOULD);
        }
        text = b.build();
      }
      if (filters.isEmpty()) {
        return text;
      }
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      b.add(text, Occur.MUST);
      for (Query f : filters) {
        b.add(f, Occur.FILTER);
      }
      return b.build();
    }
  }

  /**
   * The parsed request, or null when the text has no terms.
   *
   * @throws IllegalArgumentException if the text has more than {@link SearchRequest#MAX_QUERY_TERMS}
   *     distinct terms
   */
  static ParsedQuery parse(SearchRequest request) {
    LinkedHashSet<String> terms = new LinkedHashSet<>(TextAnalysis.tokens(request.text()));
    if (terms.size() > SearchRequest.MAX_QUERY_TERMS) {
      throw new IllegalArgumentException(
          "query must have at most " + SearchRequest.MAX_QUERY_TERMS + " distinct terms, got "
              + terms.size());
    }
    if (terms.isEmpty()) {
      return null;
    }
    List<Query> filters = new ArrayList<>(3);
    if (request.category() != null) {
      filters.add(new TermQuery(new Term(CATEGORY, request.category())));
    }
    if (request.brand() != null) {
      filters.add(new TermQuery(new Term(BRAND, request.brand())));
    }
    if (request.minPriceMicros() > 0 || request.maxPriceMicros() < Long.MAX_VALUE) {
      filters.add(LongPoint.newRangeQuery(PRICE, request.minPriceMicros(), request.maxPriceMicros()));
    }
    return new ParsedQuery(List.copyOf(terms), filters);
  }

  /** The Lucene query for a request, or null when the text has no terms. */
  static Query toQuery(SearchRequest request) {
    ParsedQuery q = parse(request);
    return q == null ? null : q.toQuery();
  }

  /** BM25 top-n, ties by write order (exact; see {@link RegionTopN}). */
  private static RegionTopN.Result topN(MedianSearcher searcher, ParsedQuery query, int n)
      throws IOException {
    return RegionTopN.search(searcher, searcher.regions(), TITLE, query.terms(), query.filters(), n);
  }

  private SearchResult plain(
      MedianSearcher searcher, ParsedQuery query, SearchRequest request, RankingProfile profile)
      throws IOException {
    int end = request.from() + request.size();
    RegionTopN.Result top = topN(searcher, query, end);
    int count = Math.max(0, top.size() - request.from());
    int[] docs = new int[count];
    double[] scores = new double[count];
    float[] bm25 = new float[count];
    for (int i = 0; i < count; i++) {
      docs[i] = top.docs()[request.from() + i];
      bm25[i] = top.scores()[request.from() + i];
      scores[i] = bm25[i];
    }
    return new SearchResult(hits(searcher, docs, scores, bm25, request.explain() ? profile : null),
        top.totalMatches(), top.totalExact());
  }

  private SearchResult blended(
      MedianSearcher searcher, ParsedQuery query, SearchRequest request, RankingProfile profile)
      throws IOException {
    // the N candidates in any order: the page is sorted by the blend, BM25 order breaks ties
    // (the index's own profile: multipliers precomputed at refresh, read as candidates enter)
    double[] multipliers = searcher.multipliersFor(profile);
    RegionTopN.Result top = RegionTopN.search(searcher, searcher.regions(), TITLE, query.terms(),
        query.filters(), profile.candidates(), SubsetCells.MAX_TERMS, false, multipliers);
    int n = top.size();
    if (n <= request.from()) {
      return new SearchResult(List.of(), top.totalMatches(), top.totalExact());
    }
    double[] score = new double[n];
    if (multipliers != null) {
      for (int i = 0; i < n; i++) {
        score[i] = top.scores()[i] * top.multipliers()[i];
      }
    } else {
      blendFromDocValues(searcher, top.docs(), top.scores(), n, profile, score);
    }
    return page(searcher, request, profile, top, score);
  }

  private SearchResult exactPruned(
      MedianSearcher searcher, Query query, SearchRequest request, RankingProfile profile)
      throws IOException {
    int end = request.from() + request.size();
    double[] pre = searcher.multipliersFor(profile);
    BlendedTopCollector.Multipliers m;
    double max;
    if (pre != null) {
      max = searcher.maxMultiplier();
      m = new BlendedTopCollector.Multipliers() {
        int base;

        @Override
        public void setLeaf(LeafReaderContext ctx) {
          base = ctx.docBase;
        }

        @Override
        public double multiplier(int doc) {
          return pre[base + doc];
        }
      };
    } else {
      max = -1;
      m = new BlendedTopCollector.Multipliers() {
        LeafDocValues dv;

        @Override
        public void setLeaf(LeafReaderContext ctx) throws IOException {
          dv = new LeafDocValues(ctx, searcher.medians(ctx.ord));
        }

        @Override
        public double multiplier(int doc) throws IOException {
          return Math.exp(dv.logMultiplier(doc, profile));
        }
      };
    }
    BlendedTopCollector c =
        searcher.search(query, BlendedTopCollector.manager(end, m, max, searcher.regions()));
    int[] order = c.sortedBestFirst();
    int count = Math.max(0, order.length - request.from());
    int[] docs = new int[count];
    double[] scores = new double[count];
    float[] bm25 = new float[count];
    for (int p = 0; p < count; p++) {
      int i = order[request.from() + p];
      docs[p] = c.docs[i];
      scores[p] = c.fin[i];
      bm25[p] = c.bm[i];
    }
    return new SearchResult(hits(searcher, docs, scores, bm25, request.explain() ? profile : null),
        c.collected, !c.pruned);
  }

  /** The blend for a profile other than the index's: reads every candidate's doc values. */
  private static void blendFromDocValues(MedianSearcher searcher, int[] docs, float[] bm25, int n,
      RankingProfile profile, double[] score) throws IOException {
    // Visit candidates in doc-id order so doc values iterators only move forward.
    int[] byDoc = new int[n];
    for (int i = 0; i < n; i++) {
      byDoc[i] = i;
    }
    sortByDoc(byDoc, docs);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafIdx = -1;
    LeafDocValues dv = null;
    for (int j = 0; j < n; j++) {
      int i = byDoc[j];
      int doc = docs[i];
      if (dv == null || doc >= dv.docBase + dv.maxDoc) {
        leafIdx = ReaderUtil.subIndex(doc, leaves);
        dv = new LeafDocValues(leaves.get(leafIdx), searcher.medians(leafIdx));
      }
      score[i] = bm25[i] * Math.exp(dv.logMultiplier(doc - dv.docBase, profile));
    }
  }

  /**
   * Sorts candidates (in any order) by blended score, ties by BM25 order (BM25 score descending,
   * then write order), and cuts the requested page.
   */
  private static SearchResult page(MedianSearcher searcher, SearchRequest request,
      RankingProfile profile, RegionTopN.Result top, double[] score) throws IOException {
    int n = top.size();
    float[] bm25s = top.scores();
    // The best `end` candidates by insertion into a sorted array: O(N) comparisons when, as
    // usual, few candidates enter it; no boxing.
    int end = Math.min(n, request.from() + request.size());
    int[] order = new int[end];
    int held = 0;
    for (int i = 0; i < n; i++) {
      if (held == end && !blendedBefore(i, order[end - 1], score, bm25s, top)) {
        continue;
      }
      int p = held == end ? end - 1 : held++;
      while (p > 0 && blendedBefore(i, order[p - 1], score, bm25s, top)) {
        order[p] = order[p - 1];
        p--;
      }
      order[p] = i;
    }
    int count = end - request.from();
    int[] docs = new int[count];
    double[] scores = new double[count];
    float[] bm25 = new float[count];
    for (int p = 0; p < count; p++) {
      int i = order[request.from() + p];
      docs[p] = top.docs()[i];
      scores[p] = score[i];
      bm25[p] = top.scores()[i];
    }
    return new SearchResult(hits(searcher, docs, scores, bm25, request.explain() ? profile : null),
        top.totalMatches(), top.totalExact());
  }

  /** Page order of candidates: blended score descending, then BM25 order (score, write order). */
  private static boolean blendedBefore(int a, int b, double[] score, float[] bm25,
      RegionTopN.Result top) {
    return score[a] > score[b]
        || (score[a] == score[b]
            && (bm25[a] > bm25[b] || (bm25[a] == bm25[b] && top.seq(a) < top.seq(b))));
  }

  private static void sortByDoc(int[] idx, int[] docs) {
    // insertion sort is fine for N in the low hundreds and allocates nothing
    for (int i = 1; i < idx.length; i++) {
      int v = idx[i];
      int key = docs[v];
      int j = i - 1;
      while (j >= 0 && docs[idx[j]] > key) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
  }



  /** Upper bound of an encoded signals value: a flag byte, six 10-byte varints, a double. */
  static final int SIGNALS_MAX_BYTES = 1 + 6 * 10 + 8;

  /**
   * Signals as bytes: a flag byte (bit 0: rating follows), sales7d, sales30d, impressions, clicks,
   * orders and reviewCount as unsigned variable-length longs (all are {@code >= 0}), then the
   * rating's IEEE bits (8 bytes, big-endian) unless they are all zero. Exact round trip.
   *
   * @param out receives the bytes from offset 0; its array must hold {@link #SIGNALS_MAX_BYTES}
   */
  static void encodeSignals(Signals s, BytesRef out) {
    byte[] b = out.bytes;
    long ratingBits = Double.doubleToLongBits(s.rating());
    int p = 0;
    b[p++] = (byte) (ratingBits != 0 ? 1 : 0);
    p = putVLong(b, p, s.sales7d());
    p = putVLong(b, p, s.sales30d());
    p = putVLong(b, p, s.impressions());
    p = putVLong(b, p, s.clicks());
    p = putVLong(b, p, s.orders());
    p = putVLong(b, p, s.reviewCount());
    if (ratingBits != 0) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        b[p++] = (byte) (ratingBits >>> shift);
      }
    }
    out.offset = 0;
    out.length = p;
  }

  private static int putVLong(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }



  @Override
  public void close() {
    try {
      manager.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Doc values of one segment, read forward for the blend. */
  private static final class LeafDocValues {
    final int docBase;
    final int maxDoc;
    final long[] medianByOrd;
    final NumericDocValues price;
    final BinaryDocValues signals;
    final SortedDocValues category;
    long priceMicros;
    long medianMicros;
    long sales7d, sales30d, impressions, clicks, orders, reviews;
    double ratingValue;

    LeafDocValues(LeafReaderContext ctx, long[] medianByOrd) throws IOException {
      LeafReader r = ctx.reader();
      this.docBase = ctx.docBase;
      this.maxDoc = r.maxDoc();
      this.medianByOrd = medianByOrd;
      price = DocValues.getNumeric(r, PRICE);
      signals = DocValues.getBinary(r, SIGNALS);
      category = DocValues.getSorted(r, CATEGORY);
    }

    void advance(int doc) throws IOException {
      priceMicros = price.advanceExact(doc) ? price.longValue() : 0;
      if (signals.advanceExact(doc)) {
        decodeSignals(signals.binaryValue());
      } else {
        sales7d = sales30d = impressions = clicks = orders = reviews = 0;
        ratingValue = 0;
      }
      medianMicros = category.advanceExact(doc) ? medianByOrd[category.ordValue()] : 0;
    }

    double logMultiplier(int doc, RankingProfile p) throws IOException {
      advance(doc);
      return p.logMultiplier(
          sales7d, sales30d, impressions, clicks, orders, ratingValue, reviews, priceMicros,
          medianMicros);
    }

    Signals signals() {
      return new Signals(sales7d, sales30d, impressions, clicks, orders, ratingValue, reviews);
    }

    /** Inverse of {@link ProductIndex#encodeSignals}. */
    private void decodeSignals(BytesRef v) {
      byte[] b = v.bytes;
      pos = v.offset;
      boolean hasRating = b[pos++] != 0;
      sales7d = vLong(b);
      sales30d = vLong(b);
      impressions = vLong(b);
      clicks = vLong(b);
      orders = vLong(b);
      reviews = vLong(b);
      long bits = 0;
      if (hasRating) {
        for (int i = 0; i < 8; i++) {
          bits = (bits << 8) | (b[pos++] & 0xFF);
        }
      }
      ratingValue = Double.longBitsToDouble(bits);
    }

    private int pos;

    private long vLong(byte[] b) {
      long v = 0;
      int shift = 0;
      byte x;
      do {
        x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        shift += 7;
      } while (x < 0);
      return v;
    }
  }

  /** Reusable document for indexing: one set of Field objects, refilled per product. */
  private static final class DocBuilder {
    final Document doc = new Document();
    final StringField id = new StringField(ID, "", Field.Store.NO);
    final AnalyzedTitle analyzed = new AnalyzedTitle();
    final Field title = new Field(TITLE, analyzed.tokenStream(), TITLE_TYPE);
    final NumericDocValuesField order = new NumericDocValuesField(ORDER, 0L);
    final BytesRef payloadBytes = new BytesRef(new byte[256]);
    final BinaryDocValuesField payload = new BinaryDocValuesField(PAYLOAD, payloadBytes);
    final StringField category = new StringField(CATEGORY, "", Field.Store.NO);
    final SortedDocValuesField categoryDv = new SortedDocValuesField(CATEGORY, new BytesRef());
    final StringField brand = new StringField(BRAND, "", Field.Store.NO);
    final LongPoint pricePoint = new LongPoint(PRICE, 0L);
    final NumericDocValuesField priceDv = new NumericDocValuesField(PRICE, 0L);
    final BytesRef signalBytes = new BytesRef(new byte[SIGNALS_MAX_BYTES]);
    final BinaryDocValuesField signals = new BinaryDocValuesField(SIGNALS, signalBytes);

    DocBuilder() {
      doc.add(id);
      doc.add(title);
      doc.add(payload);
      doc.add(category);
      doc.add(categoryDv);
      doc.add(brand);
      doc.add(pricePoint);
      doc.add(priceDv);
      doc.add(signals);
      doc.add(order);
    }

    /** The document of {@code p} with write sequence number {@code seq}. */
    Document fill(Product p, long seq) {
      // analysed once: the sort key needs the title's length and repeats before the document is
      // added, and the index then replays the same tokens
      analyzed.clear();
      return fillAnalyzed(p, seq, analyzed.add(p.title()));
    }

    /** The document of {@code p}, whose title is {@code analyzed}'s title {@code t}. */
    Document fillAnalyzed(Product p, long seq, int t) {
      id.setStringValue(p.productId());
      analyzed.select(t);
      title.setTokenStream(analyzed.tokenStream());
      order.setLongValue(analyzed.orderValue(t, seq));
      encodePayload(p);
      category.setStringValue(p.category());
      categoryDv.setBytesValue(new BytesRef(p.category()));
      brand.setStringValue(p.brand());
      long price = p.priceMicros();
      pricePoint.setLongValue(price);
      priceDv.setLongValue(price);
      encodeSignals(p.signals(), signalBytes);
      signals.setBytesValue(signalBytes);
      return doc;
    }

    /** Length-prefixed UTF-8 strings: id, title, seller, category, brand. */
    private void encodePayload(Product p) {
      payloadBytes.length = 0;
      put(p.productId());
      put(p.title());
      put(p.sellerId());
      put(p.category());
      put(p.brand());
      payload.setBytesValue(payloadBytes);
    }

    private void put(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int need = payloadBytes.length + 5 + b.length;
      if (need > payloadBytes.bytes.length) {
        payloadBytes.bytes = java.util.Arrays.copyOf(payloadBytes.bytes, Math.max(need, payloadBytes.bytes.length * 2));
      }
      int len = b.length;
      while ((len & ~0x7F) != 0) {
        payloadBytes.bytes[payloadBytes.length++] = (byte) ((len & 0x7F) | 0x80);
        len >>>= 7;
      }
      payloadBytes.bytes[payloadBytes.length++] = (byte) len;
      System.arraycopy(b, 0, payloadBytes.bytes, payloadBytes.length, b.length);
      payloadBytes.length += b.length;
    }
  }

  /**
   * The hits of a page, in page order: payload and price from doc values, read in doc id order with
   * one iterator per segment (a doc values iterator costs more to create than to read 10 values).
   *
   * @param explainWith the profile to explain scores with, or null for no explanations
   */
  private static List<Hit> hits(MedianSearcher searcher, int[] docs, double[] scores, float[] bm25,
      RankingProfile explainWith) throws IOException {
    int n = docs.length;
    int[] byDoc = new int[n];
    for (int i = 0; i < n; i++) {
      byDoc[i] = i;
    }
    sortByDoc(byDoc, docs);
    Hit[] out = new Hit[n];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext ctx = null;
    BinaryDocValues payload = null;
    NumericDocValues price = null;
    LeafDocValues dv = null;
    for (int j = 0; j < n; j++) {
      int i = byDoc[j];
      int doc = docs[i];
      if (ctx == null || doc >= ctx.docBase + ctx.reader().maxDoc()) {
        int leaf = ReaderUtil.subIndex(doc, leaves);
        ctx = leaves.get(leaf);
        payload = DocValues.getBinary(ctx.reader(), PAYLOAD);
        price = DocValues.getNumeric(ctx.reader(), PRICE);
        dv = explainWith == null ? null : new LeafDocValues(ctx, searcher.medians(leaf));
      }
      int local = doc - ctx.docBase;
      if (!payload.advanceExact(local) || !price.advanceExact(local)) {
        throw new IllegalStateException("document " + doc + " has no payload: index written by another tool?");
      }
      ScoreParts parts = null;
      if (dv != null) {
        dv.advance(local);
        parts = explainWith.explain(bm25[i], dv.signals(), dv.priceMicros, dv.medianMicros);
      }
      BytesRef b = payload.binaryValue();
      int[] pos = {b.offset};
      String id = get(b, pos);
      String title = get(b, pos);
      String seller = get(b, pos);
      String category = get(b, pos);
      String brand = get(b, pos);
      out[i] = new Hit(id, scores[i], title, price.longValue(), seller, category, brand, parts);
    }
    return Arrays.asList(out);
  }

  private static String get(BytesRef b, int[] pos) {
    int len = 0;
    int shift = 0;
    byte x;
    do {
      x = b.bytes[pos[0]++];
      len |= (x & 0x7F) << shift;
      shift += 7;
    } while ((x & 0x80) != 0);
    String s = new String(b.bytes, pos[0], len, StandardCharsets.UTF_8);
    pos[0] += len;
    return s;
  }

  /** An IndexSearcher that carries, per segment, the category-median price by category ordinal. */
  static final class MedianSearcher extends IndexSearcher {
    private final long[][] medianByLeafOrd;
    private final RankingProfile profile;
    private final double[] multiplierByDoc;
    private final double maxMultiplier;
    private final SegmentRegions[] regions;

    MedianSearcher(IndexReader reader, long[][] medianByLeafOrd, RankingProfile profile,
        double[] multiplierByDoc, double maxMultiplier, SegmentRegions[] regions) {
      super(reader);
      this.medianByLeafOrd = medianByLeafOrd;
      this.profile = profile;
      this.multiplierByDoc = multiplierByDoc;
      this.maxMultiplier = maxMultiplier;
      this.regions = regions;
    }

    /** The region table of every leaf, by leaf ord (shared: do not modify). */
    SegmentRegions[] regions() {
      return regions;
    }

    /** The largest precomputed multiplier over live documents (0 for an empty index). */
    double maxMultiplier() {
      return maxMultiplier;
    }

    /** exp(logMultiplier) by global doc id when precomputed for {@code p}, otherwise null. */
    double[] multipliersFor(RankingProfile p) {
      return multiplierByDoc != null && profile.sameBlendAs(p) ? multiplierByDoc : null;
    }

    long[] medians(int leafIdx) {
      return medianByLeafOrd[leafIdx];
    }
  }

  /**
   * Builds a {@link MedianSearcher} per refresh: one pass over the live documents' price and
   * category doc values, O(live docs). Prices change only through re-indexing, but deletes and
   * replacements move medians, so they are recomputed on every new reader.
   */
  private static final class MedianSearcherFactory extends SearcherFactory {
    private final RankingProfile profile;
    private final Set<String> signalUpdates;

    MedianSearcherFactory(RankingProfile profile, Set<String> signalUpdates) {
      this.profile = profile;
      this.signalUpdates = signalUpdates;
    }

    // Cache from the previous refresh. newSearcher runs under the SearcherManager's refresh lock
    // (and once in its constructor), never concurrently, so plain fields suffice.
    private List<Object> prevShape = List.of();
    private Map<BytesRef, Long> prevMedian = Map.of();
    private Map<LeafReader, LeafMultipliers> prevLeaves = Map.of();
    private Map<Object, LeafMultipliers> prevLeavesByCore = Map.of();
    private Map<Object, SegmentRegions> prevRegions = Map.of();
    private Set<String> prevDrained = Set.of();

    /** Multipliers of one segment reader (leaf-local doc ids) and their maximum. */
    private record LeafMultipliers(double[] byDoc, double max) {}

    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader)
        throws IOException {
      List<LeafReaderContext> leaves = reader.leaves();
      // Prices only change by re-indexing, i.e. new segments or deletes: if every segment core and
      // its delete count is unchanged (a signals-only refresh), the category medians are too.
      List<Object> shape = new ArrayList<>(leaves.size() * 2);
      for (LeafReaderContext ctx : leaves) {
        IndexReader.CacheHelper core = ctx.reader().getCoreCacheHelper();
        shape.add(core == null ? ctx.reader() : core.getKey());
        shape.add(ctx.reader().numDeletedDocs());
      }
      boolean mediansReused = shape.equals(prevShape);
      Map<BytesRef, Long> median = mediansReused ? prevMedian : medians(leaves);
      long[][] byLeafOrd = new long[leaves.size()][];
      for (int l = 0; l < leaves.size(); l++) {
        SortedDocValues cat = DocValues.getSorted(leaves.get(l).reader(), CATEGORY);
        long[] m = new long[cat.getValueCount()];
        for (int o = 0; o < m.length; o++) {
          m[o] = median.getOrDefault(cat.lookupOrd(o), 0L);
        }
        byLeafOrd[l] = m;
      }
      // Products whose signals changed: those updated since the last refresh, and those of the
      // refresh before (an update that raced with that refresh's reader may show only now).
      Set<String> drained = new HashSet<>();
      for (java.util.Iterator<String> it = signalUpdates.iterator(); it.hasNext(); ) {
        drained.add(it.next());
        it.remove();
      }
      Set<String> changed = new HashSet<>(prevDrained);
      changed.addAll(drained);
      prevDrained = drained;
      double[] multipliers = null;
      double max = 0;
      Map<LeafReader, LeafMultipliers> leafCache = new java.util.IdentityHashMap<>();
      Map<Object, LeafMultipliers> leafCacheByCore = new HashMap<>();
      if (profile.blend()) {
        // Unchanged segments are copied from the previous refresh. A segment whose signals changed
        // (a doc-values update gives it a new reader over the same core) gets the changed products
        // recomputed, or all of its documents (O(maxDoc)) when many changed or medians moved.
        multipliers = new double[reader.maxDoc()];
        for (int l = 0; l < leaves.size(); l++) {
          LeafReaderContext ctx = leaves.get(l);
          IndexReader.CacheHelper core = ctx.reader().getCoreCacheHelper();
          Object coreKey = core == null ? ctx.reader() : core.getKey();
          LeafMultipliers lm = mediansReused ? prevLeaves.get(ctx.reader()) : null;
          if (lm == null && mediansReused && changed.size() <= ctx.reader().maxDoc() / 16) {
            LeafMultipliers old = prevLeavesByCore.get(coreKey);
            if (old != null) {
              lm = patchedMultipliers(old, ctx, byLeafOrd[l], changed);
            }
          }
          if (lm == null) {
            lm = leafMultipliers(ctx, byLeafOrd[l]);
          }
          leafCache.put(ctx.reader(), lm);
          leafCacheByCore.put(coreKey, lm);
          System.arraycopy(lm.byDoc(), 0, multipliers, ctx.docBase, lm.byDoc().length);
          max = Math.max(max, lm.max());
        }
      }
      // Region tables depend on the segment core only (sort order and write sequence numbers never
      // change for a segment; deletions are checked at search time): built once per segment.
      SegmentRegions[] regions = new SegmentRegions[leaves.size()];
      Map<Object, SegmentRegions> regionCache = new HashMap<>();
      for (int l = 0; l < leaves.size(); l++) {
        LeafReader r = leaves.get(l).reader();
        IndexReader.CacheHelper core = r.getCoreCacheHelper();
        Object key = core == null ? r : core.getKey();
        SegmentRegions sr = prevRegions.get(key);
        if (sr == null) {
          sr = SegmentRegions.of(r);
        }
        regionCache.put(key, sr);
        regions[l] = sr;
      }
      prevShape = shape;
      prevMedian = median;
      prevLeaves = leafCache;
      prevLeavesByCore = leafCacheByCore;
      prevRegions = regionCache;
      return new MedianSearcher(reader, byLeafOrd, profile, multipliers, max, regions);
    }

    private LeafMultipliers leafMultipliers(LeafReaderContext ctx, long[] medianByOrd)
        throws IOException {
      LeafDocValues dv = new LeafDocValues(ctx, medianByOrd);
      Bits live = ctx.reader().getLiveDocs();
      double[] byDoc = new double[dv.maxDoc];
      double max = 0;
      for (int doc = 0; doc < dv.maxDoc; doc++) {
        if (live == null || live.get(doc)) {
          double m = Math.exp(dv.logMultiplier(doc, profile));
          byDoc[doc] = m;
          max = Math.max(max, m);
        }
      }
      return new LeafMultipliers(byDoc, max);
    }

    /** {@code old} with the documents of the {@code changed} product ids recomputed (a copy). */
    private LeafMultipliers patchedMultipliers(LeafMultipliers old, LeafReaderContext ctx,
        long[] medianByOrd, Set<String> changed) throws IOException {
      double[] byDoc = old.byDoc().clone();
      LeafReader r = ctx.reader();
      org.apache.lucene.index.Terms ids = r.terms(ID);
      if (ids != null && !changed.isEmpty()) {
        org.apache.lucene.index.TermsEnum te = ids.iterator();
        org.apache.lucene.index.PostingsEnum pe = null;
        int[] docs = new int[16];
        int n = 0;
        for (String id : changed) {
          if (te.seekExact(new BytesRef(id))) {
            pe = te.postings(pe, org.apache.lucene.index.PostingsEnum.NONE);
            for (int d = pe.nextDoc(); d != org.apache.lucene.index.PostingsEnum.NO_MORE_DOCS; d = pe.nextDoc()) {
              if (n == docs.length) {
                docs = java.util.Arrays.copyOf(docs, n * 2);
              }
              docs[n++] = d;
            }
          }
        }
        java.util.Arrays.sort(docs, 0, n); // doc values are read forward
        LeafDocValues dv = new LeafDocValues(ctx, medianByOrd);
        Bits live = r.getLiveDocs();
        for (int i = 0; i < n; i++) {
          int doc = docs[i];
          if ((i == 0 || doc != docs[i - 1]) && (live == null || live.get(doc))) {
            byDoc[doc] = Math.exp(dv.logMultiplier(doc, profile));
          }
        }
      }
      double max = 0;
      for (double m : byDoc) {
        max = Math.max(max, m);
      }
      return new LeafMultipliers(byDoc, max);
    }

    /** Median listing price per category over live documents: one pass over two doc values. */
    private static Map<BytesRef, Long> medians(List<LeafReaderContext> leaves) throws IOException {
      Map<BytesRef, LongList> prices = new HashMap<>();
      for (LeafReaderContext ctx : leaves) {
        LeafReader r = ctx.reader();
        SortedDocValues cat = DocValues.getSorted(r, CATEGORY);
        NumericDocValues price = DocValues.getNumeric(r, PRICE);
        Bits live = r.getLiveDocs();
        LongList[] byOrd = new LongList[cat.getValueCount()];
        for (int o = 0; o < byOrd.length; o++) {
          byOrd[o] = prices.computeIfAbsent(BytesRef.deepCopyOf(cat.lookupOrd(o)), k -> new LongList());
        }
        for (int doc = cat.nextDoc(); doc != SortedDocValues.NO_MORE_DOCS; doc = cat.nextDoc()) {
          if ((live == null || live.get(doc)) && price.advanceExact(doc)) {
            byOrd[cat.ordValue()].add(price.longValue());
          }
        }
      }
      Map<BytesRef, Long> median = new HashMap<>();
      for (Map.Entry<BytesRef, LongList> e : prices.entrySet()) {
        median.put(e.getKey(), e.getValue().median());
      }
      return median;
    }
  }

  /** Growable long array with a median (lower middle for even sizes; 0 when empty). */
  static final class LongList {
    long[] a = new long[16];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    long median() {
      if (n == 0) {
        return 0;
      }
      java.util.Arrays.sort(a, 0, n);
      return a[(n - 1) / 2];
    }
  }

  /** Something computed on the current point-in-time searcher. */
  interface SearcherFunction<T> {
    T apply(MedianSearcher searcher) throws IOException;
  }

  /** For tests: runs {@code f} on the current searcher. */
  <T> T withSearcher(SearcherFunction<T> f) {
    try {
      MedianSearcher s = (MedianSearcher) manager.acquire();
      try {
        return f.apply(s);
      } finally {
        manager.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For tests: the signals stored for a product (the live document with this id), or null. */
  Signals storedSignals(String productId) {
    return withSearcher(s -> {
      for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
        org.apache.lucene.index.Terms ids = ctx.reader().terms(ID);
        if (ids == null) {
          continue;
        }
        org.apache.lucene.index.TermsEnum te = ids.iterator();
        if (!te.seekExact(new BytesRef(productId))) {
          continue;
        }
        org.apache.lucene.index.PostingsEnum pe = te.postings(null, org.apache.lucene.index.PostingsEnum.NONE);
        Bits live = ctx.reader().getLiveDocs();
        for (int d = pe.nextDoc(); d != org.apache.lucene.index.PostingsEnum.NO_MORE_DOCS; d = pe.nextDoc()) {
          if (live == null || live.get(d)) {
            LeafDocValues dv = new LeafDocValues(ctx, s.medians(ctx.ord));
            dv.advance(d);
            return dv.signals();
          }
        }
      }
      return null;
    });
  }

  /** For tests: the category medians of the current searcher's view. */
  Map<String, Long> categoryMedians() {
    try {
      MedianSearcher s = (MedianSearcher) manager.acquire();
      try {
        Map<String, Long> out = new HashMap<>();
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        for (int l = 0; l < leaves.size(); l++) {
          SortedDocValues cat = DocValues.getSorted(leaves.get(l).reader(), CATEGORY);
          for (int o = 0; o < cat.getValueCount(); o++) {
            out.put(cat.lookupOrd(o).utf8ToString(), s.medians(l)[o]);
          }
        }
        return out;
      } finally {
        manager.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
