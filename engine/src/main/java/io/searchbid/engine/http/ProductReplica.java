package io.searchbid.engine.http;

import io.searchbid.auction.service.ProductBucketEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.auction.service.TagFollower;
import io.searchbid.engine.ProductStore;
import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's replica of the products, and the way products are written in a cluster.
 *
 * <p><b>Writes</b> ({@link #write}) go to the product bucket entities ({@link ProductBucketEntity}:
 * one single writer per 1/64 of the product ids, anywhere in the cluster), which decide ownership
 * and journal the products; once journaled they are applied here (read-your-writes on the node
 * that answered) and published to every node.
 *
 * <p><b>Replication</b>: every node applies each write from up to three sources, whichever comes
 * first — its own write path, the bucket's pub-sub message (milliseconds), and the journal's events
 * tagged {@link ProductBucketEntity#TAG} ({@code eventsByTag}, the safety net for lost messages and
 * the catch-up of a node that starts late or restarts). A product is applied only from a write with
 * a higher bucket sequence number than the one applied before, so the sources never undo one
 * another. Pub-sub and journal applies run on one thread, in arrival order.
 *
 * <p>Products become searchable at the product store's next refresh ({@code
 * searchbid.products.refresh-interval}); the delay from a write answered on node A to the product
 * being served by node C is measured by {@code ClusterOnPostgresTest}.
 */
