package io.searchbid.engine.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * {@code /health/live} (the process answers), {@code /health/ready} (200 only when every named
 * check passes, else 503 listing them) and {@code /metrics} (Prometheus text format 0.0.4).
 */
public final class HealthRoutes implements HttpServer.Routes {

  private final Map<String, BooleanSupplier> readinessChecks;
  private final Metrics metrics;

  /** @param readinessChecks name → check, e.g. "journal", "adIndex", "productIndex", "cluster" */
  public HealthRoutes(Map<String, BooleanSupplier> readinessChecks, Metrics metrics) {
    this.readinessChecks = new LinkedHashMap<>(readinessChecks);
    this.metrics = metrics;
    metrics.beforeScrape(this::exportReadiness);
  }

  private void exportReadiness() {
    boolean all = true;
    for (var e : readinessChecks.entrySet()) {
      boolean ok = e.getValue().getAsBoolean();
      metrics.readinessCheck.labels(e.getKey()).set(ok ? 1 : 0);
      all &= ok;
    }
    metrics.ready.set(all ? 1 : 0);
  }

  @Override
  public void register(Router router) {
    router.add("GET", "/health/live", false, call -> Responses.ok(Map.of("status", "live")));
    router.add("GET", "/health/ready", false, this::ready);
    router.add("GET", "/metrics", false, this::metrics);
  }

  private CompletionStage<HttpResponse> ready(Call call) {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    boolean all = true;
    for (var e : readinessChecks.entrySet()) {
      boolean ok = e.getValue().getAsBoolean();
      checks.put(e.getKey(), ok);
      all &= ok;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", all ? "ready" : "not_ready");
    body.put("checks", checks);
    return CompletableFuture.completedFuture(Responses.json(all ? 200 : 503, body));
  }

  private CompletionStage<HttpResponse> metrics(Call call) {
    return CompletableFuture.completedFuture(
        HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()));
  }
}
