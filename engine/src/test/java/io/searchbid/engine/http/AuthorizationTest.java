package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every campaign route with no key, a wrong key, and another advertiser's key: refused, nothing changed. */
class AuthorizationTest {

  static TestServer server;
  static String[] owner;
  static String[] other;
  static String campaignId;

  @BeforeAll
  static void setUp() {
    server = TestServer.shared();
    owner = server.newAdvertiser("Owner");
    other = server.newAdvertiser("Other");
    var r = server.post("/v1/campaigns", owner[1], """
        {"name":"mine","productIds":["auth-p1"],"dailyBudgetMicros":10000000,"defaultBidMicros":500000,
         "keywords":[{"text":"wool rug","matchType":"phrase"}],"negatives":[{"text":"cheap","matchType":"phrase"}]}
        """);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    campaignId = r.json().get("campaignId").asText();
  }

  static Stream<Arguments> campaignRoutes() {
    String kw = "{\"keywords\":[{\"text\":\"wool rug\",\"matchType\":\"phrase\"}]}";
    String neg = "{\"negatives\":[{\"text\":\"cheap\",\"matchType\":\"phrase\"}]}";
    return Stream.of(
        Arguments.of("GET", "/v1/campaigns/{id}", null),
        Arguments.of("PATCH", "/v1/campaigns/{id}", "{\"dailyBudgetMicros\":1}"),
        Arguments.of("POST", "/v1/campaigns/{id}/keywords", "{\"keywords\":[{\"text\":\"silk rug\",\"matchType\":\"exact\"}]}"),
        Arguments.of("DELETE", "/v1/campaigns/{id}/keywords", kw),
        Arguments.of("POST", "/v1/campaigns/{id}/negatives", "{\"negatives\":[{\"text\":\"used\",\"matchType\":\"exact\"}]}"),
        Arguments.of("DELETE", "/v1/campaigns/{id}/negatives", neg),
        Arguments.of("POST", "/v1/campaigns/{id}/pause", null),
        Arguments.of("POST", "/v1/campaigns/{id}/resume", null),
        Arguments.of("GET", "/v1/campaigns/{id}/stats", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("campaignRoutes")
  void campaignRoute_noKey_wrongKey_otherAdvertisersKey_refusedAndNothingChanged(String method, String route, String body) {
    String before = server.get("/v1/campaigns/" + campaignId, owner[1]).body();
    String path = route.replace("{id}", campaignId);

    var none = server.send(method, path, null, body);
    assertThat(none.status()).as("no key").isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("unauthorized");

    var garbage = server.send(method, path, "not-a-key", body);
    assertThat(garbage.status()).as("garbage key").isEqualTo(401);
    // well-formed key for the right advertiser id, wrong secret
    String forged = owner[1].substring(0, owner[1].lastIndexOf('_') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertThat(server.send(method, path, forged, body).status()).as("wrong secret").isEqualTo(401);

    var foreign = server.send(method, path, other[1], body);
    assertThat(foreign.status()).as("other advertiser's key").isEqualTo(404);
    assertThat(foreign.body()).doesNotContain(owner[0]);

    assertThat(server.get("/v1/campaigns/" + campaignId, owner[1]).body()).as("unchanged").isEqualTo(before);
  }

  @Test
  void missingCampaign_and_foreignCampaign_lookAlike() {
    var foreign = server.get("/v1/campaigns/" + campaignId, other[1]);
    var missing = server.get("/v1/campaigns/cmp_doesnotexist", other[1]);
    assertThat(foreign.status()).isEqualTo(missing.status()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(missing.body());
  }

  @Test
  void listAndCreate_needAKey_listShowsOnlyOwnCampaigns() {
    assertThat(server.get("/v1/campaigns", null).status()).isEqualTo(401);
    assertThat(server.post("/v1/campaigns", "nope", "{}").status()).isEqualTo(401);
    long deadline = System.nanoTime() + 5_000_000_000L;
    var mine = server.get("/v1/campaigns", owner[1]);
    while (mine.json().get("campaigns").isEmpty() && System.nanoTime() < deadline) {
      sleepMillis(50); // polls stay well inside the key's rate limit (20/s, burst 100)
      mine = server.get("/v1/campaigns", owner[1]);
    }
    assertThat(mine.json().get("campaigns").findValuesAsText("campaignId")).containsExactly(campaignId);
    assertThat(server.get("/v1/campaigns", other[1]).json().get("campaigns").findValuesAsText("campaignId"))
        .doesNotContain(campaignId);
  }

  @Test
  void products_otherSellersProduct_cannotBeOverwritten() {
    var put = server.send("PUT", "/v1/products/auth-p1", owner[1],
        "{\"title\":\"Wool rug\",\"category\":\"Rugs\",\"brand\":\"Weave\",\"priceMicros\":1000000}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    var steal = server.send("PUT", "/v1/products/auth-p1", other[1],
        "{\"title\":\"Mine now\",\"category\":\"Rugs\",\"brand\":\"Weave\",\"priceMicros\":1}");
    assertThat(steal.status()).isEqualTo(403);
    assertThat(server.get("/v1/products/auth-p1", null).json().get("title").asText()).isEqualTo("Wool rug");
    assertThat(server.send("PUT", "/v1/products/auth-p2", null, "{}").status()).isEqualTo(401);
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
