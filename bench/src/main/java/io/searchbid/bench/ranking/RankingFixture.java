package io.searchbid.bench.ranking;

import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.TextAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded catalogs and queries for the ranking benchmarks, and the on-disk indexes built from them.
 *
 * <p>An index is built once per (language, size, seed) into the cache directory (system property
 * {@value #CACHE_PROPERTY}, default {@code out/bench/cache}) and reused by every JMH fork, so forks
 * measure searches, not rebuilding 1,000,000 products. A marker file written after the commit tells a
 * finished index from an interrupted build.
 *
 * <p>Queries of {@code words} terms are taken from titles of random catalog products (consecutive
 * analysed title tokens, joined by spaces), so every query matches at least one product, in English
 * and in Chinese alike.
 */
public final class RankingFixture {

  public static final String CACHE_PROPERTY = "searchbid.bench.cache";
  static final String DONE_MARKER = "searchbid-bench-complete";
  static final int QUERY_COUNT = 512;

  private RankingFixture() {}

  public static Path cacheRoot() {
    return Path.of(System.getProperty(CACHE_PROPERTY, "out/bench/cache"));
  }

  public static Path indexDir(String lang, int size, long seed) {
    return cacheRoot().resolve("ranking-" + lang + "-" + size + "-" + seed);
  }

  public static CatalogGenerator.Language language(String lang) {
    return CatalogGenerator.Language.parse(lang);
  }

  /** The generated catalog (the same products for the same seed, language and size). */
  public static List<Product> catalog(String lang, int size, long seed) {
    return new CatalogGenerator(seed, language(lang)).generate(size);
  }

  /** Whether a complete cached index exists, built by this version of the ranking code. */
  public static boolean cached(String lang, int size, long seed) {
    Path marker = indexDir(lang, size, seed).resolve(DONE_MARKER);
    try {
      return Files.exists(marker) && Files.readString(marker).equals(markerText(size));
    } catch (IOException e) {
      return false;
    }
  }

  /** Identifies the index format: the product count and a checksum of the classes that write it. */
  static String markerText(int size) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    for (Class<?> c : new Class<?>[] {ProductIndex.class, CatalogGenerator.class, TextAnalysis.class}) {
      try (var in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
        if (in != null) {
          crc.update(in.readAllBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "products=" + size + "\ncode=" + Long.toHexString(crc.getValue()) + "\n";
  }

  /** Build measurement of one catalog. */
  public record Build(long products, long nanos, long bytesOnDisk, int threads) {}

  /** Indexing threads of the timed build: one per core. */
  public static int buildThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Builds the index of {@code products} in a fresh directory (timed: {@code addAll} on {@link
   * #buildThreads()} threads + {@code commit}; bytes on disk measured then), force-merges it to one
   * segment (untimed: the query benchmarks search a catalog built once, as after a bulk load) and
   * writes the query files for 1, 2 and 3 words; installs it as the cached index when there is none
   * yet, else discards it.
   */
  public static Build buildAndCache(String lang, int size, long seed, List<Product> products) {
    Path dir = indexDir(lang, size, seed);
    Path tmp = cacheRoot().resolve("ranking-" + lang + "-" + size + "-" + seed + ".building");
    try {
      deleteRecursively(tmp);
      Files.createDirectories(tmp);
      int threads = buildThreads();
      long took;
      long bytes;
      try (ProductIndex idx = ProductIndex.open(tmp, RankingProfile.defaults())) {
        long t0 = System.nanoTime();
        idx.addAll(products, threads);
        idx.commit();
        took = System.nanoTime() - t0;
        bytes = io.searchbid.bench.report.Environment.sizeOnDisk(tmp);
        idx.forceMerge(1);
        idx.commit();
      }
      for (int w = 1; w <= 3; w++) {
        Files.write(tmp.resolve("queries-" + w + ".txt"), queries(products, w, QUERY_COUNT, seed), StandardCharsets.UTF_8);
      }
      Files.writeString(tmp.resolve(DONE_MARKER), markerText(size));
      if (cached(lang, size, seed)) {
        deleteRecursively(tmp);
      } else {
        deleteRecursively(dir);
        Files.move(tmp, dir);
      }
      return new Build(products.size(), took, bytes, threads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes sure the cached index and its query files exist (building them untimed if not). */
  public static Path ensureIndex(String lang, int size, long seed) {
    if (!cached(lang, size, seed)) {
      buildAndCache(lang, size, seed, catalog(lang, size, seed));
    }
    return indexDir(lang, size, seed);
  }

  /** The cached queries of {@code words} terms. */
  public static List<String> cachedQueries(String lang, int size, long seed, int words) {
    try {
      return Files.readAllLines(ensureIndex(lang, size, seed).resolve("queries-" + words + ".txt"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} queries of {@code words} analysed title terms each (fewer when a title is shorter). */
  public static List<String> queries(List<Product> catalog, int words, int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 31 + words);
    List<String> out = new ArrayList<>(count);
    int guard = 0;
    while (out.size() < count && guard++ < count * 50) {
      Product p = catalog.get(r.nextInt(catalog.size()));
      List<String> t = new ArrayList<>(new LinkedHashSet<>(TextAnalysis.tokens(p.title())));
      if (t.size() < words) {
        continue;
      }
      int from = r.nextInt(t.size() - words + 1);
      out.add(String.join(" ", t.subList(from, from + words)));
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no title has " + words + " terms");
    }
    return out;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
