package io.searchbid.engine.http;

import com.typesafe.config.Config;
import io.searchbid.auction.AdIndex;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.auction.PricingRule;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.Catalog;
import io.searchbid.engine.ProductStore;
import io.searchbid.engine.RankingTokenizer;
import io.searchbid.engine.SearchEngine;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of one running service node, wired by hand: the Pekko node (journal, cluster,
 * entities), the search engine with its local product and ad indexes, the replica that feeds the ad
 * index from the entities, and the HTTP server.
 *
 * <p>Start-up order: journal → products (log replay) → campaign replica bootstrap (every campaign
 * in the journal publishes its snapshot) → HTTP bind; so a node that answers is ready.
 * {@link #close()} is the graceful stop (also run on SIGTERM through CoordinatedShutdown): unbind and
 * finish in-flight requests, flush impressions, stop entities, close the journal, commit products.
 */
public final class ServiceApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceApp.class);

  private final ServiceNode node;
  private final Metrics metrics;
  private final SearchEngine engine;
  private final ProductStore store;
  private final CampaignDirectory directory;
  private final InetSocketAddress address;

  private ServiceApp(ServiceNode node, Metrics metrics, SearchEngine engine, ProductStore store,
      CampaignDirectory directory, InetSocketAddress address) {
    this.node = node;
    this.metrics = metrics;
    this.engine = engine;
    this.store = store;
    this.directory = directory;
    this.address = address;
  }

  /**
   * Starts a node from {@code config} and binds HTTP on {@code searchbid.http.host/port}.
   *
   * @param adminKey the admin key (checked non-empty by the caller)
   * @throws IllegalStateException if the journal, the data directory or the port is unusable
   */
  public static ServiceApp start(Config config, String adminKey, Clock clock) {
    long t0 = System.nanoTime();
    ServiceNode node = ServiceNode.start(config);
    LOG.info("node started in {} ms", (System.nanoTime() - t0) / 1_000_000);
    ProductIndex productIndex = null;
    try {
      Path dataDir = node.dataDir();
      Metrics metrics = new Metrics();
      Catalog catalog = new Catalog();
      CampaignDirectory directory = new CampaignDirectory(catalog, metrics);
      ClickTokenCodec codec = new ClickTokenCodec(clickKeys(config, dataDir),
          config.getDuration("searchbid.clicks.token-ttl").toMillis(), config.getDuration("searchbid.clicks.skew").toMillis());
      AdIndex adIndex = new AdIndex(RankingTokenizer.INSTANCE);
      KeywordAuction auction = KeywordAuction.builder(adIndex, codec).config(auctionConfig(config)).spend(directory).build();
      ImpressionCounter impressions = new ImpressionCounter();
      productIndex = ProductIndex.open(ProductStore.indexDir(dataDir.resolve("products")), RankingProfile.defaults());
      SecureRandom random = new SecureRandom();
      SearchEngine engine = SearchEngine.builder(productIndex, auction)
          .catalog(catalog)
          .charger(new PekkoClickCharger(node, metrics.clickBatchSize::observe))
          .auctionIds(SearchEngine.seededIds(random.nextLong()))
          .adListener(impressions)
          .cacheOrganicUntilRefresh(config.getInt("searchbid.search.organic-cache-entries"))
          .build();
      metrics.organicCache(engine::organicCacheHits, engine::organicCacheMisses);
      directory.attach(engine);
      metrics.beforeScrape(() -> metrics.budgetExhaustedCampaigns.set(
          directory.exhaustedOn(io.searchbid.auction.Times.epochDay(clock.millis()))));
      ProductStore store = ProductStore.open(dataDir.resolve("products"), engine);

      LOG.info("products loaded ({}) at {} ms", store.size(), (System.nanoTime() - t0) / 1_000_000);
      node.startCampaigns(directory::apply, nanos -> metrics.journalWriteSeconds.observe(nanos / 1e9));
      bootstrapReplica(node, directory);
      LOG.info("campaigns loaded at {} ms", (System.nanoTime() - t0) / 1_000_000);

      var blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
      Duration refresh = config.getDuration("searchbid.products.refresh-interval");
      node.system().scheduler().scheduleWithFixedDelay(refresh, refresh, store::refreshIfDirty, blocking);
      Duration flush = config.getDuration("searchbid.impressions.flush-interval");
      node.system().scheduler().scheduleWithFixedDelay(flush, flush, () -> impressions.flushAll(node, clock.millis()), blocking);

      ApiKeys keys = new ApiKeys(random);
      Authenticator auth = new Authenticator(node);
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("journal", node::journalReady);
      checks.put("cluster", node::clusterUp);
      // both are loaded before the port is bound; the checks stay for a future background load
      checks.put("productIndex", () -> store.size() >= 0 && productIndexOpen(engine));
      checks.put("adIndex", () -> directory.size() >= 0);
      List<HttpServer.Routes> routes = new ArrayList<>();
      routes.add(new HealthRoutes(checks, metrics));
      routes.add(new AdvertiserRoutes(node, keys, adminKey, clock));
      routes.add(new SearchRoutes(engine, metrics, clock, config.getString("searchbid.http.public-base-url")));
      routes.add(new ClickRoutes(engine, metrics, clock, config.getString("searchbid.http.product-url")));
      routes.add(new CampaignRoutes(node, auth, keys, RankingTokenizer.INSTANCE, directory, impressions, clock));
      routes.add(new ProductRoutes(store, catalog, auth, directory, clock, blocking));
      routes.add(new ConversionRoutes(engine, node, auth, clock));
      HttpServer http = new HttpServer(node.system(), metrics, config.getMemorySize("searchbid.http.max-body-bytes").toBytes(), routes);

      ProductIndex pi = productIndex;
      CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "flush-impressions", () -> {
        impressions.flushAll(node, clock.millis());
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-products", () -> {
        try {
          store.close();
          pi.close();
        } catch (RuntimeException e) {
          LOG.warn("closing the product store: {}", e.toString());
        }
        return CompletableFuture.completedFuture(Done.getInstance());
      });

      InetSocketAddress address = http.bind(config.getString("searchbid.http.host"), config.getInt("searchbid.http.port"));
      return new ServiceApp(node, metrics, engine, store, directory, address);
    } catch (RuntimeException e) {
      node.close();
      if (productIndex != null) {
        try {
          productIndex.close();
        } catch (RuntimeException ignored) {
          // start-up already failed; report that failure
        }
      }
      throw e;
    }
  }

  /** Asks every campaign in the journal for its snapshot and applies it (bounded: 120 s). */
  private static void bootstrapReplica(ServiceNode node, CampaignDirectory directory) {
    try {
      List<String> ids = node.campaignIds().toCompletableFuture().get(60, TimeUnit.SECONDS);
      List<CompletableFuture<?>> all = new ArrayList<>(ids.size());
      for (String id : ids) {
        all.add(node.campaign(id)
            .<CampaignEntity.Snapshot>ask(CampaignEntity.GetSnapshot::new, Duration.ofSeconds(60))
            .thenAccept(s -> {
              if (s.snapshot() != null) {
                directory.apply(s.snapshot());
              }
            }).toCompletableFuture());
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      LOG.info("ad index replica loaded: {} campaigns", directory.size());
    } catch (Exception e) {
      throw new IllegalStateException("cannot load campaigns from the journal: " + e, e);
    }
  }

  private static boolean productIndexOpen(SearchEngine engine) {
    try {
      engine.productIndex().size();
      return true;
    } catch (RuntimeException closedOrBroken) {
      return false;
    }
  }

  static AuctionConfig auctionConfig(Config c) {
    List<Double> rates = c.getDoubleList("searchbid.auction.slot-click-rates");
    return new AuctionConfig(PricingRule.parse(c.getString("searchbid.auction.rule")), rates,
        c.getLong("searchbid.auction.reserve-price-micros"), c.getDouble("searchbid.auction.min-ad-rank"),
        c.getLong("searchbid.auction.increment-micros"), c.getBoolean("searchbid.auction.one-per-advertiser"));
  }

  /** Configured keys, or a key generated once and kept in the data directory. */
  static ClickKeyRing clickKeys(Config c, Path dataDir) {
    String spec = c.getString("searchbid.clicks.keys").trim();
    if (!spec.isEmpty()) {
      return ClickKeyRing.parse(spec);
    }
    Path file = dataDir.resolve("click-keys");
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(file, "k1:" + Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
      }
      return ClickKeyRing.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return address.getPort();
  }

  public ServiceNode node() {
    return node;
  }

  public Metrics metrics() {
    return metrics;
  }

  public SearchEngine engine() {
    return engine;
  }

  public ProductStore products() {
    return store;
  }

  public CampaignDirectory directory() {
    return directory;
  }

  /** Graceful stop: CoordinatedShutdown (unbind, drain, flush, stop entities, close stores). */
  @Override
  public void close() {
    node.close();
  }
}
