package io.searchbid.engine.http;

import io.searchbid.engine.SearchEngine;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.SearchRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** {@code GET /v1/search?q=&page=&size=&user=}: one result page, computed inline (no actor). */
public final class SearchRoutes implements HttpServer.Routes {

  private final SearchEngine engine;
  private final Metrics metrics;
  private final Clock clock;
  private final String publicBaseUrl;

  /** @param publicBaseUrl prefix for absolute click URLs, e.g. {@code http://localhost:8080}; "" for relative */
  public SearchRoutes(SearchEngine engine, Metrics metrics, Clock clock, String publicBaseUrl) {
    this.engine = engine;
    this.metrics = metrics;
    this.clock = clock;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public void register(Router r) {
    r.add("GET", "/v1/search", false, this::search);
  }

  private CompletionStage<HttpResponse> search(Call call) {
    String q = call.query("q").orElse("");
    if (q.isBlank()) {
      throw ApiError.badRequest("required", "q", "q (the query text) is required").toException();
    }
    if (q.length() > SearchRequest.MAX_QUERY_CHARS) {
      throw ApiError.badRequest("too_long", "q", "q must be at most " + SearchRequest.MAX_QUERY_CHARS + " characters, got " + q.length()).toException();
    }
    int size = call.intQuery("size", 10, 1, 100);
    int maxPage = RankingProfile.DEFAULT_CANDIDATES / size - 1;
    int page = call.intQuery("page", 0, 0, Math.max(0, maxPage));
    String user = call.query("user").orElse("");
    if (user.length() > 64) {
      throw ApiError.badRequest("too_long", "user", "user must be at most 64 characters").toException();
    }
    SearchEngine.ResultPage p;
    try {
      p = engine.search(new SearchEngine.Query(q, page, size, user), clock.millis());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid_value", "q", e.getMessage()).toException();
    }
    metrics.searchSeconds.observe(p.tookMicros() / 1e6);
    metrics.auctionSeconds.observe(p.auctionMicros() / 1e6);
    metrics.auctions.inc();
    if (!p.ads().isEmpty()) {
      metrics.auctionsFilled.inc();
      metrics.adsShown.inc(p.ads().size());
    }
    String base = !publicBaseUrl.isEmpty() ? publicBaseUrl
        : call.header("Host").map(h -> "http://" + h).orElse("");
    List<Object> ads = new ArrayList<>(p.ads().size());
    for (SearchEngine.Ad a : p.ads()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slot", a.slot());
      m.put("adId", a.adId());
      m.put("campaignId", a.campaignId());
      m.put("productId", a.productId());
      m.put("title", a.title());
      m.put("priceMicros", a.priceMicros());
      m.put("clickUrl", base + a.clickUrl());
      ads.add(m);
    }
    List<Object> organic = new ArrayList<>(p.organic().size());
    for (SearchEngine.Organic o : p.organic()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", o.rank());
      m.put("productId", o.productId());
      m.put("title", o.title());
      m.put("priceMicros", o.priceMicros());
      m.put("score", o.score());
      organic.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", p.query());
    body.put("page", page);
    body.put("size", size);
    body.put("ads", ads);
    body.put("organic", organic);
    body.put("totalMatches", p.totalMatches());
    body.put("tookMicros", p.tookMicros());
    return CompletableFuture.completedFuture(Responses.json(200, body));
  }
}
