package io.searchbid.engine.http;

import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.ServiceNode;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** {@code POST /v1/advertisers} (admin key): registers an advertiser and shows its API key once. */
public final class AdvertiserRoutes implements HttpServer.Routes {

  /** Request body; every field optional. */
  public record CreateAdvertiser(String name) {
    public CreateAdvertiser {
      if (name != null && name.length() > 200) {
        throw new IllegalArgumentException("name must be at most 200 characters, got " + name.length());
      }
    }
  }

  private final ServiceNode node;
  private final ApiKeys keys;
  private final AdminAuth admin;
  private final Clock clock;

  public AdvertiserRoutes(ServiceNode node, ApiKeys keys, AdminAuth admin, Clock clock) {
    this.node = node;
    this.keys = keys;
    this.admin = admin;
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    router.add("POST", "/v1/advertisers", true, this::create);
  }

  private CompletionStage<HttpResponse> create(Call call) {
    admin.check(call);
    CreateAdvertiser req = call.body().length == 0 ? new CreateAdvertiser(null) : Json.parse(call.body(), CreateAdvertiser.class);
    return register(req.name() == null ? "" : req.name(), 3);
  }

  private static Map<String, Object> orderedMap(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private CompletionStage<HttpResponse> register(String name, int attemptsLeft) {
    String id = keys.newId("adv");
    String key = keys.newKey(id);
    return node.advertiser(id)
        .<AdvertiserEntity.RegisterReply>ask(
            r -> new AdvertiserEntity.Register(name, ApiKeys.hash(key), clock.millis(), r), node.askTimeout())
        .thenCompose(reply -> switch (reply) {
          case AdvertiserEntity.Registered ok ->
              Responses.ok(orderedMap("advertiserId", id, "apiKey", key, "name", name));
          case AdvertiserEntity.AlreadyExists taken when attemptsLeft > 1 -> register(name, attemptsLeft - 1);
          case AdvertiserEntity.AlreadyExists taken -> throw new IllegalStateException("advertiser id collisions");
        });
  }
}
