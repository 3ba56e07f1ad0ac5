package io.searchbid.engine.http;

import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.ServiceNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-key authentication of advertisers, and the per-API-key rate limit of the management API.
 * The key names its advertiser; the advertiser entity compares SHA-256 hashes. Verified hashes are
 * cached on this node (keys cannot be rotated yet, so a cached hash never goes stale); unknown keys
 * are always re-checked.
 *
 * <p>The rate limit is taken after the key is verified, from a token bucket per key (by its hash):
 * requests with a missing or wrong key are answered 401 and use no valid key's budget.
 */
public final class Authenticator {

  private final ServiceNode node;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

  /** @param limiter bucket per API key, or null for no limit */
  public Authenticator(ServiceNode node, RateLimiter limiter, Metrics metrics) {
    this.node = node;
    this.limiter = limiter;
    this.metrics = metrics;
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
    String cached = verified.get(hash);
    if (cached != null) {
      return limit(hash, cached);
    }
    var id = ApiKeys.advertiserIdOf(key.get());
    if (id.isEmpty()) {
      return Responses.fail(ApiError.unauthorized("API key is not valid"));
    }
    return node.advertiser(id.get())
        .<AdvertiserEntity.AuthResult>ask(r -> new AdvertiserEntity.Authenticate(hash, r), node.askTimeout())
        .thenApply(res -> {
          if (!res.ok()) {
            throw ApiError.unauthorized("API key is not valid").toException();
          }
          verified.put(hash, id.get());
          return id.get();
        })
        .thenCompose(advertiserId -> limit(hash, advertiserId));
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
