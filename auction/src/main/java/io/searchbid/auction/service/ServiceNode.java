package io.searchbid.auction.service;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * One service node: the actor system (cluster provider), the journal schema, cluster membership
 * (self-join when no seed nodes are configured) and the sharded entity types.
 *
 * <p>Start with {@link #start(Config)}; stop with {@link #close()} (runs CoordinatedShutdown, which
 * lets sharded entities hand off and the journal finish its writes).
 */
public final class ServiceNode implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final Cluster cluster;
  private volatile boolean journalReady;

  private ServiceNode(ActorSystem<Void> system) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.cluster = Cluster.get(system);
  }

  /**
   * Starts a node and blocks until the journal schema exists (H2 default) — at most 60 s.
   *
   * @throws IllegalStateException if the journal cannot be reached
   */
  public static ServiceNode start(Config config) {
    try {
      Files.createDirectories(ServiceConfig.dataDir(config).resolve("journal"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create data directory: " + e.getMessage(), e);
    }
    long t0 = System.nanoTime();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "searchbid", config);
    ServiceNode node = new ServiceNode(system);
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServiceNode.class);
    log.info("actor system up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    try {
      if (config.getList("pekko.cluster.seed-nodes").isEmpty()) {
        node.cluster.manager().tell(Join.create(node.cluster.selfMember().address()));
      }
      if (config.getBoolean("searchbid.journal.create-schema")) {
        if (isH2(config)) {
          SchemaUtils.applyScript(h2Schema(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } else {
          SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }
      node.journalReady = true;
      log.info("journal schema checked at {} ms", (System.nanoTime() - t0) / 1_000_000);
      node.sharding.init(Entity.of(AdvertiserEntity.TYPE_KEY, ctx -> AdvertiserEntity.create(ctx.getEntityId())));
      return node;
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("journal not reachable: " + rootMessage(e), e);
    }
  }

  /** Whether the journal is the embedded H2 database (the shared Slick database's profile). */
  static boolean isH2(Config config) {
    String key = "pekko-persistence-jdbc.shared-databases.slick.profile";
    return config.hasPath(key) && config.getString(key).contains("H2Profile");
  }

  /** searchbid's H2 journal schema (the plugin's, tuned for cheaper commits; see the file). */
  static String h2Schema() {
    try (java.io.InputStream in = ServiceNode.class.getResourceAsStream("h2-schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("h2-schema.sql missing from the classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ClusterSharding sharding() {
    return sharding;
  }

  public Path dataDir() {
    return ServiceConfig.dataDir(system.settings().config());
  }

  /**
   * Starts campaign replication and the campaign entity type on this node: entities publish every
   * persisted change to all nodes, where {@code applyLocally} updates the local ad index.
   *
   * @param persistNanos receives journal write latencies of campaign entities on this node
   */
  public void startCampaigns(java.util.function.Consumer<CampaignUpdate> applyLocally,
      java.util.function.LongConsumer persistNanos) {
    var topic = system.systemActorOf(CampaignReplication.topic(), "campaign-topic", org.apache.pekko.actor.typed.Props.empty());
    system.systemActorOf(CampaignReplication.subscriber(topic, CampaignUpdate.class, applyLocally), "campaign-replica",
        org.apache.pekko.actor.typed.Props.empty());
    CampaignListener listener = CampaignReplication.publisher(topic, persistNanos);
    Duration retention = system.settings().config().getDuration("searchbid.clicks.retention");
    sharding.init(Entity.of(CampaignEntity.TYPE_KEY, ctx -> CampaignEntity.create(ctx.getEntityId(), listener, retention)));
  }

  /**
   * Starts product replication and the product bucket entity type on this node: buckets publish
   * every persisted write to all nodes, where {@code applyLocally} updates the local product replica
   * (on an actor thread: hand blocking work off).
   */
  public void startProducts(java.util.function.Consumer<ProductBucketEntity.Published> applyLocally) {
    var topic = system.systemActorOf(
        org.apache.pekko.actor.typed.pubsub.Topic.create(ProductBucketEntity.Published.class, PRODUCT_TOPIC),
        "product-topic", org.apache.pekko.actor.typed.Props.empty());
    system.systemActorOf(CampaignReplication.subscriber(topic, ProductBucketEntity.Published.class, applyLocally),
        "product-replica", org.apache.pekko.actor.typed.Props.empty());
    sharding.init(Entity.of(ProductBucketEntity.TYPE_KEY,
        ctx -> ProductBucketEntity.create(ctx.getEntityId(), p -> topic.tell(org.apache.pekko.actor.typed.pubsub.Topic.publish(p)))));
  }

  static final String PRODUCT_TOPIC = "searchbid-product-writes";

  /** The entity that owns the products of {@code bucket} ({@link ProductBucketEntity#bucketOf}). */
  public EntityRef<ProductBucketEntity.Command> productBucket(int bucket) {
    return sharding.entityRefFor(ProductBucketEntity.TYPE_KEY, Integer.toString(bucket));
  }

  public EntityRef<CampaignEntity.Command> campaign(String campaignId) {
    return sharding.entityRefFor(CampaignEntity.TYPE_KEY, campaignId);
  }

  /**
   * Ids of every campaign in the journal (for the replica bootstrap), via the read journal.
   */
  public java.util.concurrent.CompletionStage<java.util.List<String>> campaignIds() {
    var readJournal = org.apache.pekko.persistence.query.PersistenceQuery.get(system)
        .getReadJournalFor(org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal.class,
            org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal.Identifier());
    String prefix = CampaignEntity.TYPE_KEY.name() + "|";
    return readJournal.currentPersistenceIds()
        .filter(id -> id.startsWith(prefix))
        .map(id -> id.substring(prefix.length()))
        .runWith(org.apache.pekko.stream.javadsl.Sink.seq(), system);
  }

  public EntityRef<AdvertiserEntity.Command> advertiser(String advertiserId) {
    return sharding.entityRefFor(AdvertiserEntity.TYPE_KEY, advertiserId);
  }

  /** True once this node is an Up member of the cluster. */
  public boolean clusterUp() {
    return cluster.selfMember().status() == MemberStatus.up();
  }

  /** True once the journal schema was checked (and created if configured). */
  public boolean journalReady() {
    return journalReady;
  }

  /** Timeout for asks to entities; a journal write sits behind most of them. */
  public Duration askTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // termination timed out or was interrupted; nothing else to release here
      Thread.currentThread().interrupt();
    }
  }
}