public final class ProductReplica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProductReplica.class);

  /**
   * Most bytes of product JSON in one entity command: a command and the pub-sub message of its
   * write cross the cluster as one Artery message, whose default frame limit is 256 KiB.
   */
  static final int MAX_CHUNK_BYTES = 96 * 1024;

  /** Largest JSON of a single product accepted for writing. */
  public static final int MAX_PRODUCT_BYTES = 64 * 1024;

  /** What a write did: how many products were written, and the ids owned by another seller. */
  public record WriteResult(int written, List<String> notOwned) {}

  private final ServiceNode node;
  private final ProductStore store;
  private final Consumer<Set<String>> sellersChanged;
  private final Executor blocking;
  private final JournalHealth journal;
  /** Bucket sequence number of the write each product was last applied from; guarded by this. */
  private final Map<String, Long> versions = new HashMap<>();
  /** Pub-sub and journal applies, one at a time in arrival order. */
  private final ExecutorService lane = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "product-replica");
    t.setDaemon(true);
    return t;
  });
  private volatile UniqueKillSwitch following;

  /**
   * @param sellersChanged told the sellers whose products were applied (ads show product data)
   * @param blocking where the local apply (an fsync'd log write) of a write runs
   * @param journal writes are refused at once (503 {@code journal_unavailable}) while it is not writable
   */
  public ProductReplica(ServiceNode node, ProductStore store, Consumer<Set<String>> sellersChanged, Executor blocking,
      JournalHealth journal) {
    this.journal = journal;
    this.node = node;
    this.store = store;
    this.sellersChanged = sellersChanged;
    this.blocking = blocking;
  }

  // --- writes ------------------------------------------------------------------------------------

  /**
   * Writes products (each as its own {@code sellerId}) through their buckets and applies them on this
   * node. A product listed twice is written once, as its last occurrence. Products of one bucket are
   * written all or none; a product owned by another seller fails its bucket's part only, and is
   * reported in {@link WriteResult#notOwned()}.
   *
   * @param refreshNow make the products searchable on this node before completing
   * @return completes once every part is journaled and applied here; fails with 503 {@code
   *     journal_unavailable} while the journal cannot be written, or with the journal's or the ask's
   *     failure (a timeout: retry, the write is idempotent)
   * @throws IllegalArgumentException if a product's JSON exceeds {@link #MAX_PRODUCT_BYTES}
   */
  public CompletionStage<WriteResult> write(List<Product> products, boolean refreshNow) {
    Map<String, Product> last = new LinkedHashMap<>();
    for (Product p : products) {
      last.put(p.productId(), p);
    }
    List<Chunk> chunks = chunk(last.values());
    return journal.guardWrite("the products were not written", () -> writeChunks(chunks, refreshNow));
  }

  private CompletionStage<WriteResult> writeChunks(List<Chunk> chunks, boolean refreshNow) {
    List<CompletableFuture<List<String>>> parts = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      parts.add(node.productBucket(c.bucket)
          .<ProductBucketEntity.WriteReply>ask(r -> new ProductBucketEntity.Write(c.items, r), node.askTimeout())
          .thenApplyAsync(reply -> {
            if (!reply.written()) {
              return reply.notOwned();
            }
            apply(c.products, reply.sequenceNr(), null);
            return List.<String>of();
          }, blocking)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
      List<String> notOwned = new ArrayList<>();
      int written = 0;
      for (int i = 0; i < parts.size(); i++) {
        List<String> refused = parts.get(i).join();
        notOwned.addAll(refused);
        if (refused.isEmpty()) {
          written += chunks.get(i).products.size();
        }
      }
      if (refreshNow) {
        store.refreshIfDirty();
      }
      return new WriteResult(written, notOwned);
    }, blocking);
  }

  private record Chunk(int bucket, List<ProductBucketEntity.Item> items, List<Product> products) {}

  private static List<Chunk> chunk(Iterable<Product> products) {
    Map<Integer, List<Product>> byBucket = new TreeMap<>();
    for (Product p : products) {
      byBucket.computeIfAbsent(ProductBucketEntity.bucketOf(p.productId()), b -> new ArrayList<>()).add(p);
    }
    List<Chunk> chunks = new ArrayList<>();
    for (var e : byBucket.entrySet()) {
      List<ProductBucketEntity.Item> items = new ArrayList<>();
      List<Product> ps = new ArrayList<>();
      int bytes = 0;
      for (Product p : e.getValue()) {
        String json = CatalogJsonl.toJson(p);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_PRODUCT_BYTES) {
          throw new IllegalArgumentException("product " + p.productId() + " is " + size
              + " bytes of JSON; at most " + MAX_PRODUCT_BYTES + " bytes per product");
        }
        if (!items.isEmpty() && bytes + size > MAX_CHUNK_BYTES) {
          chunks.add(new Chunk(e.getKey(), items, ps));
          items = new ArrayList<>();
          ps = new ArrayList<>();
          bytes = 0;
        }
        items.add(new ProductBucketEntity.Item(p.productId(), p.sellerId(), json));
        ps.add(p);
        bytes += size;
      }
      chunks.add(new Chunk(e.getKey(), items, ps));
    }
    return chunks;
  }

  // --- replication -------------------------------------------------------------------------------

  /**
   * Applies products written as their bucket's write {@code sequenceNr}, skipping those already
   * applied from that write or a newer one. Exactly one of {@code products} and {@code items} is
   * non-null (items are parsed only when applied).
   *
   * @return how many products were applied
   */
  private synchronized int apply(List<Product> products, long sequenceNr, List<ProductBucketEntity.Item> items) {
    int n = products != null ? products.size() : items.size();
    List<Product> fresh = new ArrayList<>(n);
    Set<String> sellers = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      String id = products != null ? products.get(i).productId() : items.get(i).productId();
      Long held = versions.get(id);
      if (held != null && held >= sequenceNr) {
        continue;
      }
      Product p = products != null ? products.get(i) : CatalogJsonl.fromJson(items.get(i).json());
      fresh.add(p);
      sellers.add(p.sellerId());
      versions.put(id, sequenceNr);
    }
    if (!fresh.isEmpty()) {
      store.upsertAll(fresh, false);
      sellersChanged.accept(sellers);
    }
    return fresh.size();
  }

  /** A bucket's pub-sub message: applied on the replica's thread (the caller is an actor). */
  public void applyPublished(ProductBucketEntity.Published p) {
    lane.execute(() -> {
      try {
        apply(null, p.sequenceNr(), p.items());
      } catch (RuntimeException e) {
        LOG.warn("product write {} of bucket {} not applied from pub-sub (the journal will bring it): {}",
            p.sequenceNr(), p.bucket(), e.toString());
      }
    });
  }

  private CompletionStage<Done> applyJournaled(EventEnvelope env) {
    return CompletableFuture.supplyAsync(() -> {
      if (ProductBucketEntity.bucketOfPersistenceId(env.persistenceId()) >= 0
          && env.event() instanceof ProductBucketEntity.ProductsWritten w) {
        int applied = apply(null, env.sequenceNr(), w.items());
        if (applied > 0 && following != null) {
          LOG.info("{} products of write {} of {} came from the journal (its pub-sub message had not arrived)",
              applied, env.sequenceNr(), env.persistenceId());
        }
      }
      store.journalOffset(TagFollower.ordering(env.offset()));
      return Done.getInstance();
    }, lane);
  }

  /**
   * Brings this node's products up to date with the journal, then follows it. A store written before
   * products were journaled first writes its products to their buckets (once; ownership conflicts
   * with other nodes' products are logged and the bucket's owner wins).
   *
   * @param timeout bound on the catch-up
   * @throws IllegalStateException if the catch-up fails or takes longer than {@code timeout}
   */
  public void start(Duration timeout) {
    try {
      if (store.journalOffset() < 0) {
        migrate(timeout);
      }
      long from = store.journalOffset();
      long last = TagFollower.catchUp(node.system(), ProductBucketEntity.TAG, from, this::applyJournaled)
          .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      store.refreshIfDirty();
      store.commit();
      LOG.info("product replica caught up with the journal: {} products, journal offset {} (was {})", store.size(), last, from);
      following = TagFollower.follow(node.system(), ProductBucketEntity.TAG, last, this::applyJournaled, o -> {});
    } catch (Exception e) {
      throw new IllegalStateException("cannot load products from the journal: " + e, e);
    }
  }

  private void migrate(Duration timeout) throws Exception {
    List<Product> local = store.readLog();
    int notOwned = 0;
    for (int from = 0; from < local.size(); from += 5000) {
      WriteResult r = write(local.subList(from, Math.min(local.size(), from + 5000)), false)
          .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      notOwned += r.notOwned().size();
      if (!r.notOwned().isEmpty()) {
        LOG.warn("products {} of this node's store belong to other sellers in the journal; the journal's owner wins", r.notOwned());
      }
    }
    store.journalOffset(0);
    store.commit();
    if (local.isEmpty()) {
      return;
    }
    LOG.info("{} products of this node's store written to the journal ({} owned by others)", local.size() - notOwned, notOwned);
  }

  /** Stops following the journal and finishes the applies in flight. */
  @Override
  public void close() {
    UniqueKillSwitch f = following;
    if (f != null) {
      f.shutdown();
    }
    lane.shutdown();
    try {
      lane.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
