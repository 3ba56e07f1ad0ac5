package io.searchbid.engine.http;

import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.ServiceNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-key authentication of advertisers. The key names its advertiser; the advertiser entity
 * compares SHA-256 hashes. Verified hashes are cached on this node (keys cannot be rotated yet, so
 * a cached hash never goes stale); unknown keys are always re-checked.
 */
public final class Authenticator {

  private final ServiceNode node;
  private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

  public Authenticator(ServiceNode node) {
    this.node = node;
  }

  /** The caller's advertiser id, or a failed stage with 401 naming the problem. */
  public CompletionStage<String> advertiserId(Call call) {
    var key = call.bearer();
    if (key.isEmpty()) {
      return Responses.fail(ApiError.unauthorized("missing 'Authorization: Bearer <apiKey>' header"));
    }
    String hash = ApiKeys.hash(key.get());
    String cached = verified.get(hash);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
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
        });
  }
}
