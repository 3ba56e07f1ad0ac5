package io.searchbid.engine.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.searchbid.engine.SearchEngine;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.SearchRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
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
    return CompletableFuture.completedFuture(HttpResponse.create()
        .withEntity(ContentTypes.APPLICATION_JSON, body(p, page, size, base)));
  }

  /**
   * The result page as JSON, written field by field (the same document an object mapper makes of
   * nested maps, at a fraction of the cost: this runs once per search).
   */
  static byte[] body(SearchEngine.ResultPage p, int page, int size, String base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 256 * (p.ads().size() + p.organic().size()));
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("query", p.query());
      g.writeNumberField("page", page);
      g.writeNumberField("size", size);
      g.writeArrayFieldStart("ads");
      for (SearchEngine.Ad a : p.ads()) {
        g.writeStartObject();
        g.writeNumberField("slot", a.slot());
        g.writeStringField("adId", a.adId());
        g.writeStringField("campaignId", a.campaignId());
        g.writeStringField("productId", a.productId());
        g.writeStringField("title", a.title());
        g.writeNumberField("priceMicros", a.priceMicros());
        g.writeStringField("clickUrl", base + a.clickUrl());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("organic");
      for (SearchEngine.Organic o : p.organic()) {
        g.writeStartObject();
        g.writeNumberField("rank", o.rank());
        g.writeStringField("productId", o.productId());
        g.writeStringField("title", o.title());
        g.writeNumberField("priceMicros", o.priceMicros());
        g.writeNumberField("score", o.score());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("totalMatches", p.totalMatches());
      g.writeNumberField("tookMicros", p.tookMicros());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a search answer", e); // a byte array does not fail
    }
    return out.toByteArray();
  }
}
