package io.searchbid.engine.http;

import io.searchbid.engine.secrets.LiveSecrets;
import io.searchbid.engine.secrets.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Key administration on this node (admin key): {@code GET /v1/admin/keys} shows which key ids are in
 * force, {@code POST /v1/admin/keys:reload} re-reads the secrets file and puts it in force without a
 * restart. Answers carry key ids only, never a secret. Each node reloads its own file: call it on
 * every node (or let the file watch pick the change up).
 */
public final class AdminRoutes implements HttpServer.Routes {

  private final LiveSecrets secrets;
  private final AdminAuth admin;
  private final Clock clock;
  private final Executor blocking;

  /** @param blocking executor for reading the secrets file (kept off the HTTP dispatcher) */
  public AdminRoutes(LiveSecrets secrets, AdminAuth admin, Clock clock, Executor blocking) {
    this.secrets = secrets;
    this.admin = admin;
    this.clock = clock;
    this.blocking = blocking;
  }

  @Override
  public void register(Router r) {
    r.add("GET", "/v1/admin/keys", false, this::show);
    r.add("POST", "/v1/admin/keys:reload", false, this::reload);
  }

  private CompletionStage<HttpResponse> show(Call call) {
    admin.check(call);
    return Responses.ok(state());
  }

  private CompletionStage<HttpResponse> reload(Call call) {
    admin.check(call);
    return CompletableFuture.supplyAsync(() -> {
      LiveSecrets.ReloadResult r;
      try {
        r = secrets.reload(clock.millis());
      } catch (IllegalStateException fixed) {
        throw new ApiError(409, "not_reloadable", null, fixed.getMessage()).toException();
      } catch (IllegalArgumentException refused) {
        throw new ApiError(409, "invalid_secrets", null, refused.getMessage()
            + " (the keys in force are unchanged)").toException();
      }
      Map<String, Object> m = state();
      m.put("changed", r.changed());
      m.put("addedClickKeyIds", r.addedClickKeyIds());
      m.put("removedClickKeyIds", r.removedClickKeyIds());
      m.put("signingKeyChanged", r.signingKeyChanged());
      return Responses.json(200, m);
    }, blocking);
  }

  private Map<String, Object> state() {
    Secrets s = secrets.current();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", secrets.file().isPresent() ? "file" : "environment");
    m.put("file", secrets.file().map(Object::toString).orElse(null));
    m.put("loadedAt", Instant.ofEpochMilli(secrets.loadedAtMillis()).toString());
    m.put("clickKeyIds", s.clickKeys().keyIds());
    m.put("signingKeyId", s.clickKeys().signingKeyId());
    m.put("adminKeyIds", s.adminKeyIds());
    m.put("lastError", secrets.lastError());
    return m;
  }
}
