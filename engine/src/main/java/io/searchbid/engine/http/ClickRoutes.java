package io.searchbid.engine.http;

import io.searchbid.engine.ClickOutcome;
import io.searchbid.engine.SearchEngine;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;

/**
 * {@code GET /v1/click/{token}}: verify, charge once, persist, then answer — 302 to the product
 * page, or 200 JSON with {@code Accept: application/json}. A repeated token gets the same answer
 * (with {@code "duplicate": true}) and no charge. Refusals: 400 malformed, 403 forged, 410 expired,
 * 400 not_yet_valid, 404 unknown_campaign — nothing charged.
 */
public final class ClickRoutes implements HttpServer.Routes {

  private final SearchEngine engine;
  private final Metrics metrics;
  private final Clock clock;
  private final String productUrlTemplate;

  /** @param productUrlTemplate redirect target, {@code {productId}} is replaced */
  public ClickRoutes(SearchEngine engine, Metrics metrics, Clock clock, String productUrlTemplate) {
    this.engine = engine;
    this.metrics = metrics;
    this.clock = clock;
    this.productUrlTemplate = productUrlTemplate;
  }

  @Override
  public void register(Router r) {
    r.add("GET", "/v1/click/{token}", false, this::click);
  }

  private CompletionStage<HttpResponse> click(Call call) {
    String token = call.param("token");
    boolean json = call.header("Accept").map(a -> a.contains("application/json")).orElse(false);
    return engine.click(token, clock.millis()).thenApply(o -> {
      if (o.status() == ClickOutcome.Status.REJECTED) {
        metrics.clicksRejected.labels(o.reason()).inc();
        int status = switch (o.reason()) {
          case "forged" -> 403;
          case "expired" -> 410;
          case "unknown_campaign" -> 404;
          default -> 400;
        };
        return Responses.error(new ApiError(status, o.reason(), "token", o.message()));
      }
      if (o.status() == ClickOutcome.Status.CHARGED) {
        metrics.clicksCharged.inc();
        metrics.revenueMicros.inc(o.chargedMicros());
        if (o.chargedMicros() == 0 && o.priceMicros() > 0) {
          metrics.freeClicks.inc();
        }
      } else {
        metrics.clicksDeduplicated.inc();
      }
      String target = productUrlTemplate.replace("{productId}", o.productId());
      if (!json) {
        return HttpResponse.create().withStatus(StatusCodes.FOUND).addHeader(Location.create(target));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clickId", o.tokenId());
      m.put("campaignId", o.campaignId());
      m.put("productId", o.productId());
      m.put("priceMicros", o.priceMicros());
      m.put("chargedMicros", o.chargedMicros());
      m.put("duplicate", o.status() == ClickOutcome.Status.DUPLICATE);
      m.put("redirectUrl", target);
      return Responses.json(200, m);
    });
  }
}
