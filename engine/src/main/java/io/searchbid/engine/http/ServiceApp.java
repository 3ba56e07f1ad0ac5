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
import io.searchbid.auction.service.ReplicaCatchUp;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.Catalog;
import io.searchbid.engine.ProductStore;
import io.searchbid.engine.RankingTokenizer;
import io.searchbid.engine.SearchEngine;
import io.searchbid.engine.secrets.LiveSecrets;
import io.searchbid.engine.secrets.Secrets;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Start-up order: journal → products (local log replay, then the journal's product events this
 * node has not applied yet) → campaign replica bootstrap (every campaign
 * in the journal publishes its snapshot) → HTTP bind; so a node that answers is ready.
 * {@link #close()} is the graceful stop (also run on SIGTERM through CoordinatedShutdown): readiness
 * false for {@code searchbid.http.unready-before-unbind} while still serving, unbind and finish
 * in-flight requests, flush impressions, hand off the entities, leave the cluster, close the journal,
 * commit products.
 */
public final class ServiceApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceApp.class);

  private final ServiceNode node;
  private final Metrics metrics;
  private final SearchEngine engine;
  private final ProductStore store;
  private final ProductReplica products;
  private final CampaignDirectory directory;
  private final InetSocketAddress address;
  private final AtomicBoolean released;

  private ServiceApp(ServiceNode node, Metrics metrics, SearchEngine engine, ProductStore store,
      ProductReplica products, CampaignDirectory directory, InetSocketAddress address, AtomicBoolean released) {
    this.released = released;
    this.products = products;
    this.node = node;
    this.metrics = metrics;
    this.engine = engine;
    this.store = store;
    this.directory = directory;
    this.address = address;
  }

  /**
   * Starts a node from {@code config} and binds HTTP on {@code searchbid.http.host/port}, with the
   * admin key given and the click keys of {@code searchbid.clicks.keys} (or generated once into the
   * data directory). These secrets cannot be reloaded.
   *
   * @param adminKey the admin key (checked non-empty by the caller)
   * @throws IllegalStateException if the journal, the data directory or the port is unusable
   */
  public static ServiceApp start(Config config, String adminKey, Clock clock) {
    return start(config, dataDir -> LiveSecrets.fixed(Secrets.of(adminKey, clickKeys(config, dataDir)), clock.millis()), clock);
  }

  /**
   * Starts a node whose admin keys and click keys come from {@code secretsFile}, reloadable without
   * restart ({@code POST /v1/admin/keys:reload}, and a watch every {@code searchbid.secrets.watch-interval}).
   *
   * @throws IllegalArgumentException if the file is unusable, or the configuration also sets
   *     {@code searchbid.admin-key} or {@code searchbid.clicks.keys} (one source per secret)
   * @throws IllegalStateException if the journal, the data directory or the port is unusable
   */
  public static ServiceApp startWithSecretsFile(Config config, Path secretsFile, Clock clock) {
    checkOneSecretSource(config, secretsFile);
    LiveSecrets secrets = LiveSecrets.fromFile(secretsFile, clock.millis()); // fail before the node starts
    return start(config, dataDir -> secrets, clock);
  }

  /**
   * @throws IllegalArgumentException if a secret is configured both in the file and in the
   *     configuration / environment
   */
  public static void checkOneSecretSource(Config config, Path secretsFile) {
    if (!config.getString("searchbid.admin-key").isBlank()) {
      throw new IllegalArgumentException("the admin key is set both by the secrets file " + secretsFile
          + " and by SEARCHBID_ADMIN_KEY / searchbid.admin-key: keep it in one place (the file)");
    }
    if (!config.getString("searchbid.clicks.keys").isBlank()) {
      throw new IllegalArgumentException("click keys are set both by the secrets file " + secretsFile
          + " and by SEARCHBID_CLICK_KEYS / searchbid.clicks.keys: keep them in one place (the file)");
    }
  }

  private static ServiceApp start(Config config, java.util.function.Function<Path, LiveSecrets> secretsOf, Clock clock) {
    checkBodyLimit(config);
    RateLimits limits = RateLimits.of(config);
    long t0 = System.nanoTime();
    ServiceNode node = ServiceNode.start(config);
    LOG.info("node started in {} ms", (System.nanoTime() - t0) / 1_000_000);
    ProductIndex productIndex = null;
    try {
      Path dataDir = node.dataDir();
      Metrics metrics = new Metrics();
      Duration unready = unreadyBeforeUnbind(config, node);
      AtomicBoolean serving = new AtomicBoolean(true);
      Catalog catalog = new Catalog();
      CampaignDirectory directory = new CampaignDirectory(catalog, metrics);
      LiveSecrets secrets = secretsOf.apply(dataDir);
      ClickTokenCodec codec = new ClickTokenCodec(secrets.current().clickKeys(),
          config.getDuration("searchbid.clicks.token-ttl").toMillis(), config.getDuration("searchbid.clicks.skew").toMillis());
      secrets.listen(new LiveSecrets.Listener() {
        @Override
        public void applied(Secrets s) {
          codec.useRing(s.clickKeys());
          metrics.clickKeys.set(s.clickKeys().keyIds().size());
          metrics.clickSigningKey.clear();
          metrics.clickSigningKey.labels(s.clickKeys().signingKeyId()).set(1);
          metrics.secretsLoads.labels("ok").inc();
        }

        @Override
        public void failed(String message) {
          metrics.secretsLoads.labels("failed").inc();
        }
      });
      AdIndex adIndex = new AdIndex(RankingTokenizer.INSTANCE);
      KeywordAuction auction = KeywordAuction.builder(adIndex, codec).config(auctionConfig(config)).spend(directory).build();
      ImpressionCounter impressions = new ImpressionCounter();
      productIndex = ProductStore.openIndex(dataDir.resolve("products"), RankingProfile.defaults());
      SecureRandom random = new SecureRandom();
      var blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
      JournalHealth journal = JournalHealth.start(node.system(), config, blocking);
      SearchEngine engine = SearchEngine.builder(productIndex, auction)
          .catalog(catalog)
          .charger(journal.guard(new PekkoClickCharger(node, metrics.clickBatchSize::observe)))
          .auctionIds(SearchEngine.seededIds(random.nextLong()))
          .adListener(impressions)
          .cacheOrganicUntilRefresh(config.getInt("searchbid.search.organic-cache-entries"))
          .build();
      metrics.organicCache(engine::organicCacheHits, engine::organicCacheMisses);
      directory.attach(engine);
      metrics.beforeScrape(() -> metrics.budgetExhaustedCampaigns.set(
          directory.exhaustedOn(io.searchbid.auction.Times.epochDay(clock.millis()))));
      ProductStore store = ProductStore.open(dataDir.resolve("products"), engine);

      LOG.info("products loaded from the local store ({}) at {} ms", store.size(), (System.nanoTime() - t0) / 1_000_000);
      ProductReplica products = new ProductReplica(node, store, directory::productsChanged, blocking, journal);
      node.startProducts(products::applyPublished);
      products.start(Duration.ofMinutes(5));
      LOG.info("products caught up with the journal ({}) at {} ms", store.size(), (System.nanoTime() - t0) / 1_000_000);
      long journalOffset = ReplicaCatchUp.currentOrdering(node);
      node.startCampaigns(directory::apply, nanos -> metrics.journalWriteSeconds.observe(nanos / 1e9));
      bootstrapReplica(node, directory);
      if (config.getBoolean("searchbid.replica.journal-catch-up")) {
        var catchUp = ReplicaCatchUp.start(node, journalOffset, id -> {
          var held = directory.get(id);
          return held == null ? -1 : held.sequenceNr();
        }, directory::apply, Duration.ofSeconds(5));
        CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "replica-catch-up",
            () -> {
              catchUp.shutdown();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
      }
      LOG.info("campaigns loaded at {} ms", (System.nanoTime() - t0) / 1_000_000);

      Duration refresh = config.getDuration("searchbid.products.refresh-interval");
      node.system().scheduler().scheduleWithFixedDelay(refresh, refresh, store::refreshIfDirty, blocking);
      Duration flush = config.getDuration("searchbid.impressions.flush-interval");
      node.system().scheduler().scheduleWithFixedDelay(flush, flush, () -> {
        if (journal.writable()) { // else keep counting: a write now would fail and stop the entity
          impressions.flushAll(node, clock.millis());
        }
      }, blocking);

      Duration watch = config.getDuration("searchbid.secrets.watch-interval");
      if (secrets.file().isPresent() && !watch.isZero()) {
        node.system().scheduler().scheduleWithFixedDelay(watch, watch, () -> secrets.pollFile(clock.millis()), blocking);
      }
      RateLimiter apiKeyLimiter = limits.apiKey();
      RateLimiter adminLimiter = limits.adminKey();
      for (RateLimiter l : new RateLimiter[] {apiKeyLimiter, adminLimiter}) {
        if (l != null) {
          node.system().scheduler().scheduleWithFixedDelay(Duration.ofMinutes(1), Duration.ofMinutes(1), l::prune, blocking);
        }
      }
      metrics.beforeScrape(() -> metrics.campaigns.set(directory.size()));

      ApiKeys keys = new ApiKeys(random);
      ApiKeyRoutes.Settings apiKeySettings = ApiKeyRoutes.Settings.of(config);
      Authenticator auth = Authenticator.start(node, apiKeyLimiter, metrics, clock, apiKeySettings.authCacheTtl());
      AdminAuth admin = new AdminAuth(secrets::current, adminLimiter, metrics);
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("serving", serving::get);
      checks.put("journal", () -> node.journalReady() && journal.writable());
      checks.put("cluster", node::clusterUp);
      // both are loaded before the port is bound; the checks stay for a future background load
      checks.put("productIndex", () -> store.size() >= 0 && productIndexOpen(engine));
      checks.put("adIndex", () -> directory.size() >= 0);
      AtomicBoolean released = new AtomicBoolean(!config.getBoolean("searchbid.http.ready-after-release"));
      checks.put("startup", released::get);
      List<HttpServer.Routes> routes = new ArrayList<>();
      routes.add(new HealthRoutes(checks, metrics));
      routes.add(new AdvertiserRoutes(node, keys, admin, clock));
      routes.add(new ApiKeyRoutes(node, keys, auth, admin, metrics, clock, apiKeySettings));
      routes.add(new AdminRoutes(secrets, admin, clock, blocking));
      routes.add(new SearchRoutes(engine, metrics, clock, config.getString("searchbid.http.public-base-url")));
      routes.add(new ClickRoutes(engine, metrics, clock, config.getString("searchbid.http.product-url")));
      routes.add(new CampaignRoutes(node, auth, keys, RankingTokenizer.INSTANCE, directory, impressions, clock));
      routes.add(new ProductRoutes(products, catalog, auth, clock, blocking));
      routes.add(new ConversionRoutes(engine, node, auth, clock));
      HttpServer http = new HttpServer(node.system(), metrics, config.getMemorySize("searchbid.http.max-body-bytes").toBytes(), routes);

      ProductIndex pi = productIndex;
      CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "unready", () -> {
        serving.set(false);
        LOG.info("stopping: readiness false, unbinding HTTP in {} ms", unready.toMillis());
        return CompletableFuture.supplyAsync(Done::getInstance,
            CompletableFuture.delayedExecutor(unready.toMillis(), TimeUnit.MILLISECONDS));
      });
      CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "flush-impressions", () -> {
        impressions.flushAll(node, clock.millis());
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-products", () -> {
        try {
          products.close();
          store.close();
          pi.close();
        } catch (RuntimeException e) {
          LOG.warn("closing the product store: {}", e.toString());
        }
        return CompletableFuture.completedFuture(Done.getInstance());
      });

      InetSocketAddress address = http.bind(config.getString("searchbid.http.host"), config.getInt("searchbid.http.port"));
      return new ServiceApp(node, metrics, engine, store, products, directory, address, released);
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

  /**
   * {@code searchbid.http.unready-before-unbind}: how long a stopping node answers readiness false
   * while still serving, so that load balancers stop sending it requests before it unbinds.
   *
   * @throws IllegalArgumentException if negative, or not below the timeout of CoordinatedShutdown's
   *     before-service-unbind phase (the wait runs in that phase)
   */
  static Duration unreadyBeforeUnbind(Config config, ServiceNode node) {
    String key = "searchbid.http.unready-before-unbind";
    Duration d = config.getDuration(key);
    long phaseMillis = CoordinatedShutdown.get(node.system()).timeout(CoordinatedShutdown.PhaseBeforeServiceUnbind()).toMillis();
    if (d.isNegative() || d.toMillis() >= phaseMillis) {
      throw new IllegalArgumentException(key + " must be >= 0 and below pekko.coordinated-shutdown.phases.before-service-unbind.timeout ("
          + phaseMillis + " ms), got " + d.toMillis() + " ms");
    }
    return d;
  }

  /**
   * Asks every campaign in the journal for its snapshot and applies it. An ask that times out is
   * asked again (a node restarted after a crash may wait for the cluster to down its old
   * incarnation and hand the shard coordinator over) until 240 s have passed in all.
   */
  private static void bootstrapReplica(ServiceNode node, CampaignDirectory directory) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    try {
      List<String> pending = node.campaignIds().toCompletableFuture().get(60, TimeUnit.SECONDS);
      int total = pending.size();
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(pending.size() + " of " + total + " campaigns did not answer within 240 s, e.g. " + pending.get(0));
        }
        List<String> asked = pending;
        List<CompletableFuture<Boolean>> all = new ArrayList<>(asked.size());
        for (String id : asked) {
          all.add(node.campaign(id)
              .<CampaignEntity.Snapshot>ask(CampaignEntity.GetSnapshot::new, Duration.ofSeconds(30))
              .thenApply(s -> {
                if (s.snapshot() != null) {
                  directory.apply(s.snapshot());
                }
                return true;
              })
              .exceptionally(timedOut -> false)
              .toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pending = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
          if (!all.get(i).join()) {
            pending.add(asked.get(i));
          }
        }
        if (!pending.isEmpty()) {
          LOG.warn("{} of {} campaigns did not answer (attempt {}); asking again", pending.size(), total, attempt);
        }
      }
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

  /** The per-key rate limiters of {@code searchbid.rate-limit}; null members = no limit. */
  record RateLimits(RateLimiter apiKey, RateLimiter adminKey) {
    /** @throws IllegalArgumentException naming the configuration key and the rule */
    static RateLimits of(Config c) {
      if (!c.getBoolean("searchbid.rate-limit.enabled")) {
        return new RateLimits(null, null);
      }
      return new RateLimits(limiter(c, "searchbid.rate-limit.api-key"), limiter(c, "searchbid.rate-limit.admin-key"));
    }

    private static RateLimiter limiter(Config c, String path) {
      try {
        return new RateLimiter(c.getDouble(path + ".requests-per-second"), c.getInt(path + ".burst"), System::nanoTime);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + "." + e.getMessage(), e);
      }
    }
  }

  /**
   * Our body limit must be below Pekko's own ({@code pekko.http.server.parsing.max-content-length}),
   * so that an oversized body is answered by our JSON 413 and not by Pekko's plain-text one.
   *
   * @throws IllegalArgumentException naming both keys
   */
  static void checkBodyLimit(Config c) {
    long ours = c.getMemorySize("searchbid.http.max-body-bytes").toBytes();
    if (ours < 1024) {
      throw new IllegalArgumentException("searchbid.http.max-body-bytes must be at least 1k, got " + ours + " bytes");
    }
    String pekko = "pekko.http.server.parsing.max-content-length";
    if (!c.getString(pekko).equals("infinite") && c.getMemorySize(pekko).toBytes() <= ours) {
      throw new IllegalArgumentException("searchbid.http.max-body-bytes (" + ours + " bytes) must be below " + pekko
          + " (" + c.getMemorySize(pekko).toBytes() + " bytes)");
    }
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

  /**
   * Lets readiness turn true when {@code searchbid.http.ready-after-release} held it back (e.g. until
   * {@code serve --demo} has loaded its data); no effect otherwise.
   */
  public void releaseReadiness() {
    released.set(true);
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

  /** Where products are written (journaled through their buckets, replicated to every node). */
  public ProductReplica productWriter() {
    return products;
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
