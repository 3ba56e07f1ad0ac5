package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.ServeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charges clicks on a real {@code serve} process, kills it with SIGKILL (no shutdown hook, no
 * journal flush) while more clicks are in flight, starts a new process on the same data directory:
 * every charge answered before the kill is there exactly once, spend and dedupe state are restored.
 */
class DurabilityTest {

  static final String ADMIN = "durability-admin-key";
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static ServeProcess startNode(Path dataDir) throws IOException {
    List<String> cmd = ServeProcess.javaCommand("io.searchbid.engine.cli.ServeCli");
    cmd.addAll(List.of("--port=0", "--host=127.0.0.1", "--data-dir=" + dataDir));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SEARCHBID_ADMIN_KEY", ADMIN);
    return ServeProcess.start(pb, "node on " + dataDir);
  }

  HttpResponse<String> call(int port, String method, String path, String bearer, String body, boolean json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (json) {
      b.header("Accept", "application/json");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }

  @Test
  void killedNode_restartsWithEveryAnsweredChargeExactlyOnce_andDedupeRestored(@TempDir Path dataDir) throws Exception {
    ServeProcess a = startNode(dataDir);
    Map<String, Long> answered = new ConcurrentHashMap<>(); // clickUrl -> charged micros
    List<String> urls = new ArrayList<>();
    String key;
    String campaignId;
    long bidCap = 3_000_000;
    try {
      JsonNode adv = json(call(a.port(), "POST", "/v1/advertisers", ADMIN, "{\"name\":\"Durable\"}", false));
      key = adv.get("apiKey").asText();
      var created = call(a.port(), "POST", "/v1/campaigns", key, """
          {"productIds":["dur-1"],"dailyBudgetMicros":1000000000,"defaultBidMicros":%d,
           "keywords":[{"text":"teak bench","matchType":"broad"}]}""".formatted(bidCap), false);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      campaignId = json(created).get("campaignId").asText();
      var put = call(a.port(), "PUT", "/v1/products/dur-1?refresh=true", key,
          "{\"title\":\"Teak garden bench\",\"category\":\"Benches\",\"brand\":\"Holt\",\"priceMicros\":90000000}", false);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (urls.size() < 60 && System.nanoTime() < deadline) {
        JsonNode page = json(call(a.port(), "GET", "/v1/search?q=teak+bench", null, null, false));
        for (JsonNode ad : page.get("ads")) {
          urls.add(ad.get("clickUrl").asText());
        }
      }
      assertThat(urls).hasSize(60);
      for (String u : urls.subList(0, 20)) {
        var r = call(a.port(), "GET", u, null, null, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        answered.put(u, json(r).get("chargedMicros").asLong());
      }
      // 40 more clicks in flight while the process is killed
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      for (String u : urls.subList(20, 60)) {
        inFlight.add(client.sendAsync(HttpRequest.newBuilder(URI.create(u)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString())
            .thenAccept(r -> {
              if (r.statusCode() == 200) {
                try {
                  answered.put(u, json(r).get("chargedMicros").asLong());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            }));
      }
      Thread.sleep(40);
      a.process().destroyForcibly();
      a.process().waitFor(30, TimeUnit.SECONDS);
      for (CompletableFuture<Void> f : inFlight) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (Exception connectionDied) {
          // not answered: may or may not have been charged, never twice
        }
      }
    } finally {
      a.process().destroyForcibly();
    }
    assertThat(answered.size()).isGreaterThanOrEqualTo(20);
    long answeredSpend = answered.values().stream().mapToLong(Long::longValue).sum();

    ServeProcess b = startNode(dataDir);
    try {
      JsonNode campaign = json(call(b.port(), "GET", "/v1/campaigns/" + campaignId, key, null, false));
      long spent = campaign.get("spentTodayMicros").asLong();
      JsonNode total = json(call(b.port(), "GET", "/v1/campaigns/" + campaignId + "/stats", key, null, false)).get("total");
      long clicks = total.get("clicks").asLong();
      // every answered charge is there; unanswered ones at most once each
      assertThat(spent).isGreaterThanOrEqualTo(answeredSpend);
      assertThat(clicks).isBetween((long) answered.size(), 60L);
      assertThat(total.get("spendMicros").asLong()).isEqualTo(spent);
      // dedupe restored: every answered token is answered the same again, uncharged
      Map<String, Long> again = new LinkedHashMap<>();
      for (String u : answered.keySet()) {
        String onB = u.replaceFirst("127\\.0\\.0\\.1:\\d+|localhost:\\d+", "127.0.0.1:" + b.port());
        var r = call(b.port(), "GET", onB, null, null, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("duplicate").asBoolean()).as("token %s charged before the kill", u).isTrue();
        again.put(u, json(r).get("chargedMicros").asLong());
      }
      assertThat(again).isEqualTo(answered);
      JsonNode after = json(call(b.port(), "GET", "/v1/campaigns/" + campaignId, key, null, false));
      assertThat(after.get("spentTodayMicros").asLong()).as("repeats charged nothing").isEqualTo(spent);
      // SIGTERM: graceful stop through CoordinatedShutdown, the process ends by itself
      b.process().destroy();
      assertThat(b.process().waitFor(60, TimeUnit.SECONDS)).as("stopped gracefully on SIGTERM").isTrue();
    } finally {
      b.process().destroyForcibly();
    }
  }
}
