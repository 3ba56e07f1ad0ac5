package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole advertiser journey over real HTTP against a real node. */
class FullFlowTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  static String createCampaign(String key, String productId, long budgetMicros, long bidMicros) {
    var r = server.post("/v1/campaigns", key, """
        {"name":"spring","productIds":["%s"],"dailyBudgetMicros":%d,"defaultBidMicros":%d}
        """.formatted(productId, budgetMicros, bidMicros));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("campaignId").asText();
  }

  static void putProduct(String key, String productId, String title) {
    var r = server.send("PUT", "/v1/products/" + productId + "?refresh=true", key, """
        {"title":"%s","category":"Lamps","brand":"Lumo","priceMicros":25000000}
        """.formatted(title));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static JsonNode search(String q) {
    var r = server.get("/v1/search?q=" + q.replace(" ", "+"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static TestServer.Resp clickJson(String clickUrl) {
    return server.send(HttpRequest.newBuilder(URI.create(clickUrl)).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(20)).GET().build());
  }

  static JsonNode waitForAd(String q, String campaignId) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonNode page;
    do {
      page = search(q);
      for (JsonNode ad : page.get("ads")) {
        if (ad.get("campaignId").asText().equals(campaignId)) {
          return ad;
        }
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("ad of " + campaignId + " never shown for '" + q + "': " + page);
  }

  @Test
  void advertiser_campaign_keywords_product_search_click_conversion_stats() {
    String[] adv = server.newAdvertiser("Lumo");
    String[] rival = server.newAdvertiser("Rival");
    String cid = createCampaign(adv[1], "lamp-1", 50_000_000, 2_000_000);
    String rivalCid = createCampaign(rival[1], "lamp-2", 50_000_000, 1_000_000);
    for (String[] a : new String[][] {{adv[1], cid}, {rival[1], rivalCid}}) {
      var k = server.post("/v1/campaigns/" + a[1] + "/keywords", a[0],
          "{\"keywords\":[{\"text\":\"desk lamp\",\"matchType\":\"broad\"}]}");
      assertThat(k.status()).as(k.body()).isEqualTo(200);
      assertThat(k.json().get("keywords")).hasSize(1);
    }
    putProduct(adv[1], "lamp-1", "Brass desk lamp with linen shade");
    putProduct(rival[1], "lamp-2", "Black metal desk lamp");

    JsonNode ad = waitForAd("desk lamp", cid);
    assertThat(ad.get("slot").asInt()).isEqualTo(1);
    assertThat(ad.get("productId").asText()).isEqualTo("lamp-1");
    assertThat(ad.get("title").asText()).isEqualTo("Brass desk lamp with linen shade");
    assertThat(ad.get("priceMicros").asLong()).isEqualTo(25_000_000);
    JsonNode page = search("desk lamp");
    assertThat(page.get("organic").findValuesAsText("productId")).contains("lamp-1", "lamp-2");

    // first click charges, second does not
    var first = clickJson(ad.get("clickUrl").asText());
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    long charged = first.json().get("chargedMicros").asLong();
    assertThat(charged).isPositive().isLessThanOrEqualTo(2_000_000);
    assertThat(first.json().get("duplicate").asBoolean()).isFalse();
    var second = clickJson(ad.get("clickUrl").asText());
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("duplicate").asBoolean()).isTrue();
    assertThat(second.json().get("chargedMicros").asLong()).isEqualTo(charged);
    var redirect = server.send(HttpRequest.newBuilder(URI.create(ad.get("clickUrl").asText())).GET().build());
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.raw().headers().firstValue("Location")).hasValue("/v1/products/lamp-1");

    var campaign = server.get("/v1/campaigns/" + cid, adv[1]);
    assertThat(campaign.json().get("spentTodayMicros").asLong()).isEqualTo(charged);

    // conversion: once
    String token = ad.get("clickUrl").asText().substring(ad.get("clickUrl").asText().lastIndexOf('/') + 1);
    var conv = server.post("/v1/conversions", adv[1], "{\"clickToken\":\"" + token + "\",\"orderValueMicros\":30000000}");
    assertThat(conv.status()).as(conv.body()).isEqualTo(200);
    var again = server.post("/v1/conversions", adv[1], "{\"clickToken\":\"" + token + "\",\"orderValueMicros\":30000000}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("already_attributed");
    var foreign = server.post("/v1/conversions", rival[1], "{\"clickToken\":\"" + token + "\",\"orderValueMicros\":1}");
    assertThat(foreign.status()).isEqualTo(404);

    // stats add up
    var stats = server.get("/v1/campaigns/" + cid + "/stats", adv[1]);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    JsonNode total = stats.json().get("total");
    assertThat(total.get("clicks").asLong()).isEqualTo(1);
    assertThat(total.get("spendMicros").asLong()).isEqualTo(charged);
    assertThat(total.get("averageCpcMicros").asLong()).isEqualTo(charged);
    assertThat(total.get("conversions").asLong()).isEqualTo(1);
    assertThat(total.get("conversionValueMicros").asLong()).isEqualTo(30_000_000);
    assertThat(total.get("roas").asDouble()).isEqualTo(30_000_000.0 / charged);
    long impressions = total.get("impressions").asLong();
    assertThat(impressions).as("every search above showed the ad").isGreaterThanOrEqualTo(2);
    assertThat(total.get("ctr").asDouble()).isEqualTo(1.0 / impressions);
    assertThat(stats.json().get("days")).hasSize(1);

    // metrics reflect it (other tests share the server: at least these clicks)
    String metrics = server.get("/metrics", null).body();
    assertThat(metric(metrics, "searchbid_clicks_charged_total")).isGreaterThanOrEqualTo(1.0);
    assertThat(metric(metrics, "searchbid_clicks_deduplicated_total")).isGreaterThanOrEqualTo(2.0);
    assertThat(metric(metrics, "searchbid_revenue_micros_total")).isGreaterThanOrEqualTo(charged);
  }

  static double metric(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no metric " + name);
  }

  @Test
  void budgetOfOneClick_showsUntilChargedOnce_thenNot() {
    String[] adv = server.newAdvertiser("Tiny");
    // alone on its keyword: GSP price = reserve (50,000 micros); budget = exactly one such click
    long reserve = 50_000;
    String cid = createCampaign(adv[1], "kettle-1", reserve, 1_000_000);
    server.post("/v1/campaigns/" + cid + "/keywords", adv[1], "{\"keywords\":[{\"text\":\"copper kettle\",\"matchType\":\"exact\"}]}");
    putProduct(adv[1], "kettle-1", "Copper kettle");
    JsonNode ad = waitForAd("copper kettle", cid);
    JsonNode stillThere = waitForAd("copper kettle", cid);
    var click = clickJson(stillThere.get("clickUrl").asText());
    assertThat(click.json().get("chargedMicros").asLong()).isEqualTo(reserve);
    assertThat(ad.get("campaignId").asText()).isEqualTo(cid);

    long deadline = System.nanoTime() + 5_000_000_000L;
    boolean gone = false;
    while (!gone && System.nanoTime() < deadline) {
      gone = search("copper kettle").get("ads").isEmpty();
    }
    assertThat(gone).as("exhausted campaign leaves the page").isTrue();
    var campaign = server.get("/v1/campaigns/" + cid, adv[1]);
    assertThat(campaign.json().get("budgetExhausted").asBoolean()).isTrue();
    assertThat(metric(server.get("/metrics", null).body(), "searchbid_budget_exhausted_campaigns")).isGreaterThanOrEqualTo(1.0);
  }

  /**
   * Budget exhaustion reaches the local ad index through the replica: each exhausting charge is
   * observed once in searchbid_budget_exhaustion_to_index_seconds (persist → index update). Prints
   * the figures for the report.
   */
  @Test
  void budgetExhaustion_reachesTheAdIndex_measuredPerCampaign() {
    String[] adv = server.newAdvertiser("Many");
    int n = 20;
    double countBefore = metric(server.get("/metrics", null).body(), "searchbid_budget_exhaustion_to_index_seconds_count");
    double sumBefore = metric(server.get("/metrics", null).body(), "searchbid_budget_exhaustion_to_index_seconds_sum");
    for (int i = 0; i < n; i++) {
      String word = "gadget" + (char) ('a' + i);
      String cid = createCampaign(adv[1], "ex-" + i, 50_000, 1_000_000);
      server.post("/v1/campaigns/" + cid + "/keywords", adv[1], "{\"keywords\":[{\"text\":\"" + word + "\",\"matchType\":\"exact\"}]}");
      putProduct(adv[1], "ex-" + i, "Shiny " + word);
      JsonNode ad = waitForAd(word, cid);
      assertThat(clickJson(ad.get("clickUrl").asText()).json().get("chargedMicros").asLong()).isEqualTo(50_000);
      assertThat(search(word).get("ads")).as("gone right after the charge was answered, or nearly").hasSizeLessThanOrEqualTo(1);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    String text;
    do {
      text = server.get("/metrics", null).body();
    } while (metric(text, "searchbid_budget_exhaustion_to_index_seconds_count") < countBefore + n && System.nanoTime() < deadline);
    double count = metric(text, "searchbid_budget_exhaustion_to_index_seconds_count") - countBefore;
    double sum = metric(text, "searchbid_budget_exhaustion_to_index_seconds_sum") - sumBefore;
    assertThat(count).isEqualTo(n);
    System.out.printf("budget exhaustion -> local ad index: n=%d mean=%.3f ms (persist ack to replica apply)%n", n, sum / count * 1000);
  }
}
