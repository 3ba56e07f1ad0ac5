package io.searchbid.ranking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
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
 * positions: queries are bags of terms). Category, brand and seller are exact-match terms usable as
 * filters; the listing price is a {@link LongPoint} (range filters) plus doc values (sorting, the
 * blend). Commerce signals live only in numeric doc values, so {@link #updateSignals} rewrites them
 * with {@link IndexWriter#updateDocValues} without re-analysing titles.
 *
 * <p><b>Visibility.</b> Writes become visible to searches after {@link #refresh()} (near-real-time
 * through a {@link SearcherManager}); searches never block on writes and always see one consistent
 * point-in-time view (old or new, never a mix). Durability on disk comes from {@link #commit()} or
 * {@link #close()}.
 *
 * <p><b>Thread-safety.</b> All methods are safe to call from many threads. Searches run in parallel;
 * document writes ({@link #upsert}, {@link #addAll}) are serialised on one reusable document
 * (indexing on this 2-core target is CPU-bound anyway).
 */
public final class ProductIndex implements Closeable {

  static final String ID = "id";
  static final String TITLE = TextAnalysis.TITLE_FIELD;
  static final String TITLE_STORED = "title_stored";
  static final String SELLER = "seller";
  static final String CATEGORY = "category";
  static final String BRAND = "brand";
  static final String PRICE = "price";
  static final String SALES7 = "sales7d";
  static final String SALES30 = "sales30d";
  static final String IMPRESSIONS = "impressions";
  static final String CLICKS = "clicks";
  static final String ORDERS = "orders";
  static final String RATING = "rating"; // Double.doubleToLongBits
  static final String REVIEWS = "reviews";

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
  private final DocBuilder builder = new DocBuilder();

  private ProductIndex(Directory directory, RankingProfile profile, double ramBufferMb)
      throws IOException {
    this.directory = directory;
    this.profile = Objects.requireNonNull(profile, "profile");
    IndexWriterConfig cfg = new IndexWriterConfig(TextAnalysis.analyzerFor(""));
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    cfg.setRAMBufferSizeMB(ramBufferMb);
    // Log merges keep documents in insertion order, so "ties broken by index order" means
    // "ties broken by the order products were last written" (the tests' reference relies on it).
    cfg.setMergePolicy(new LogByteSizeMergePolicy());
    this.writer = new IndexWriter(directory, cfg);
    this.manager = new SearcherManager(writer, new MedianSearcherFactory());
  }

  /** A heap-resident index (ByteBuffersDirectory) with the given profile. */
  public static ProductIndex inMemory(RankingProfile profile) {
    try {
      return new ProductIndex(new ByteBuffersDirectory(), profile, 256);
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
   */
  public static ProductIndex open(Path dir, RankingProfile profile) {
    try {
      return new ProductIndex(FSDirectory.open(dir), profile, 256);
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
      synchronized (builder) {
        writer.updateDocument(new Term(ID, product.productId()), builder.fill(product));
      }
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
    long n = 0;
    try {
      synchronized (builder) {
        for (Product p : products) {
          writer.addDocument(builder.fill(p));
          n++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
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
      writer.updateDocValues(new Term(ID, productId), signalFields(signals));
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

  /**
   * Searches with the given profile (e.g. {@link RankingProfile#bm25Only()} to compare).
   *
   * @throws IllegalArgumentException if the query has more than {@link SearchRequest#MAX_QUERY_TERMS}
   *     distinct terms, or (blended profile) the page ends beyond the profile's candidate window
   */
  public SearchResult search(SearchRequest request, RankingProfile profile) {
    Query query = toQuery(request);
    if (query == null) {
      return SearchResult.empty();
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

  /** The Lucene query for a request, or null when the text has no terms. */
  static Query toQuery(SearchRequest request) {
    LinkedHashSet<String> terms = new LinkedHashSet<>(TextAnalysis.tokens(request.text()));
    if (terms.size() > SearchRequest.MAX_QUERY_TERMS) {
      throw new IllegalArgumentException(
          "query must have at most " + SearchRequest.MAX_QUERY_TERMS + " distinct terms, got "
              + terms.size());
    }
    if (terms.isEmpty()) {
      return null;
    }
    Query text;
    if (terms.size() == 1) {
      text = new TermQuery(new Term(TITLE, terms.iterator().next()));
    } else {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (String t : terms) {
        b.add(new TermQuery(new Term(TITLE, t)), Occur.SHOULD);
      }
      text = b.build();
    }
    boolean filtered =
        request.category() != null
            || request.brand() != null
            || request.minPriceMicros() > 0
            || request.maxPriceMicros() < Long.MAX_VALUE;
    if (!filtered) {
      return text;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(text, Occur.MUST);
    if (request.category() != null) {
      b.add(new TermQuery(new Term(CATEGORY, request.category())), Occur.FILTER);
    }
    if (request.brand() != null) {
      b.add(new TermQuery(new Term(BRAND, request.brand())), Occur.FILTER);
    }
    if (request.minPriceMicros() > 0 || request.maxPriceMicros() < Long.MAX_VALUE) {
      b.add(
          LongPoint.newRangeQuery(PRICE, request.minPriceMicros(), request.maxPriceMicros()),
          Occur.FILTER);
    }
    return b.build();
  }

  private SearchResult plain(
      MedianSearcher searcher, Query query, SearchRequest request, RankingProfile profile)
      throws IOException {
    int end = request.from() + request.size();
    TopDocs top = searcher.search(query, end);
    ScoreDoc[] sd = top.scoreDocs;
    List<Hit> hits = new ArrayList<>(Math.max(0, Math.min(request.size(), sd.length - request.from())));
    StoredFields stored = searcher.storedFields();
    for (int i = request.from(); i < sd.length; i++) {
      ScoreParts parts =
          request.explain() ? explainDoc(searcher, sd[i].doc, sd[i].score, profile) : null;
      hits.add(toHit(stored, sd[i].doc, sd[i].score, parts));
    }
    return result(hits, top.totalHits);
  }

  private SearchResult blended(
      MedianSearcher searcher, Query query, SearchRequest request, RankingProfile profile)
      throws IOException {
    TopDocs top = searcher.search(query, profile.candidates());
    ScoreDoc[] sd = top.scoreDocs;
    int n = sd.length;
    if (n <= request.from()) {
      return result(List.of(), top.totalHits);
    }
    // Visit candidates in doc-id order so doc values iterators only move forward.
    int[] byDoc = new int[n];
    for (int i = 0; i < n; i++) {
      byDoc[i] = i;
    }
    sortByDoc(byDoc, sd);
    double[] score = new double[n];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafIdx = -1;
    LeafDocValues dv = null;
    for (int j = 0; j < n; j++) {
      int i = byDoc[j];
      int doc = sd[i].doc;
      if (dv == null || doc >= dv.docBase + dv.maxDoc) {
        leafIdx = ReaderUtil.subIndex(doc, leaves);
        dv = new LeafDocValues(leaves.get(leafIdx), searcher.medians(leafIdx));
      }
      score[i] = sd[i].score * Math.exp(dv.logMultiplier(doc - dv.docBase, profile));
    }
    // Partial selection sort of the first `end` positions: O(end * N), no boxing.
    int end = Math.min(n, request.from() + request.size());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int p = 0; p < end; p++) {
      int best = p;
      for (int q = p + 1; q < n; q++) {
        int a = order[q];
        int b = order[best];
        if (score[a] > score[b] || (score[a] == score[b] && a < b)) {
          best = q;
        }
      }
      int t = order[p];
      order[p] = order[best];
      order[best] = t;
    }
    List<Hit> hits = new ArrayList<>(end - request.from());
    StoredFields stored = searcher.storedFields();
    for (int p = request.from(); p < end; p++) {
      int i = order[p];
      ScoreParts parts =
          request.explain() ? explainDoc(searcher, sd[i].doc, sd[i].score, profile) : null;
      hits.add(toHit(stored, sd[i].doc, score[i], parts));
    }
    return result(hits, top.totalHits);
  }

  private static SearchResult result(List<Hit> hits, TotalHits total) {
    return new SearchResult(hits, total.value(), total.relation() == TotalHits.Relation.EQUAL_TO);
  }

  private static void sortByDoc(int[] idx, ScoreDoc[] sd) {
    // insertion sort is fine for N in the low hundreds and allocates nothing
    for (int i = 1; i < idx.length; i++) {
      int v = idx[i];
      int key = sd[v].doc;
      int j = i - 1;
      while (j >= 0 && sd[idx[j]].doc > key) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
  }

  private static Hit toHit(StoredFields stored, int doc, double score, ScoreParts parts)
      throws IOException {
    Document d = stored.document(doc);
    return new Hit(
        d.get(ID),
        score,
        d.get(TITLE_STORED),
        d.getField(PRICE).numericValue().longValue(),
        d.get(SELLER),
        d.get(CATEGORY),
        d.get(BRAND),
        parts);
  }

  private static ScoreParts explainDoc(
      MedianSearcher searcher, int doc, float bm25, RankingProfile profile) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafIdx = ReaderUtil.subIndex(doc, leaves);
    LeafDocValues dv = new LeafDocValues(leaves.get(leafIdx), searcher.medians(leafIdx));
    int local = doc - dv.docBase;
    dv.advance(local);
    return profile.explain(bm25, dv.signals(), dv.priceMicros, dv.medianMicros);
  }

  private static Field[] signalFields(Signals s) {
    return new Field[] {
        new NumericDocValuesField(SALES7, s.sales7d()),
        new NumericDocValuesField(SALES30, s.sales30d()),
        new NumericDocValuesField(IMPRESSIONS, s.impressions()),
        new NumericDocValuesField(CLICKS, s.clicks()),
        new NumericDocValuesField(ORDERS, s.orders()),
        new NumericDocValuesField(RATING, Double.doubleToLongBits(s.rating())),
        new NumericDocValuesField(REVIEWS, s.reviewCount())
    };
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
    final NumericDocValues price, s7, s30, imp, clk, ord, rating, rev;
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
      s7 = DocValues.getNumeric(r, SALES7);
      s30 = DocValues.getNumeric(r, SALES30);
      imp = DocValues.getNumeric(r, IMPRESSIONS);
      clk = DocValues.getNumeric(r, CLICKS);
      ord = DocValues.getNumeric(r, ORDERS);
      rating = DocValues.getNumeric(r, RATING);
      rev = DocValues.getNumeric(r, REVIEWS);
      category = DocValues.getSorted(r, CATEGORY);
    }

    void advance(int doc) throws IOException {
      priceMicros = price.advanceExact(doc) ? price.longValue() : 0;
      sales7d = s7.advanceExact(doc) ? s7.longValue() : 0;
      sales30d = s30.advanceExact(doc) ? s30.longValue() : 0;
      impressions = imp.advanceExact(doc) ? imp.longValue() : 0;
      clicks = clk.advanceExact(doc) ? clk.longValue() : 0;
      orders = ord.advanceExact(doc) ? ord.longValue() : 0;
      ratingValue = rating.advanceExact(doc) ? Double.longBitsToDouble(rating.longValue()) : 0;
      reviews = rev.advanceExact(doc) ? rev.longValue() : 0;
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
  }

  /** Reusable document for indexing: one set of Field objects, refilled per product. */
  private static final class DocBuilder {
    final Document doc = new Document();
    final StringField id = new StringField(ID, "", Field.Store.YES);
    final Field title = new Field(TITLE, TextAnalysis.analyzerFor("").tokenStream(TITLE, ""), TITLE_TYPE);
    final StoredField titleStored = new StoredField(TITLE_STORED, "");
    final StringField seller = new StringField(SELLER, "", Field.Store.YES);
    final StringField category = new StringField(CATEGORY, "", Field.Store.YES);
    final SortedDocValuesField categoryDv = new SortedDocValuesField(CATEGORY, new BytesRef());
    final StringField brand = new StringField(BRAND, "", Field.Store.YES);
    final LongPoint pricePoint = new LongPoint(PRICE, 0L);
    final NumericDocValuesField priceDv = new NumericDocValuesField(PRICE, 0L);
    final StoredField priceStored = new StoredField(PRICE, 0L);
    final NumericDocValuesField s7 = new NumericDocValuesField(SALES7, 0L);
    final NumericDocValuesField s30 = new NumericDocValuesField(SALES30, 0L);
    final NumericDocValuesField imp = new NumericDocValuesField(IMPRESSIONS, 0L);
    final NumericDocValuesField clk = new NumericDocValuesField(CLICKS, 0L);
    final NumericDocValuesField ord = new NumericDocValuesField(ORDERS, 0L);
    final NumericDocValuesField rating = new NumericDocValuesField(RATING, 0L);
    final NumericDocValuesField rev = new NumericDocValuesField(REVIEWS, 0L);

    DocBuilder() {
      doc.add(id);
      doc.add(title);
      doc.add(titleStored);
      doc.add(seller);
      doc.add(category);
      doc.add(categoryDv);
      doc.add(brand);
      doc.add(pricePoint);
      doc.add(priceDv);
      doc.add(priceStored);
      doc.add(s7);
      doc.add(s30);
      doc.add(imp);
      doc.add(clk);
      doc.add(ord);
      doc.add(rating);
      doc.add(rev);
    }

    Document fill(Product p) {
      id.setStringValue(p.productId());
      title.setTokenStream(TextAnalysis.analyzerFor(p.title()).tokenStream(TITLE, p.title()));
      titleStored.setStringValue(p.title());
      seller.setStringValue(p.sellerId());
      category.setStringValue(p.category());
      categoryDv.setBytesValue(new BytesRef(p.category()));
      brand.setStringValue(p.brand());
      long price = p.priceMicros();
      pricePoint.setLongValue(price);
      priceDv.setLongValue(price);
      priceStored.setLongValue(price);
      Signals s = p.signals();
      s7.setLongValue(s.sales7d());
      s30.setLongValue(s.sales30d());
      imp.setLongValue(s.impressions());
      clk.setLongValue(s.clicks());
      ord.setLongValue(s.orders());
      rating.setLongValue(Double.doubleToLongBits(s.rating()));
      rev.setLongValue(s.reviewCount());
      return doc;
    }
  }

  /** An IndexSearcher that carries, per segment, the category-median price by category ordinal. */
  static final class MedianSearcher extends IndexSearcher {
    private final long[][] medianByLeafOrd;

    MedianSearcher(IndexReader reader, long[][] medianByLeafOrd) {
      super(reader);
      this.medianByLeafOrd = medianByLeafOrd;
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
    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader)
        throws IOException {
      List<LeafReaderContext> leaves = reader.leaves();
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
      long[][] byLeafOrd = new long[leaves.size()][];
      for (int l = 0; l < leaves.size(); l++) {
        SortedDocValues cat = DocValues.getSorted(leaves.get(l).reader(), CATEGORY);
        long[] m = new long[cat.getValueCount()];
        for (int o = 0; o < m.length; o++) {
          m[o] = median.getOrDefault(cat.lookupOrd(o), 0L);
        }
        byLeafOrd[l] = m;
      }
      return new MedianSearcher(reader, byLeafOrd);
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
