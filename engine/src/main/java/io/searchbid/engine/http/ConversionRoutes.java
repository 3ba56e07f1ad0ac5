package io.searchbid.engine.http;

import io.searchbid.auction.ClickToken;
import io.searchbid.auction.TokenVerification;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.SearchEngine;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * {@code POST /v1/conversions {clickToken, orderValueMicros}} by the advertiser owning the clicked
 * campaign: attributes one order to a charged click, once. The click token must still be valid
 * (attribution window = token time to live).
 */
public final class ConversionRoutes implements HttpServer.Routes {

  public static final long MAX_ORDER_VALUE_MICROS = 1_000_000_000_000L;

  public record ConversionBody(String clickToken, Long orderValueMicros) {}

  private final SearchEngine engine;
  private final ServiceNode node;
  private final Authenticator auth;
  private final Clock clock;

  public ConversionRoutes(SearchEngine engine, ServiceNode node, Authenticator auth, Clock clock) {
    this.engine = engine;
    this.node = node;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void register(Router r) {
    r.add("POST", "/v1/conversions", true, this::convert);
  }

  private CompletionStage<HttpResponse> convert(Call call) {
    return auth.advertiserId(call).thenCompose(adv -> {
      ConversionBody b = Json.parse(call.body(), ConversionBody.class);
      if (b.clickToken() == null || b.clickToken().isBlank()) {
        throw ApiError.badRequest("required", "clickToken", "clickToken is required (the token of the clicked ad)").toException();
      }
      if (b.orderValueMicros() == null) {
        throw ApiError.badRequest("required", "orderValueMicros", "orderValueMicros is required").toException();
      }
      long value = b.orderValueMicros();
      if (value < 0 || value > MAX_ORDER_VALUE_MICROS) {
        throw ApiError.badRequest("out_of_range", "orderValueMicros",
            "orderValueMicros must be in [0, " + MAX_ORDER_VALUE_MICROS + "], got " + value).toException();
      }
      long now = clock.millis();
      TokenVerification v = engine.verify(b.clickToken(), now);
      if (v instanceof TokenVerification.Rejected r) {
        throw ApiError.badRequest(SearchEngine.reason(r.reason()), "clickToken", r.message()).toException();
      }
      ClickToken t = ((TokenVerification.Valid) v).token();
      String tokenId = SearchEngine.tokenId(t);
      return node.campaign(t.campaignId())
          .<CampaignEntity.ConversionResult>ask(
              rr -> new CampaignEntity.RecordConversion(adv, tokenId, value, now, rr), node.askTimeout())
          .thenApply(res -> switch (res) {
            case CampaignEntity.ConversionRecorded ok -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("clickId", tokenId);
              m.put("campaignId", t.campaignId());
              m.put("orderValueMicros", value);
              yield Responses.json(200, m);
            }
            case CampaignEntity.ConversionRefused f when f.code().equals("not_found") ->
                Responses.error(ApiError.notFound("no campaign of yours was clicked with this token"));
            case CampaignEntity.ConversionRefused f ->
                Responses.error(new ApiError(409, f.code(), "clickToken", f.message()));
          });
    });
  }
}
