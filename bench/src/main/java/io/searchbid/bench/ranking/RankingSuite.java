package io.searchbid.bench.ranking;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.JmhSuite;
import io.searchbid.bench.jmh.JmhSuite.Pairing;
import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.jmh.Targets;
import io.searchbid.bench.report.Environment;
import io.searchbid.bench.report.Figure;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.SearchRequest;
import io.searchbid.ranking.Signals;
import io.searchbid.ranking.TextAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * {@code bench ranking}: index build (products/s, bytes on disk) against a plain Lucene index of the
 * same titles; signal bulk update against re-indexing; top-10/top-100 query throughput (JMH) for
 * 1/2/3-word queries, plain BM25 vs the commerce profiles, English and Chinese, against plain
 * Lucene BM25 on the same index; single-thread top-10 latency percentiles.
 */
public final class RankingSuite implements Suite {

  /** JMH parameter combinations up to which the query benchmarks get 10 measured iterations, not 3. */
  static final int SMALL_GRID = 24;

  @Override
  public String name() {
    return "ranking";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) throws Exception {
    List<String> langs = s.values("lang", "en", "zh");
    List<String> sizes = s.values("catalog", s.quick() ? new String[] {"10000"} : new String[] {"10000", "100000", "1000000"});
    Path cache = s.outDir().resolve("cache").toAbsolutePath();
    System.setProperty(RankingFixture.CACHE_PROPERTY, cache.toString());
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("catalogs", sizes);
    data.put("languages", langs);
    data.put("queriesPerWordCount", RankingFixture.QUERY_COUNT);

    // 1. Index build per language and size, each against a plain Lucene index of the same titles.
    for (String lang : langs) {
      for (String sizeText : sizes) {
        int size = Integer.parseInt(sizeText);
        console.printf(Locale.ROOT, "bench ranking: generating %,d %s products ...%n", size, lang);
        List<Product> products = RankingFixture.catalog(lang, size, s.seed());
        console.printf(Locale.ROOT, "bench ranking: building the index of %,d %s products ...%n", size, lang);
        RankingFixture.Build b = RankingFixture.buildAndCache(lang, size, s.seed(), products);
        double[] plain = plainLuceneBuild(products, cache.resolve("plain-lucene-" + lang + "-" + size), b.threads());
        Map<String, String> p = Map.of("lang", lang, "catalog", sizeText, "threads", Integer.toString(b.threads()));
        Figure f = Figure.of("ranking", "indexBuild", ordered(p), b.products() / (b.nanos() / 1e9), "products/s", true)
            .withBaseline("plainLuceneIndexBuild", plain[0] / (plain[1] / 1e9))
            .withExtra("bytesOnDisk", b.bytesOnDisk())
            .withExtra("bytesPerProduct", (double) b.bytesOnDisk() / b.products())
            .withExtra("plainLuceneBytesOnDisk", plain[2]);
        if (size == 1_000_000) {
          f = f.withTarget(">= 50,000 products/s (issue 3)", f.value() >= 50_000);
        }
        figures.add(f);
        console.printf(Locale.ROOT, "  %,.0f products/s, %,d bytes on disk (plain Lucene %,.0f products/s)%n", f.value(), b.bytesOnDisk(),
            f.baselineValue());
        products = null;
      }
    }

    // 2. Signal bulk update vs re-indexing the same products, on the smallest catalog.
    // (capped at 100,000 products: it builds four in-memory indexes)
    int bulkSize = Math.min(100_000, Integer.parseInt(sizes.get(0)));
    figures.add(bulkUpdate(langs.get(0), bulkSize, s.seed(), console));

    // 3. Query throughput (JMH).
    JmhSuite jmh = new JmhSuite("ranking")
        .include(RankingQueryBench.class.getName() + "\\.")
        .include(LuceneBm25Bench.class.getName() + "\\.")
        .systemProperty(RankingFixture.CACHE_PROPERTY, cache.toString())
        .param("catalog", sizes.toArray(String[]::new))
        .param("lang", langs.toArray(String[]::new))
        .pair(Pairing.of("RankingQueryBench.search", "LuceneBm25Bench.luceneBm25"))
        .target(Targets.minThroughputAndRatio("RankingQueryBench.search",
            Map.of("profile", "commerce", "k", "10", "catalog", "1000000"), 5000, 0.6,
            ">= 5,000 queries/s on one core and >= 0.6x plain Lucene BM25 (issue 3; against the module's BM25 profile:"
                + " commerceVsBm25Paired)"));
    List<String> words = s.quick() ? s.values("words", "2") : s.values("words", "1", "2", "3");
    RunSettings js = s;
    if (s.quick()) {
      jmh.param("words", "2").param("k", "10").param("profile", "bm25", "commerce");
      notes.add("quick: 10,000 products, 2-word queries, top-10, profiles bm25 and commerce only");
    } else {
      // On 1M products the first second pages the index in and runs interpreted (a few hundred
      // queries), and the JIT goes on compiling for about ten seconds (1-word queries: throughput
      // still climbs 20% after five). The whole grid (3 sizes x 2 languages x 3 query lengths x 2 k
      // x 3 profiles, + plain Lucene) gets 5 warm-up and 3 measured one-second iterations in one
      // fork; a subset chosen with --param (e.g. the 1M English catalog, top-10) gets 10 and 10,
      // whose spread is a few percent instead of tens. --forks wins.
      int combinations = sizes.size() * langs.size() * words.size()
          * s.values("k", "10", "100").size() * (s.values("profile", "bm25", "commerce", "commerce-n1000").size() + 1);
      boolean small = combinations <= SMALL_GRID;
      js = s.withForks(s.forksGiven() ? s.forks() : Math.min(s.forks(), 1))
          .withIterations(small ? 10 : 5, 1, small ? 10 : 3, 1);
    }
    List<Figure> q = jmh.run(js, console);
    figures.addAll(withBm25ProfileRatio(q));

    // 4. Single-thread top-10 latency percentiles on the largest catalog.
    String largest = sizes.get(sizes.size() - 1);
    for (String lang : langs) {
      figures.addAll(latency(lang, Integer.parseInt(largest), s.seed(), s.quick() ? 1000 : 5000, console));
    }
    // 5. Commerce vs plain BM25, paired (the ratio target of issue 3; see PairedProfiles).
    for (String lang : langs) {
      figures.addAll(PairedProfiles.measure(lang, Integer.parseInt(largest), s.seed(),
          words.stream().map(Integer::parseInt).toList(), s.quick() ? 0.5 : 10,
          s.quick() ? 0.5 : 10, console));
    }
    notes.add("index build = ProductIndex.addAll(products, threads) + commit on an on-disk index, one thread per core (catalog "
        + "generation excluded); baseline = a plain Lucene index (id + stored title, same analyzer) of the same titles on as many "
        + "threads; the query benchmarks then search that index force-merged to one segment (untimed)");
    notes.add("queries: 512 per word count, consecutive analysed terms of random catalog titles (every query matches); searches on the "
        + "committed on-disk index, memory-mapped, single thread; baseline luceneBm25 = IndexSearcher.search(disjunction of the terms, k) "
        + "plus stored fields of each hit");
    return new Outcome(figures, notes, data);
  }

