package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.db.JournalDatabase;
import io.searchbid.engine.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code serve --cluster} JVMs on one real PostgreSQL journal, driven by clients that search
 * and click through every node under the documented retry rule, while nodes are lost: the money
 * the journal holds is exactly the money the clients were told, click by click.
 *
 * <p>The nodes are started once for the class (a JVM start costs seconds on the CI machine); each
 * test creates its own advertisers and campaigns and reconciles only those.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {

  static final Duration START = Duration.ofSeconds(90);
  /** Clients keep retrying a request this long (docs/OPERATIONS.md, "Client retry rule"). */
  static final Duration CLIENT_DEADLINE = Duration.ofSeconds(60);

  PostgresTestDatabase db;
  ServeCluster cluster;
  Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void startCluster() throws Exception {
    dir = Files.createTempDirectory("searchbid-cluster-");
    db = PostgresTestDatabase.create("failover");
    JournalDatabase.fromConfig(PostgresJournalTest.config(db)).initSchema();
    cluster = new ServeCluster(db, dir, 3);
    long t0 = System.nanoTime();
    cluster.startAll(START);
    System.out.println("3 serve JVMs ready in " + millisSince(t0) + " ms");
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Every node up and ready before a test starts (restarts one a failed test left down). */
  void allReady() throws Exception {
    for (ServeCluster.Node n : cluster.nodes()) {
      if (n.process == null || !n.process.isAlive()) {
        cluster.start(n, START);
      }
      cluster.awaitReady(n, START);
    }
  }

  @Test
  @Order(2)
  void killMinus9_ofTheOldestNodeUnderLoad_journalEqualsWhatClientsWereTold_noTokenTwice_noCapExceeded() throws Exception {
    allReady();
    Market m = market("k", 4, new long[] {4_000_000, 15_000_000, 400_000_000});
    RetryingClient client = new RetryingClient(cluster.httpPorts(), CLIENT_DEADLINE, Duration.ofSeconds(15));
    ClusterLoad load = new ClusterLoad(client, m.queries(), 0.5, 20261125L);
    long t0 = System.nanoTime();
    load.start(4);
    Thread.sleep(3_000);
    // node 0 is the oldest member: it hosts the shard coordinator and is the first seed node
    ServeCluster.Node victim = cluster.node(0);
    long clicksBefore = load.clicks.sum();
    cluster.kill(victim);
    long killedAt = System.nanoTime();
    System.out.println("kill -9 " + victim + " at " + millisSince(t0) + " ms, after " + clicksBefore + " clicks");
    cluster.start(victim, START); // a supervisor restarts it at once, same ports, same data dir
    System.out.println(victim + " ready again " + millisSince(killedAt) + " ms after the kill");
    Thread.sleep(3_000);
    load.stopAndJoin();
    System.out.println("load: " + load.searches.sum() + " searches, " + load.clicks.sum() + " clicks, "
        + "in " + millisSince(t0) + " ms; " + load.retrySummary());

    assertThat(load.failures).as("requests that failed after the retry rule").isEmpty();
    assertThat(load.clicks.sum() - clicksBefore).as("clicks after the kill").isPositive();
    reconcile(m, load);
    System.out.println("over-delivery during the kill test: " + load.overDelivery(m.campaignIds()));
  }

  // --- market set-up ------------------------------------------------------------------------------

  /**
   * A small market for one test: {@code bidders} advertisers, each with one campaign per query word
   * (keyword "{word} lamp", exact match) and one product per word, written to every node (products
   * are per node). Campaign budgets cycle through {@code budgetsMicros}; bids rise with the
   * advertiser so that second prices are above the reserve.
   */
  record Market(Set<String> campaignIds, List<String> queries, Map<String, String> apiKeyOfCampaign) {}

  Market market(String prefix, int bidders, long[] budgetsMicros) throws Exception {
    String[] words = {"alder", "birch", "cedar", "maple", "rowan"};
    Set<String> ids = new LinkedHashSet<>();
    Map<String, String> keyOf = new HashMap<>();
    int[] ports = cluster.httpPorts();
    int made = 0;
    for (int a = 0; a < bidders; a++) {
      String key = json(send(ports[a % ports.length], "POST", "/v1/advertisers", ClusterFailoverTest.ADMIN,
          "{\"name\":\"" + prefix + " seller " + a + "\"}"), 200).get("apiKey").asText();
      for (String w : words) {
        String pid = prefix + "-" + a + "-" + w;
        for (int port : ports) {
          json(send(port, "PUT", "/v1/products/" + pid + "?refresh=true", key,
              "{\"title\":\"" + w + " desk lamp " + a + "\",\"category\":\"Lamps\",\"brand\":\"B" + a
                  + "\",\"priceMicros\":40000000}"), 200);
        }
        long budget = budgetsMicros[made % budgetsMicros.length];
        long bid = 600_000 + 250_000L * a;
        JsonNode c = json(send(ports[made % ports.length], "POST", "/v1/campaigns", key, """
            {"productIds":["%s"],"dailyBudgetMicros":%d,"overspendAllowance":1.25,"defaultBidMicros":%d,
             "keywords":[{"text":"%s lamp","matchType":"exact"}]}""".formatted(pid, budget, bid, w)), 201);
        ids.add(c.get("campaignId").asText());
        keyOf.put(c.get("campaignId").asText(), key);
        made++;
      }
    }
    List<String> queries = new ArrayList<>();
    for (String w : words) {
      queries.add(w + " lamp");
    }
    // every node serves every campaign before the load starts
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int port : ports) {
      for (String q : queries) {
        while (adsOn(port, q) < Math.min(bidders, 4)) {
          assertThat(System.nanoTime()).as("ads for '%s' on port %d", q, port).isLessThan(deadline);
          Thread.sleep(50);
        }
      }
    }
    return new Market(ids, queries, keyOf);
  }

  int adsOn(int port, String q) throws Exception {
    return json(send(port, "GET", "/v1/search?q=" + q.replace(' ', '+'), null, null), 200).get("ads").size();
  }

  // --- reconciliation -----------------------------------------------------------------------------

  /**
   * The journal against the clients' ledger, for the market's campaigns: no token charged twice;
   * the same set of clicks with the same amounts; per campaign and day the charges never above
   * budget × allowance and exactly at it once a click was capped; every node's entity view and
   * local replica agree with the journal.
   */
  void reconcile(Market m, ClusterLoad load) throws Exception {
    assertThat(load.unexplainedDuplicates).as("first answers saying duplicate without an earlier attempt").isEmpty();
    JournalCharges j = JournalCharges.read(db);
    List<JournalCharges.Charge> charges = j.of(m.campaignIds());
    Map<String, Long> journal = new TreeMap<>();
    for (JournalCharges.Charge c : charges) {
      Long before = journal.put(c.campaignId() + "/" + c.tokenId(), c.chargedMicros());
      assertThat(before).as("token %s of campaign %s charged twice", c.tokenId(), c.campaignId()).isNull();
    }
    Map<String, Long> told = new TreeMap<>();
    for (ClusterLoad.Told t : load.told.values()) {
      if (m.campaignIds().contains(t.campaignId())) {
        told.put(t.campaignId() + "/" + t.clickId(), t.chargedMicros());
      }
    }
    long journalSum = journal.values().stream().mapToLong(Long::longValue).sum();
    long toldSum = load.toldMicros(m.campaignIds());
    System.out.println("reconciled " + journal.size() + " charged clicks: journal " + journalSum + " micros, clients told "
        + toldSum + " micros");
    assertThat(journalSum).as("sum of charges in the journal = sum the clients were told").isEqualTo(toldSum);
    assertThat(journal).as("click by click, journal = clients' ledger").isEqualTo(told);

    Map<String, Long> spent = new HashMap<>();
    Map<String, Boolean> capped = new HashMap<>();
    for (JournalCharges.Charge c : charges) {
      String cd = c.campaignId() + "@" + c.epochDay();
      spent.merge(cd, c.chargedMicros(), Long::sum);
      if (c.chargedMicros() < c.priceMicros()) {
        capped.put(cd, true);
      }
    }
    for (var e : spent.entrySet()) {
      long cap = j.budgets.get(e.getKey().substring(0, e.getKey().indexOf('@'))).capMicros();
      assertThat(e.getValue()).as("spend of %s ≤ budget × allowance", e.getKey()).isLessThanOrEqualTo(cap);
      if (capped.containsKey(e.getKey())) {
        assertThat(e.getValue()).as("spend of %s, once a click was capped, is exactly the cap", e.getKey()).isEqualTo(cap);
      }
    }

    // every node: the entity's figures (through sharding) and this node's own replica agree with the journal
    long today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
    for (String id : m.campaignIds()) {
      long expected = spent.getOrDefault(id + "@" + today, 0L);
      String key = m.apiKeyOfCampaign().get(id);
      for (int port : cluster.httpPorts()) {
        assertThat(json(send(port, "GET", "/v1/campaigns/" + id, key, null), 200).get("spentTodayMicros").asLong())
            .as("campaign %s spend via port %d", id, port).isEqualTo(expected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long replica;
        while ((replica = replicaSpend(port, key, id)) != expected && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(replica).as("campaign %s spend in the replica of port %d", id, port).isEqualTo(expected);
      }
    }
  }

  long replicaSpend(int port, String key, String campaignId) throws Exception {
    for (JsonNode c : json(send(port, "GET", "/v1/campaigns", key, null), 200).get("campaigns")) {
      if (c.get("campaignId").asText().equals(campaignId)) {
        return c.get("spentTodayMicros").asLong();
      }
    }
    return -1;
  }

  // --- plumbing -------------------------------------------------------------------------------------

  static final String ADMIN = PostgresJournalTest.ADMIN;

  HttpResponse<String> send(int port, String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return Json.mapper().readTree(r.body());
  }

  static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
