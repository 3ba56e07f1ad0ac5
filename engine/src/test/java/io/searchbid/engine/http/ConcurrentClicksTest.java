package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once charging under concurrency, over real HTTP on a real node: clicks of one campaign
 * arriving together are charged in shared journal writes (group commit), and still every token is
 * charged once, every answer carries the charge of its token's first use, and the spend is the sum.
 */
class ConcurrentClicksTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    FullFlowTest.server = server; // its helpers (campaign, product, search) speak to the same node
  }

  /** A campaign alone on its keyword, and {@code n} distinct click URLs of its ad. */
  static List<String> campaignWithClickUrls(String name, String keyword, long budgetMicros, int n, String[] campaignOut) {
    String[] adv = server.newAdvertiser(name);
    String productId = name.toLowerCase() + "-1";
    String cid = FullFlowTest.createCampaign(adv[1], productId, budgetMicros, 1_000_000);
    var k = server.post("/v1/campaigns/" + cid + "/keywords", adv[1],
        "{\"keywords\":[{\"text\":\"" + keyword + "\",\"matchType\":\"exact\"}]}");
    assertThat(k.status()).as(k.body()).isEqualTo(200);
    FullFlowTest.putProduct(adv[1], productId, keyword);
    FullFlowTest.waitForAd(keyword, cid);
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    while (urls.size() < n) {
      for (JsonNode ad : FullFlowTest.search(keyword).get("ads")) {
        if (ad.get("campaignId").asText().equals(cid)) {
          urls.add(ad.get("clickUrl").asText());
        }
      }
    }
    campaignOut[0] = cid;
    campaignOut[1] = adv[1];
    return new ArrayList<>(urls);
  }

  static CompletableFuture<JsonNode> clickAsync(String url) {
    HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30)).GET().build();
    return server.client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      return new TestServer.Resp(resp.statusCode(), resp.body(), resp).json();
    });
  }

  @Test
  void sameTokenClickedConcurrently_isChargedOnce_andEveryAnswerCarriesThatCharge() {
    String[] c = new String[2];
    String url = campaignWithClickUrls("Twin", "ivory candle holder", 100_000_000, 1, c).get(0);
    List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      answers.add(clickAsync(url));
    }
    List<JsonNode> all = answers.stream().map(CompletableFuture::join).toList();
    assertThat(all).filteredOn(a -> !a.get("duplicate").asBoolean()).as("exactly one first use").hasSize(1);
    long charged = all.get(0).get("chargedMicros").asLong();
    assertThat(charged).isPositive();
    assertThat(all).allSatisfy(a -> assertThat(a.get("chargedMicros").asLong()).isEqualTo(charged));
    JsonNode campaign = server.get("/v1/campaigns/" + c[0], c[1]).json();
    assertThat(campaign.get("spentTodayMicros").asLong()).isEqualTo(charged);
    JsonNode total = server.get("/v1/campaigns/" + c[0] + "/stats", c[1]).json().get("total");
    assertThat(total.get("clicks").asLong()).isEqualTo(1);
  }

  /**
   * 60 distinct tokens, each clicked 3 times, all at once and shuffled, on a campaign whose budget
   * runs out part-way: each token is charged once, its three answers agree, the spend is the sum of
   * the first-use charges and reaches the cap exactly (the core's rule, applied click by click).
   */
  @Test
  void manyTokensOfOneCampaign_clickedConcurrentlyAndRepeated_eachChargedOnce_spendIsTheSum() {
    String[] c = new String[2];
    // alone on its keyword the ad's GSP price is the 50,000 reserve: 20 clicks spend the budget, 40 are free
    long budget = 1_000_000;
    List<String> urls = campaignWithClickUrls("Crowd", "walnut salad bowl", budget, 60, c);
    List<String> clicks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clicks.addAll(urls);
    }
    Collections.shuffle(clicks, new java.util.Random(42));
    List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
    for (String u : clicks) {
      answers.add(clickAsync(u));
    }
    Map<String, List<JsonNode>> byToken = new HashMap<>();
    for (int i = 0; i < clicks.size(); i++) {
      byToken.computeIfAbsent(clicks.get(i), k -> new ArrayList<>()).add(answers.get(i).join());
    }
    long firstUseSum = 0;
    for (var e : byToken.entrySet()) {
      List<JsonNode> three = e.getValue();
      assertThat(three).filteredOn(a -> !a.get("duplicate").asBoolean()).as("first uses of %s", e.getKey()).hasSize(1);
      long charged = three.get(0).get("chargedMicros").asLong();
      assertThat(three).allSatisfy(a -> assertThat(a.get("chargedMicros").asLong()).isEqualTo(charged));
      firstUseSum += charged;
    }
    JsonNode campaign = server.get("/v1/campaigns/" + c[0], c[1]).json();
    assertThat(campaign.get("spentTodayMicros").asLong()).isEqualTo(firstUseSum).isEqualTo(budget);
    JsonNode total = server.get("/v1/campaigns/" + c[0] + "/stats", c[1]).json().get("total");
    assertThat(total.get("clicks").asLong()).isEqualTo(60);
    assertThat(total.get("spendMicros").asLong()).isEqualTo(budget);
    String metrics = server.get("/metrics", null).body();
    System.out.printf("click batches so far: %.0f clicks in %.0f journal writes%n",
        FullFlowTest.metric(metrics, "searchbid_click_batch_size_clicks_sum"),
        FullFlowTest.metric(metrics, "searchbid_click_batch_size_clicks_count"));
  }
}