  private static Map<String, String> ordered(Map<String, String> p) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lang", p.get("lang"));
    m.put("catalog", p.get("catalog"));
    m.put("threads", p.get("threads"));
    return m;
  }

  /** Adds, to each commerce figure, its ratio to the ranking module's own plain-BM25 mode (same params). */
  static List<Figure> withBm25ProfileRatio(List<Figure> figs) {
    List<Figure> out = new ArrayList<>();
    for (Figure f : figs) {
      Figure g = f;
      if (f.name().equals("RankingQueryBench.search") && !"bm25".equals(f.params().get("profile"))) {
        Map<String, String> want = new LinkedHashMap<>(f.params());
        want.put("profile", "bm25");
        for (Figure b : figs) {
          if (b.name().equals(f.name()) && b.params().equals(want)) {
            g = g.withExtra("ratioToBm25Profile", f.value() / b.value());
          }
        }
      }
      out.add(g);
    }
    return out;
  }

  /**
   * {products, nanos, bytes} of a plain Lucene index of the same ids and titles, built on {@code
   * threads} threads (each adds a contiguous slice), Lucene's default settings but the same 256 MB
   * buffer.
   */
  static double[] plainLuceneBuild(List<Product> products, Path dir, int threads) throws IOException {
    RankingFixture.deleteRecursively(dir);
    Files.createDirectories(dir);
    IndexWriterConfig cfg = new IndexWriterConfig(TextAnalysis.analyzerFor(products.get(0).title()));
    cfg.setRAMBufferSizeMB(256);
    long t0 = System.nanoTime();
    try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), cfg)) {
      List<Thread> started = new ArrayList<>();
      IOException[] failure = new IOException[1];
      for (int t = 0; t < threads; t++) {
        List<Product> slice = products.subList(products.size() * t / threads, products.size() * (t + 1) / threads);
        started.add(Thread.ofPlatform().start(() -> {
          Document d = new Document();
          StringField id = new StringField("id", "", Field.Store.YES);
          TextField title = new TextField("title", "", Field.Store.YES);
          d.add(id);
          d.add(title);
          try {
            for (Product p : slice) {
              id.setStringValue(p.productId());
              title.setStringValue(p.title());
              w.addDocument(d);
            }
          } catch (IOException e) {
            synchronized (failure) {
              failure[0] = e;
            }
          }
        }));
      }
      for (Thread t : started) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      if (failure[0] != null) {
        throw failure[0];
      }
      w.commit();
    }
    long took = System.nanoTime() - t0;
    long bytes = Environment.sizeOnDisk(dir);
    RankingFixture.deleteRecursively(dir);
    return new double[] {products.size(), took, bytes};
  }

  /** Bulk signal update of every product (+ refresh) vs upserting the same products with the new signals (+ refresh). */
  static Figure bulkUpdate(String lang, int size, long seed, PrintStream console) {
    console.printf(Locale.ROOT, "bench ranking: signal bulk update on %,d %s products ...%n", size, lang);
    List<Product> products = RankingFixture.catalog(lang, size, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5eed);
    // Warm-up round on a throw-away index, then one measured round of each.
    double[] upd = null;
    double[] reindex = null;
    for (int round = 0; round < 2; round++) {
      Map<String, Signals> next = new LinkedHashMap<>();
      List<Product> changed = new ArrayList<>(products.size());
      for (Product p : products) {
        Signals o = p.signals();
        long s7 = o.sales7d() + r.nextInt(5);
        Signals n = new Signals(s7, o.sales30d() + (s7 - o.sales7d()) + r.nextInt(5), o.impressions() + 100, o.clicks() + r.nextInt(10),
            o.orders() + r.nextInt(3), o.rating(), o.reviewCount());
        next.put(p.productId(), n);
        changed.add(new Product(p.productId(), p.sellerId(), p.title(), p.category(), p.brand(), p.attributes(), p.skus(), p.createdOn(), n));
      }
      try (ProductIndex idx = ProductIndex.inMemory(RankingProfile.defaults())) {
        idx.addAll(products);
        idx.refresh();
        long t0 = System.nanoTime();
        idx.updateSignals(next);
        idx.refresh();
        upd = new double[] {next.size(), System.nanoTime() - t0};
      }
      try (ProductIndex idx = ProductIndex.inMemory(RankingProfile.defaults())) {
        idx.addAll(products);
        idx.refresh();
        long t0 = System.nanoTime();
        idx.upsertAll(changed);
        idx.refresh();
        reindex = new double[] {changed.size(), System.nanoTime() - t0};
      }
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lang", lang);
    p.put("catalog", Integer.toString(size));
    return Figure.of("ranking", "signalBulkUpdate", p, upd[0] / (upd[1] / 1e9), "products/s", true)
        .withBaseline("reindexUpsert", reindex[0] / (reindex[1] / 1e9))
        .withNote("every product's signals replaced, then one refresh; in-memory index; second of two rounds");
  }

  /** p50/p99/p99.9 of single-thread top-10 searches: plain Lucene, bm25 profile, commerce profile. */
  static List<Figure> latency(String lang, int size, long seed, int perProfile, PrintStream console) throws IOException {
    console.printf(Locale.ROOT, "bench ranking: top-10 latency, %s, %,d products, %,d queries per profile ...%n", lang, size, perProfile);
    Path dir = RankingFixture.ensureIndex(lang, size, seed);
    List<String> qs = new ArrayList<>();
    for (int w = 1; w <= 3; w++) {
      qs.addAll(RankingFixture.cachedQueries(lang, size, seed, w));
    }
    java.util.Collections.shuffle(qs, new java.util.Random(seed));
    Map<String, Histogram> hs = new LinkedHashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      hs.put("lucene", measure(perProfile, qs, q -> {
        TopDocs top = searcher.search(LuceneBm25Bench.query(q), 10);
        var stored = searcher.storedFields();
        long sink = 0;
        for (ScoreDoc sd : top.scoreDocs) {
          sink += stored.document(sd.doc).getFields().size();
        }
        return sink;
      }));
    }
    for (String profile : List.of("bm25", "commerce")) {
      RankingProfile rp = RankingQueryBench.profile(profile);
      try (ProductIndex idx = ProductIndex.open(dir, rp)) {
        idx.refresh();
        hs.put(profile, measure(perProfile, qs, q -> idx.search(SearchRequest.of(q, 10), rp).hits().size()));
      }
    }
    List<Figure> out = new ArrayList<>();
    Histogram base = hs.get("lucene");
    for (var e : hs.entrySet()) {
      Histogram h = e.getValue();
      Map<String, String> p = new LinkedHashMap<>();
      p.put("lang", lang);
      p.put("catalog", Integer.toString(size));
      p.put("profile", e.getKey());
      p.put("k", "10");
      Figure f = Figure.of("ranking", "top10Latency.p50", p, h.getValueAtPercentile(50) / 1000.0, "us", false)
          .withExtra("p90", h.getValueAtPercentile(90) / 1000.0)
          .withExtra("p99", h.getValueAtPercentile(99) / 1000.0)
          .withExtra("p99.9", h.getValueAtPercentile(99.9) / 1000.0)
          .withExtra("max", h.getMaxValue() / 1000.0)
          .withExtra("queries", h.getTotalCount());
      if (!e.getKey().equals("lucene")) {
        f = f.withBaseline("top10Latency.p50 [profile=lucene]", base.getValueAtPercentile(50) / 1000.0);
      }
      out.add(f);
    }
    return out;
  }

  interface Search {
    long run(String q) throws IOException;
  }

  /** Warm-up of {@code n} searches, then {@code n} timed ones, one at a time (service time, not load latency). */
  static Histogram measure(int n, List<String> qs, Search s) throws IOException {
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += s.run(qs.get(i % qs.size()));
    }
    Histogram h = new Histogram(60_000_000_000L, 3);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      sink += s.run(qs.get(i % qs.size()));
      h.recordValue(System.nanoTime() - t0);
    }
    if (sink == 42) {
      System.out.print("");
    }
    return h;
  }
}
