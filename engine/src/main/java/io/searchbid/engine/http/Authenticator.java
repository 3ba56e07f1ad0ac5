package io.searchbid.engine.http;

import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.CborSerializable;
import io.searchbid.auction.service.ServiceNode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Bearer-key authentication of advertisers, and the per-API-key rate limit of the management API.
 * The key names its advertiser; the advertiser entity (the single writer of its keys) compares
 * SHA-256 hashes and says until when the key is valid.
 *
 * <p>Verified hashes are cached on this node for at most the configured TTL and never past the
 * key's own end (the end of a rotation's grace period), so a key that expires is refused on time
 * on every node. A key revoked before its end (a rotation with a shorter grace, or none) is dropped
 * from every node's cache by a cluster-wide pub-sub notice ({@link #keysChanged}); if that notice
 * is lost, a node may accept the revoked key for at most the TTL. Unknown keys are always
 * re-checked. Times come from the node's clock.
 *
 * <p>The rate limit is taken after the key is verified, from a token bucket per key (by its hash):
 * requests with a missing or wrong key are answered 401 and use no valid key's budget.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {

  /** Notice to every node: the keys of this advertiser changed, forget what you cached for it. */
  public record KeysChanged(String advertiserId) implements CborSerializable {}

  static final String TOPIC = "searchbid-api-key-changes";
  static final Duration MAX_CACHE_TTL = Duration.ofSeconds(60);
  private static final int PRUNE_EVERY_INSERTS = 1024;

  private record Verified(String advertiserId, long untilMillis) {}

  private final ServiceNode node;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final Clock clock;
  private final long cacheTtlMillis;
  private final ActorRef<Topic.Command<KeysChanged>> topic;
  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
  private final AtomicLong inserts = new AtomicLong();

  private Authenticator(ServiceNode node, RateLimiter limiter, Metrics metrics, Clock clock, long cacheTtlMillis,
      ActorRef<Topic.Command<KeysChanged>> topic) {
    this.node = node;
    this.limiter = limiter;
    this.metrics = metrics;
    this.clock = clock;
    this.cacheTtlMillis = cacheTtlMillis;
    this.topic = topic;
  }

  /**
   * An authenticator for this node, subscribed to the cluster's key-change notices.
   *
   * @param limiter bucket per API key, or null for no limit
   * @param cacheTtl how long a verified key is trusted without asking its entity, in [0, 60 s]
   * @throws IllegalArgumentException if {@code cacheTtl} is out of range
   */
  public static Authenticator start(ServiceNode node, RateLimiter limiter, Metrics metrics, Clock clock, Duration cacheTtl) {
    if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
      throw new IllegalArgumentException("searchbid.api-keys.auth-cache-ttl must be in [0s, 60s], got " + cacheTtl.toMillis() + " ms");
    }
    var system = node.system();
    ActorRef<Topic.Command<KeysChanged>> topic =
        system.systemActorOf(Topic.create(KeysChanged.class, TOPIC), "api-key-topic", Props.empty());
    Authenticator a = new Authenticator(node, limiter, metrics, clock, cacheTtl.toMillis(), topic);
    system.systemActorOf(subscriber(topic, a::forget), "api-key-cache", Props.empty());
    return a;
  }

  private static Behavior<KeysChanged> subscriber(ActorRef<Topic.Command<KeysChanged>> topic, Consumer<String> forget) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receive(KeysChanged.class)
          .onMessage(KeysChanged.class, m -> {
            forget.accept(m.advertiserId());
            return Behaviors.same();
          })
          .build();
    });
  }

  /**
   * The caller's advertiser id, or a failed stage: 401 naming the problem, or 429
   * {@code rate_limited} with {@code Retry-After} when the key's bucket is empty.
   */
  public CompletionStage<String> advertiserId(Call call) {
    var key = call.bearer();
    if (key.isEmpty()) {
      return Responses.fail(ApiError.unauthorized("missing 'Authorization: Bearer <apiKey>' header"));
    }
    String hash = ApiKeys.hash(key.get());
    long now = clock.millis();
    Verified cached = verified.get(hash);
    if (cached != null) {
      if (now < cached.untilMillis()) {
        return limit(hash, cached.advertiserId());
      }
      verified.remove(hash, cached);
    }
    var id = ApiKeys.advertiserIdOf(key.get());
    if (id.isEmpty()) {
      return Responses.fail(ApiError.unauthorized("API key is not valid"));
    }
    return node.advertiser(id.get())
        .<AdvertiserEntity.AuthResult>ask(r -> new AdvertiserEntity.Authenticate(hash, now, r), node.askTimeout())
        .thenApply(res -> {
          if (!res.ok()) {
            throw ApiError.unauthorized("API key is not valid").toException();
          }
          remember(hash, id.get(), now, res.validUntilMillis());
          return id.get();
        })
        .thenCompose(advertiserId -> limit(hash, advertiserId));
  }

  private void remember(String hash, String advertiserId, long nowMillis, long validUntilMillis) {
    if (cacheTtlMillis == 0) {
      return;
    }
    verified.put(hash, new Verified(advertiserId, Math.min(nowMillis + cacheTtlMillis, validUntilMillis)));
    if (inserts.incrementAndGet() % PRUNE_EVERY_INSERTS == 0) {
      long now = clock.millis();
      verified.values().removeIf(v -> v.untilMillis() <= now);
    }
  }

  /** Drops this node's cached verifications of {@code advertiserId}'s keys. */
  void forget(String advertiserId) {
    verified.values().removeIf(v -> v.advertiserId().equals(advertiserId));
  }

  /**
   * The keys of {@code advertiserId} changed (its entity persisted a rotation): forget them here at
   * once and tell every node of the cluster to do the same.
   */
  public void keysChanged(String advertiserId) {
    forget(advertiserId);
    topic.tell(Topic.publish(new KeysChanged(advertiserId)));
  }

  private CompletionStage<String> limit(String keyHash, String advertiserId) {
    if (limiter != null) {
      long waitNanos = limiter.tryAcquire(keyHash);
      if (waitNanos > 0) {
        metrics.rateLimited.labels("api_key").inc();
        long seconds = RateLimiter.retryAfterSeconds(waitNanos);
        return Responses.fail(ApiError.rateLimited("rate limit of this API key exceeded (" + limiter.requestsPerSecond()
            + " requests/s, burst " + limiter.burst() + "); retry after " + seconds + " s", seconds));
      }
    }
    return CompletableFuture.completedFuture(advertiserId);
  }
}
