package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rejected requests answer 400 naming field and rule, and change nothing. */
class BadInputTest {

  static TestServer server;
  static String key;
  static String campaignId;

  @BeforeAll
  static void setUp() {
    server = TestServer.shared();
    key = server.newAdvertiser("Strict")[1];
    var r = server.post("/v1/campaigns", key, """
        {"productIds":["bad-p1"],"dailyBudgetMicros":10000000,"defaultBidMicros":500000,
         "keywords":[{"text":"oak table","matchType":"exact"}]}
        """);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    campaignId = r.json().get("campaignId").asText();
  }

  static Stream<Arguments> badCampaigns() {
    return Stream.of(
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":-5}", "defaultBidMicros", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":0,\"defaultBidMicros\":5}", "dailyBudgetMicros", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000000000000000,\"defaultBidMicros\":5}", "dailyBudgetMicros", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5000000000}", "defaultBidMicros", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":\"lots\",\"defaultBidMicros\":5}", "dailyBudgetMicros", "wrong_type"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1.5,\"defaultBidMicros\":5}", "dailyBudgetMicros", "wrong_type"),
        Arguments.of("{\"productIds\":[],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5}", "productIds", "out_of_range"),
        Arguments.of("{\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5}", "productIds", "required"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"colour\":1}", "colour", "unknown_field"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"overspendAllowance\":3}", "overspendAllowance", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"keywords\":[{\"text\":\"\",\"matchType\":\"exact\"}]}", "keywords[0].text", "empty"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"keywords\":[{\"text\":\"the of\",\"matchType\":\"exact\"}]}", "keywords[0].text", "no_tokens"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"keywords\":[{\"text\":\"rug\",\"matchType\":\"fuzzy\"}]}", "keywords[0].matchType", "invalid_value"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"keywords\":[{\"text\":\"rug\",\"matchType\":\"exact\",\"maxCpcMicros\":-1}]}", "keywords[0].maxCpcMicros", "out_of_range"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5,\"negatives\":[{\"text\":\"rug\",\"matchType\":\"broad\"}]}", "negatives[0].matchType", "invalid_value"),
        Arguments.of("{\"productIds\":[\"p\"],\"dailyBudgetMicros\":1000,\"defaultBidMicros\":5", null, "malformed_json"),
        Arguments.of("[1,2]", null, "wrong_type"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("badCampaigns")
  void createCampaign_badInput_400NamingFieldAndRule_nothingCreated(String body, String field, String code) {
    int before = campaignCount();
    var r = server.post("/v1/campaigns", key, body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(code);
    if (field != null) {
      assertThat(r.errorField()).isEqualTo(field);
    }
    assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(campaignCount()).isEqualTo(before);
  }

  private static int campaignCount() {
    return server.get("/v1/campaigns", key).json().get("campaigns").size();
  }

  @Test
  void keywords_overlongOrTooMany_400_keywordsUnchanged() {
    String before = server.get("/v1/campaigns/" + campaignId, key).body();
    var overlong = server.post("/v1/campaigns/" + campaignId + "/keywords", key,
        "{\"keywords\":[{\"text\":\"ok\",\"matchType\":\"exact\"},{\"text\":\"" + "word ".repeat(20) + "\",\"matchType\":\"exact\"}]}");
    assertThat(overlong.status()).isEqualTo(400);
    assertThat(overlong.errorField()).isEqualTo("keywords[1].text");
    StringBuilder many = new StringBuilder("{\"keywords\":[");
    for (int i = 0; i < CampaignRequests.MAX_KEYWORDS_PER_REQUEST + 1; i++) {
      many.append(i == 0 ? "" : ",").append("{\"text\":\"kw").append(i).append("\",\"matchType\":\"broad\"}");
    }
    var tooMany = server.post("/v1/campaigns/" + campaignId + "/keywords", key, many.append("]}").toString());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("too_many");
    assertThat(server.get("/v1/campaigns/" + campaignId, key).body()).isEqualTo(before);
  }

  @Test
  void patch_negativeBudget_400_unchanged() {
    String before = server.get("/v1/campaigns/" + campaignId, key).body();
    var r = server.send("PATCH", "/v1/campaigns/" + campaignId, key, "{\"dailyBudgetMicros\":-1,\"name\":\"renamed\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorField()).isEqualTo("dailyBudgetMicros");
    assertThat(server.get("/v1/campaigns/" + campaignId, key).body()).isEqualTo(before);
  }

  @Test
  void patch_validChange_appliesAtomically() {
    var r = server.send("PATCH", "/v1/campaigns/" + campaignId, key, "{\"name\":\"renamed\",\"defaultBidMicros\":700000}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("name").asText()).isEqualTo("renamed");
    assertThat(r.json().get("defaultBidMicros").asLong()).isEqualTo(700_000);
  }

  @Test
  void search_badParameters_400NamingParameter() {
    assertThat(server.get("/v1/search", null).errorField()).isEqualTo("q");
    assertThat(server.get("/v1/search?q=lamp&size=0", null).errorField()).isEqualTo("size");
    assertThat(server.get("/v1/search?q=lamp&size=ten", null).errorCode()).isEqualTo("wrong_type");
    assertThat(server.get("/v1/search?q=lamp&page=-1", null).errorField()).isEqualTo("page");
    assertThat(server.get("/v1/search?q=" + "a".repeat(300), null).errorField()).isEqualTo("q");
  }

  @Test
  void click_forgedAndMalformedTokens_4xxWithReason() {
    var malformed = server.get("/v1/click/garbage", null);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("malformed");
  }

  @Test
  void bulkProducts_oneBadLine_400NamingLine_nothingWritten() {
    String jsonl = """
        {"productId":"bulk-1","title":"Walnut shelf","category":"Shelves","brand":"Nord","priceMicros":5000000}
        {"productId":"bulk-2","title":"","category":"Shelves","brand":"Nord","priceMicros":5000000}
        """;
    var r = server.post("/v1/products:bulk", key, jsonl);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.errorField()).isEqualTo("line 2");
    assertThat(server.get("/v1/products/bulk-1", null).status()).isEqualTo(404);
    var ok = server.post("/v1/products:bulk?refresh=true", key, jsonl.replace("\"title\":\"\"", "\"title\":\"Oak shelf\""));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("upserted").asInt()).isEqualTo(2);
    assertThat(server.get("/v1/products/bulk-2", null).json().get("title").asText()).isEqualTo("Oak shelf");
  }
}
