package io.searchbid.engine.http;

import com.typesafe.config.Config;
import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeySet;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.ServiceNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An advertiser's API keys: {@code POST /v1/advertisers/{id}/keys:rotate} makes a new key (shown
 * once) and keeps the earlier ones valid for a grace period, {@code GET /v1/advertisers/{id}/keys}
 * lists the keys in force by key id. Both take the advertiser's own key (any of its valid keys) or
 * an admin key (for a lost key). Another advertiser's id answers 404 exactly like a missing one.
 *
 * <p>The advertiser entity is the single writer of the keys and checks the presented key again
 * when it rotates (a node's cache may lag behind a revocation); after a rotation every node's
 * authentication cache drops the advertiser's keys ({@link Authenticator#keysChanged}). Answers,
 * logs and metrics carry key ids (a prefix of the key's SHA-256), never a key — except the one
 * answer that shows the new key.
 */
public final class ApiKeyRoutes implements HttpServer.Routes {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRoutes.class);
  private static final Pattern ADVERTISER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * {@code searchbid.api-keys}: the grace a rotation gives when the request names none, the longest
   * one it may ask for, and how long a node trusts a verified key.
   */
  public record Settings(Duration defaultGrace, Duration maxGrace, Duration authCacheTtl) {

    /** @throws IllegalArgumentException naming the configuration key and the rule */
    public static Settings of(Config c) {
      String p = "searchbid.api-keys.";
      Duration max = c.getDuration(p + "max-rotation-grace");
      Duration def = c.getDuration(p + "rotation-grace");
      Duration ttl = c.getDuration(p + "auth-cache-ttl");
      if (max.isNegative()) {
        throw new IllegalArgumentException(p + "max-rotation-grace must be >= 0s, got " + max.toSeconds() + " s");
      }
      if (def.isNegative() || def.compareTo(max) > 0) {
        throw new IllegalArgumentException(p + "rotation-grace must be in [0s, " + p + "max-rotation-grace = " + max.toSeconds()
            + " s], got " + def.toSeconds() + " s");
      }
      if (ttl.isNegative() || ttl.compareTo(Authenticator.MAX_CACHE_TTL) > 0) {
        throw new IllegalArgumentException(p + "auth-cache-ttl must be in [0s, 60s], got " + ttl.toMillis() + " ms");
      }
      return new Settings(def, max, ttl);
    }
  }

  /** Request body of a rotation; every field optional. */
  public record RotateRequest(Long graceSeconds) {}

  /** Who asks: {@code by} for the journal and metrics, the hash of the key presented ("" for an admin). */
  private record Caller(String by, String presentedKeyHash) {
    boolean admin() {
      return presentedKeyHash.isEmpty();
    }
  }

  private final ServiceNode node;
  private final ApiKeys keys;
  private final Authenticator auth;
  private final AdminAuth admin;
  private final Metrics metrics;
  private final Clock clock;
  private final Settings settings;

  public ApiKeyRoutes(ServiceNode node, ApiKeys keys, Authenticator auth, AdminAuth admin, Metrics metrics, Clock clock,
      Settings settings) {
    this.node = node;
    this.keys = keys;
    this.auth = auth;
    this.admin = admin;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public void register(Router r) {
    r.add("POST", "/v1/advertisers/{id}/keys:rotate", true, this::rotate);
    r.add("GET", "/v1/advertisers/{id}/keys", false, this::list);
  }

  /** The same answer for a missing advertiser and for another advertiser's id (existence is not leaked). */
  private static ApiError notFound(String advertiserId) {
    return ApiError.notFound("advertiser not found");
  }

  /** The caller, if it may manage {@code advertiserId}'s keys: an admin key, or one of that advertiser's keys. */
  private CompletionStage<Caller> caller(Call call, String advertiserId) {
    Optional<String> adminKeyId = admin.ifAdmin(call);
    if (adminKeyId.isPresent()) {
      if (!ADVERTISER_ID.matcher(advertiserId).matches()) {
        return Responses.fail(notFound(advertiserId));
      }
      return CompletableFuture.completedFuture(new Caller("admin:" + adminKeyId.get(), ""));
    }
    return auth.advertiserId(call).thenApply(own -> {
      if (!own.equals(advertiserId)) {
        throw notFound(advertiserId).toException();
      }
      return new Caller("advertiser", ApiKeys.hash(call.bearer().orElseThrow()));
    });
  }

  private long graceMillis(byte[] body) {
    RotateRequest req = body.length == 0 ? new RotateRequest(null) : Json.parse(body, RotateRequest.class);
    if (req.graceSeconds() == null) {
      return settings.defaultGrace().toMillis();
    }
    long max = settings.maxGrace().toSeconds();
    long g = req.graceSeconds();
    if (g < 0 || g > max) {
      throw ApiError.badRequest("out_of_range", "graceSeconds", "graceSeconds must be in [0, " + max
          + "] (0 revokes the current key at once; the maximum is searchbid.api-keys.max-rotation-grace), got " + g).toException();
    }
    return g * 1000L;
  }

  private CompletionStage<HttpResponse> rotate(Call call) {
    String id = call.param("id");
    return caller(call, id).thenCompose(caller -> {
      long graceMillis = graceMillis(call.body());
      String key = keys.newKey(id);
      String hash = ApiKeys.hash(key);
      long now = clock.millis();
      return node.advertiser(id)
          .<AdvertiserEntity.RotateReply>ask(
              r -> new AdvertiserEntity.RotateKey(hash, caller.presentedKeyHash(), caller.by(), now, graceMillis, r),
              node.askTimeout())
          .thenApply(reply -> switch (reply) {
            case AdvertiserEntity.KeyRotated done -> rotated(id, key, hash, caller, now, graceMillis, done.keys());
            case AdvertiserEntity.RotationRefused refused -> throw refusal(id, refused).toException();
          });
    });
  }

  private HttpResponse rotated(String id, String key, String hash, Caller caller, long now, long graceMillis, ApiKeySet set) {
    auth.keysChanged(id);
    metrics.apiKeyRotations.labels(caller.admin() ? "admin" : "advertiser").inc();
    LOG.info("advertiser {}: API key rotated by {}; key id {} active, {} earlier key(s) valid for at most {} s",
        id, caller.by(), ApiKeys.keyId(hash), set.retiring().size(), graceMillis / 1000);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("advertiserId", id);
    m.put("apiKey", key);
    m.put("keyId", ApiKeys.keyId(hash));
    m.put("graceSeconds", graceMillis / 1000);
    m.put("keys", view(set.at(now)));
    return Responses.json(200, m).addHeader(RawHeader.create("Cache-Control", "no-store"));
  }

  private static ApiError refusal(String id, AdvertiserEntity.RotationRefused r) {
    return switch (r.reason()) {
      case "not_found" -> notFound(id);
      case "unauthorized" -> ApiError.unauthorized(r.message());
      case "too_many_keys" -> new ApiError(409, "too_many_keys", "graceSeconds", r.message());
      default -> ApiError.badRequest(r.reason(), "graceSeconds", r.message());
    };
  }

  private CompletionStage<HttpResponse> list(Call call) {
    String id = call.param("id");
    return caller(call, id).thenCompose(caller -> {
      long now = clock.millis();
      return node.advertiser(id)
          .<AdvertiserEntity.KeysReply>ask(AdvertiserEntity.GetKeys::new, node.askTimeout())
          .thenApply(reply -> {
            if (reply.keys() == null) {
              throw notFound(id).toException();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("advertiserId", id);
            m.put("keys", view(reply.keys().at(now)));
            return Responses.json(200, m);
          });
    });
  }

  /** The active key first, then the retiring ones, newest first; ids and times only. */
  private static List<Map<String, Object>> view(ApiKeySet set) {
    List<Map<String, Object>> out = new ArrayList<>(1 + set.retiring().size());
    out.add(key(set.activeHash(), "active", set.activeSinceMillis(), null));
    for (int i = set.retiring().size() - 1; i >= 0; i--) {
      ApiKeySet.RetiringKey k = set.retiring().get(i);
      out.add(key(k.hash(), "retiring", k.createdAtMillis(), k.expiresAtMillis()));
    }
    return out;
  }

  private static Map<String, Object> key(String hash, String status, long createdAtMillis, Long expiresAtMillis) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("keyId", ApiKeys.keyId(hash));
    m.put("status", status);
    m.put("createdAt", Instant.ofEpochMilli(createdAtMillis).toString());
    m.put("expiresAt", expiresAtMillis == null ? null : Instant.ofEpochMilli(expiresAtMillis).toString());
    return m;
  }
}
