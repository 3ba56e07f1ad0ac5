package io.searchbid.engine;

import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Durable products for the service: an append-only JSON Lines log (the source of truth, fsync'd
 * before a write is acknowledged) plus the on-disk Lucene index of {@link SearchEngine}, committed
 * in the background. On start the log is replayed into the catalog, and the entries written after
 * the last index commit are re-indexed, so a crash loses no acknowledged product.
 *
 * <p>In the service the store is a node's replica of the products journaled by the product bucket
 * entities ({@code ProductReplica}); {@code journal-offset} records how far into the journal's
 * product events the log is, so that a restarted node reads only what it missed. An index written
 * by an older searchbid version is deleted and rebuilt from the log ({@link #openIndex}).
 *
 * <p>Layout under {@code dir}: {@code log.jsonl}, {@code index/} (Lucene), {@code committed-offset}
 * (log length at the last index commit), {@code journal-offset} (journal ordering of the last
 * product event in the log, written at each commit). Writes are serialised; reads go to the engine.
 */
public final class ProductStore implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProductStore.class);

  private final Path dir;
  private final SearchEngine engine;
  private final FileChannel log;
  private volatile boolean dirty;
  private long uncommittedSince;
  private long journalOffset;

  private ProductStore(Path dir, SearchEngine engine, FileChannel log, long journalOffset) {
    this.dir = dir;
    this.engine = engine;
    this.log = log;
    this.journalOffset = journalOffset;
  }

  /** The Lucene directory the engine's {@code ProductIndex} must be opened on. */
  public static Path indexDir(Path dir) {
    return dir.resolve("index");
  }

  /**
   * Opens the product index of the store in {@code dir}. An index written by an older searchbid
   * version ({@link ProductIndex.OutdatedIndexException}) is deleted, so that {@link #open} indexes
   * every product of the log again: an upgrade needs no manual step.
   */
  public static ProductIndex openIndex(Path dir, RankingProfile profile) {
    Path index = indexDir(dir);
    try {
      return ProductIndex.open(index, profile);
    } catch (ProductIndex.OutdatedIndexException outdated) {
      LOG.warn("{}: rebuilding the product index from the product log", outdated.getMessage());
      try {
        deleteTree(index);
        Files.deleteIfExists(dir.resolve("committed-offset"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the outdated product index " + index + ": " + e.getMessage(), e);
      }
      return ProductIndex.open(index, profile);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Opens the store, replaying the log into {@code engine} (whose index is open on {@link
   * #indexDir}). A torn last line (crash mid-write) is skipped.
   *
   * @return the store; {@link #size()} tells how many products were recovered
   */
  public static ProductStore open(Path dir, SearchEngine engine) {
    try {
      Files.createDirectories(dir);
      Path logFile = dir.resolve("log.jsonl");
      long committed = readCommittedOffset(dir);
      long[] offset = {0};
      if (Files.exists(logFile)) {
        try (BufferedReader r = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
          for (String line; (line = r.readLine()) != null; ) {
            long lineStart = offset[0];
            offset[0] += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (line.isBlank()) {
              continue;
            }
            Product p;
            try {
              p = CatalogJsonl.fromJson(line);
            } catch (IllegalArgumentException torn) {
              continue;
            }
            engine.catalog().put(p);
            if (lineStart >= committed) {
              engine.indexProduct(p);
            }
          }
        }
      }
      FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      ch.position(ch.size());
      ProductStore store = new ProductStore(dir, engine, ch, readOffset(dir.resolve("journal-offset"), -1));
      engine.refreshProducts();
      store.commit();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open product store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static long readCommittedOffset(Path dir) throws IOException {
    return readOffset(dir.resolve("committed-offset"), 0);
  }

  private static long readOffset(Path f, long absent) throws IOException {
    if (!Files.exists(f)) {
      return absent;
    }
    try {
      return Long.parseLong(Files.readString(f).trim());
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  /**
   * The journal ordering of the last product event this store holds (0: none), or -1 for a store
   * written before products were journaled (its products are not in the journal yet).
   */
  public synchronized long journalOffset() {
    return journalOffset;
  }

  /**
   * Records that every product event of the journal up to {@code ordering} is in the log; kept at
   * the next {@link #commit()}. Never moves back.
   */
  public synchronized void journalOffset(long ordering) {
    journalOffset = Math.max(journalOffset, ordering);
  }

  /** Every product of the log, as last written (a torn last line is skipped). */
  public synchronized List<Product> readLog() {
    java.util.Map<String, Product> last = new java.util.LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("log.jsonl"), StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          try {
            Product p = CatalogJsonl.fromJson(line);
            last.put(p.productId(), p);
          } catch (IllegalArgumentException torn) {
            // a crash mid-write; open() skipped it too
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read product log: " + e.getMessage(), e);
    }
    return List.copyOf(last.values());
  }

  /** Number of products known. */
  public int size() {
    return engine.catalog().size();
  }

  /**
   * Writes products durably (log fsync) and indexes them; they become searchable at the next
   * {@link #refreshIfDirty()} (the service runs it every 500 ms) — or at once with {@code refreshNow}.
   */
  public synchronized void upsertAll(List<Product> products, boolean refreshNow) {
    if (products.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(products.size() * 400);
    for (Product p : products) {
      sb.append(CatalogJsonl.toJson(p)).append('\n');
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        log.write(buf);
      }
      log.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write product log: " + e.getMessage(), e);
    }
    for (Product p : products) {
      engine.upsertProduct(p);
    }
    dirty = true;
    if (refreshNow) {
      refreshIfDirty();
    }
  }

  /** Makes written products searchable; commits the index every ~5 s of writes. */
  public synchronized void refreshIfDirty() {
    if (!dirty) {
      return;
    }
    dirty = false;
    engine.refreshProducts();
    if (++uncommittedSince >= 10) {
      commit();
    }
  }

  /** Commits the Lucene index and records how much of the log it covers. */
  public synchronized void commit() {
    try {
      long covered = log.size();
      engine.commitProducts();
      writeAtomically("committed-offset", covered);
      if (journalOffset >= 0) {
        writeAtomically("journal-offset", journalOffset);
      }
      uncommittedSince = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit product index: " + e.getMessage(), e);
    }
  }

  private void writeAtomically(String name, long value) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, Long.toString(value));
    Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public synchronized void close() {
    refreshIfDirty();
    commit();
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
