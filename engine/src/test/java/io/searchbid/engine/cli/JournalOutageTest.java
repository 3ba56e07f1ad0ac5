package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.auction.service.ServiceConfig;
import io.searchbid.engine.db.JournalDatabase;
import io.searchbid.engine.http.Json;
import io.searchbid.engine.http.ServiceApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on PostgreSQL whose journal database goes away (existing connections terminated, new ones
 * refused: {@code ALTER DATABASE … ALLOW_CONNECTIONS false} + {@code pg_terminate_backend}) and comes
 * back, then accepts connections but no writes (read-only): each time clicks answer 503
 * {@code journal_unavailable} and charge nothing, readiness is false,
 * searches keep working; once the database is back the node becomes ready and charges again, with
 * no restart. The shared PostgreSQL server itself is never stopped (other tests use it).
 */
class JournalOutageTest {

  static final String ADMIN = "outage-admin-key";
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void journalUnreachable_clicks503AndChargeNothing_unready_thenRecoversWithoutRestart(@TempDir Path dir) throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("outage")) {
      JournalDatabase.fromConfig(PostgresJournalTest.config(db)).initSchema();
      Map<String, Object> o = new HashMap<>();
      o.put("pekko-persistence-jdbc.shared-databases.slick.db.url", db.url);
      o.put("pekko-persistence-jdbc.shared-databases.slick.db.user", PostgresTestDatabase.USER);
      o.put("searchbid.http.port", 0);
      o.put("searchbid.http.host", "127.0.0.1");
      o.put("searchbid.clicks.keys", PostgresJournalTest.CLICK_KEYS);
      o.put("searchbid.http.unready-before-unbind", "0s"); // no load balancer to drain here
      ServiceApp app = ServiceApp.start(ServiceConfig.load(dir, PostgresJournalTest.postgresConf(), o), ADMIN, Clock.systemUTC());
      try {
        int port = app.port();
        String key = json(call(port, "POST", "/v1/advertisers", ADMIN, "{\"name\":\"Outage\"}")).get("apiKey").asText();
        assertThat(call(port, "PUT", "/v1/products/o-1?refresh=true", key,
            "{\"title\":\"Linen armchair\",\"category\":\"Chairs\",\"brand\":\"Sato\",\"priceMicros\":150000000}").statusCode())
            .isEqualTo(200);
        String campaignId = json(call(port, "POST", "/v1/campaigns", key, """
            {"productIds":["o-1"],"dailyBudgetMicros":500000000,"defaultBidMicros":1000000,
             "keywords":[{"text":"armchair","matchType":"broad"}]}""")).get("campaignId").asText();
        List<String> clicks = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clicks.size() < 7 && System.nanoTime() < deadline) {
          for (JsonNode ad : json(call(port, "GET", "/v1/search?q=linen+armchair", null, null)).get("ads")) {
            String u = ad.get("clickUrl").asText();
            clicks.add(u.substring(u.indexOf("/v1/click/")));
          }
        }
        assertThat(clicks).hasSizeGreaterThanOrEqualTo(7);
        JsonNode first = json(click(port, clicks.get(0)));
        long charged = first.get("chargedMicros").asLong();
        assertThat(charged).isPositive();
        assertThat(ready(port).statusCode()).isEqualTo(200);

        long total = charged;
        // 1. the database refuses connections and the node's are cut; one click is sent right then,
        //    before the node can know: it reaches the entity, whose write fails (503, not charged)
        apiKey = key;
        total += outage(port, db, Cut.REFUSED, clicks.subList(1, 4), clicks.get(4));
        // 2. the database accepts connections but no writes (a standby promoted late, a full disk)
        total += outage(port, db, Cut.READ_ONLY, clicks.subList(5, 7), null);

        assertThat(json(click(port, clicks.get(0))).get("duplicate").asBoolean()).isTrue();
        assertThat(json(call(port, "GET", "/v1/campaigns/" + campaignId, key, null)).get("spentTodayMicros").asLong())
            .isEqualTo(total);
        assertThat(PostgresJournalTest.chargedEventRows(db, campaignId)).as("one journal row per charged click").isEqualTo(7);
      } finally {
        cut(db, Cut.NONE);
        app.close();
      }
    }
  }

  enum Cut { NONE, REFUSED, READ_ONLY }

  /** The advertiser key of the running test (for product writes during an outage). */
  String apiKey;

  /**
   * One outage: cut the journal database, wait for readiness false (the journal check), see
   * {@code refused} answered 503 journal_unavailable, searches still served; restore, wait for
   * readiness, and charge the same clicks (not duplicates: the 503s charged nothing).
   *
   * @param inFlight a click sent just after the cut, before the node noticed (503, any code), or null
   * @return micros charged after the recovery
   */
  long outage(int port, PostgresTestDatabase db, Cut how, List<String> refused, String inFlight) throws Exception {
    long t0 = System.nanoTime();
    cut(db, how);
    var early = inFlight == null ? null : client.sendAsync(clickRequest(port, inFlight), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r;
    while ((r = ready(port)).statusCode() == 200 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
      Thread.sleep(50);
    }
    System.out.println(how + ": readiness false after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertThat(r.statusCode()).as("readiness once the journal is unusable (%s)", how).isEqualTo(503);
    JsonNode checks = Json.mapper().readTree(r.body()).get("checks");
    assertThat(checks.get("journal").asBoolean()).as(r.body()).isFalse();
    assertThat(checks.get("productIndex").asBoolean()).as(r.body()).isTrue();
    for (String c : refused) {
      long t = System.nanoTime();
      HttpResponse<String> no = click(port, c);
      System.out.println(how + ": click answered " + no.statusCode() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
      assertThat(no.statusCode()).as(no.body()).isEqualTo(503);
      assertThat(no.headers().firstValue("Content-Type").orElse("")).contains("application/json");
      JsonNode err = Json.mapper().readTree(no.body()).get("error");
      assertThat(err.get("code").asText()).isEqualTo("journal_unavailable");
      assertThat(err.get("message").asText()).contains("not charged").doesNotContain("Exception");
    }
    // a product write is refused the same way, and nothing of it is applied
    HttpResponse<String> put = call(port, "PUT", "/v1/products/o-out-" + how, apiKey,
        "{\"title\":\"Oak stool\",\"category\":\"Chairs\",\"brand\":\"Sato\",\"priceMicros\":30000000}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
    assertThat(Json.mapper().readTree(put.body()).get("error").get("code").asText()).isEqualTo("journal_unavailable");
    assertThat(call(port, "GET", "/v1/products/o-out-" + how, null, null).statusCode()).isEqualTo(404);
    // searches need no journal: the page comes from the local indexes
    assertThat(json(call(port, "GET", "/v1/search?q=linen+armchair", null, null)).get("ads")).isNotEmpty();
    long back = System.nanoTime();
    cut(db, Cut.NONE);
    while ((r = ready(port)).statusCode() != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(30)) {
      Thread.sleep(50);
    }
    System.out.println(how + ": ready again " + (System.nanoTime() - back) / 1_000_000 + " ms after the database came back");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> again = new ArrayList<>(refused);
    if (early != null) { // its write failed at the cut; the answer comes when the entity times out
      HttpResponse<String> e = early.get(30, TimeUnit.SECONDS);
      System.out.println(how + ": click sent at the cut answered " + e.statusCode() + " " + e.body());
      assertThat(e.statusCode()).as(e.body()).isEqualTo(503);
      again.add(inFlight);
    }
    long charged = 0;
    for (String c : again) {
      JsonNode a = json(click(port, c));
      assertThat(a.get("duplicate").asBoolean()).as("the 503 answers charged nothing").isFalse();
      assertThat(a.get("chargedMicros").asLong()).isPositive();
      charged += a.get("chargedMicros").asLong();
    }
    System.out.println(how + ": " + again.size() + " clicks charged " + (System.nanoTime() - back) / 1_000_000
        + " ms after the database came back");
    return charged;
  }

  /** Makes the test database unusable for the node ({@code how}), or usable again ({@link Cut#NONE}). */
  static void cut(PostgresTestDatabase db, Cut how) throws Exception {
    try (Connection c = PostgresTestDatabase.admin(); Statement s = c.createStatement()) {
      switch (how) {
        case NONE -> {
          s.execute("ALTER DATABASE " + db.name + " ALLOW_CONNECTIONS true");
          s.execute("ALTER DATABASE " + db.name + " RESET default_transaction_read_only");
        }
        case REFUSED -> s.execute("ALTER DATABASE " + db.name + " ALLOW_CONNECTIONS false");
        case READ_ONLY -> s.execute("ALTER DATABASE " + db.name + " SET default_transaction_read_only = on");
      }
      if (how != Cut.NONE) { // existing sessions end; new ones get the database's new rules
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name + "'");
      }
    }
  }

  HttpResponse<String> ready(int port) throws Exception {
    return call(port, "GET", "/health/ready", null, null);
  }

  HttpResponse<String> click(int port, String path) throws Exception {
    return client.send(clickRequest(port, path), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest clickRequest(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").GET().build();
  }

  HttpResponse<String> call(int port, String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }
}
