package io.searchbid.engine;

import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
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
 * <p>Layout under {@code dir}: {@code log.jsonl}, {@code index/} (Lucene), {@code committed-offset}
 * (log length at the last index commit). Writes are serialised; reads go to the engine.
 */
public final class ProductStore implements AutoCloseable {

  private final Path dir;
  private final SearchEngine engine;
  private final FileChannel log;
  private volatile boolean dirty;
  private long uncommittedSince;

  private ProductStore(Path dir, SearchEngine engine, FileChannel log) {
    this.dir = dir;
    this.engine = engine;
    this.log = log;
  }

  /** The Lucene directory the engine's {@code ProductIndex} must be opened on. */
  public static Path indexDir(Path dir) {
    return dir.resolve("index");
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
      ProductStore store = new ProductStore(dir, engine, ch);
      engine.refreshProducts();
      store.commit();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open product store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static long readCommittedOffset(Path dir) throws IOException {
    Path f = dir.resolve("committed-offset");
    if (!Files.exists(f)) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(f).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
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
      Path tmp = dir.resolve("committed-offset.tmp");
      Files.writeString(tmp, Long.toString(covered));
      Files.move(tmp, dir.resolve("committed-offset"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      uncommittedSince = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit product index: " + e.getMessage(), e);
    }
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
