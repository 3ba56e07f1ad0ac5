package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.db.JournalDatabase;
import io.searchbid.engine.http.Json;
import io.searchbid.engine.http.PrometheusText;
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

  /** Set when a test fails: the nodes' log tails are printed before the directory goes. */
  volatile boolean failed;

  @org.junit.jupiter.api.extension.RegisterExtension
  final org.junit.jupiter.api.extension.TestWatcher watcher = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      failed = true;
    }
  };

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
        if (failed) {
          for (ServeCluster.Node n : cluster.nodes()) {
            System.out.println("---- last lines of " + n + ":\n" + cluster.tail(n, 40));
          }
        }
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

  /**
   * Budgets running out while three nodes serve the campaigns: the charges stop exactly at budget ×
   * allowance (asserted, per campaign), and the free clicks the cluster gives away meanwhile are
   * measured and printed (docs/OPERATIONS.md, "Budgets across nodes").
   */
  @Test
  @Order(1)
  void budgetsRunOutOnAllNodes_chargesStopExactlyAtTheCap_overDeliveryMeasured() throws Exception {
    allReady();
    Market m = market("b", new String[] {"alder", "birch", "cedar", "maple", "rowan"}, 4, new long[] {1_000_000, 1_500_000, 2_500_000});
    RetryingClient client = new RetryingClient(cluster.httpPorts(), CLIENT_DEADLINE, Duration.ofSeconds(15));
    ClusterLoad load = new ClusterLoad(client, m.queries(), 0.7, 20261126L);
    List<PrometheusText.Scrape> metricsBefore = scrapeEveryNode();
    long t0 = System.nanoTime();
    load.start(6);
    // until no campaign can be shown any more (as a node's replica says), at most 60 s
    int exhausted;
    while ((exhausted = exhausted(m)) < m.campaignIds().size() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
      Thread.sleep(200);
    }
    Thread.sleep(1_000); // pages served late, if any, still count
    load.stopAndJoin();
    assertThat(exhausted).as("campaigns whose budget ran out under load").isEqualTo(m.campaignIds().size());
    System.out.println("load: " + load.searches.sum() + " searches, " + load.clicks.sum() + " clicks in "
        + millisSince(t0) + " ms; " + load.retrySummary());
    assertThat(load.failures).as("requests that failed after the retry rule").isEmpty();
    ClusterLoad.OverDelivery od = load.overDelivery(m.campaignIds());
    System.out.println("over-delivery, 3 nodes, " + m.campaignIds().size() + " campaigns: " + od);
    reconcile(m, load);
    metricsAddUpToTheJournal(m, load, metricsBefore, scrapeEveryNode());
  }

  /**
   * Every node's {@code /metrics}, scraped over HTTP, parsed strictly (grammar, one TYPE per family,
   * no duplicate series, consistent histograms) and, when promtool is installed, passing
   * {@code promtool check metrics}.
   */
  List<PrometheusText.Scrape> scrapeEveryNode() throws Exception {
    List<PrometheusText.Scrape> out = new ArrayList<>();
    for (int port : cluster.httpPorts()) {
      HttpResponse<String> r = send(port, "GET", "/metrics", null, null);
      assertThat(r.statusCode()).as("GET /metrics on port %d", port).isEqualTo(200);
      out.add(PrometheusText.parse(r.body()));
      PrometheusText.promtoolComplaints(r.body(), "searchbid_")
          .ifPresent(complaints -> assertThat(complaints).as("promtool check metrics, port %d", port).isEmpty());
    }
    return out;
  }

  /**
   * The clicks each node says it charged ({@code searchbid_clicks_charged_total}, money in
   * {@code searchbid_revenue_micros_total}), summed over the nodes, against the journal: equal when
   * no click was retried (a click whose answer was lost, or that timed out, is in the journal but
   * was counted by no node or counted as a repeat), never more. Each node served some of them.
   */
  void metricsAddUpToTheJournal(Market m, ClusterLoad load, List<PrometheusText.Scrape> before,
      List<PrometheusText.Scrape> after) throws Exception {
    List<JournalCharges.Charge> charges = JournalCharges.read(db).of(m.campaignIds());
    long journalMicros = charges.stream().mapToLong(JournalCharges.Charge::chargedMicros).sum();
    long[] clicksPerNode = new long[after.size()];
    double clicks = 0;
    double micros = 0;
    for (int i = 0; i < after.size(); i++) {
      double c = after.get(i).sum("searchbid_clicks_charged_total", Map.of()) - before.get(i).sum("searchbid_clicks_charged_total", Map.of());
      micros += after.get(i).sum("searchbid_revenue_micros_total", Map.of()) - before.get(i).sum("searchbid_revenue_micros_total", Map.of());
      clicksPerNode[i] = (long) c;
      clicks += c;
    }
    System.out.println("metrics: charged clicks per node " + java.util.Arrays.toString(clicksPerNode) + " = " + (long) clicks
        + " (journal " + charges.size() + "), revenue " + (long) micros + " micros (journal " + journalMicros + "); "
        + load.retried.sum() + " requests retried");
    for (int i = 0; i < clicksPerNode.length; i++) {
      assertThat(clicksPerNode[i]).as("clicks charged through node %d", i).isPositive();
    }
    if (load.retried.sum() == 0) {
      assertThat((long) clicks).as("sum over the nodes of searchbid_clicks_charged_total").isEqualTo(charges.size());
      assertThat((long) micros).as("sum over the nodes of searchbid_revenue_micros_total").isEqualTo(journalMicros);
    } else {
      assertThat((long) clicks).isLessThanOrEqualTo(charges.size());
      assertThat((long) micros).isLessThanOrEqualTo(journalMicros);
    }
  }

  /**
   * Campaigns of the market that can no longer be shown today, as node 2's replica sees them: less
   * than the reserve price left under the cap (the auction bids at most what is left, and a bid
   * below the reserve never wins; searchbid-service.conf: reserve-price-micros = 50000).
   */
  int exhausted(Market m) throws Exception {
    int n = 0;
    for (String key : new LinkedHashSet<>(m.apiKeyOfCampaign().values())) {
      for (JsonNode c : json(send(cluster.node(2).httpPort, "GET", "/v1/campaigns", key, null), 200).get("campaigns")) {
        long cap = (long) Math.floor(c.get("dailyBudgetMicros").asLong() * c.get("overspendAllowance").asDouble());
        if (m.campaignIds().contains(c.get("campaignId").asText()) && cap - c.get("spentTodayMicros").asLong() < 50_000) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  @Order(2)
  void killMinus9_ofTheOldestNodeUnderLoad_journalEqualsWhatClientsWereTold_noTokenTwice_noCapExceeded() throws Exception {
    allReady();
    Market m = market("k", new String[] {"aspen", "beech", "cherry", "elm", "hazel"}, 4, new long[] {4_000_000, 15_000_000, 400_000_000});
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

  /**
   * Each node in turn gets SIGTERM (readiness goes false while it still serves, then it unbinds,
   * hands its shards off and leaves), exits, and is started again; clients keep searching and
   * clicking through all three under the retry rule. No request fails for good, and the charges
   * reconcile click by click.
   */
  @Test
  @Order(3)
  void rollingRestart_oneNodeAtATime_noRequestFailsAfterRetries_chargesReconcile() throws Exception {
    allReady();
    Market m = market("r", new String[] {"larch", "oak", "pine", "spruce", "willow"}, 4, new long[] {6_000_000, 400_000_000});
    RetryingClient client = new RetryingClient(cluster.httpPorts(), CLIENT_DEADLINE, Duration.ofSeconds(15));
    ClusterLoad load = new ClusterLoad(client, m.queries(), 0.5, 20261127L);
    long t0 = System.nanoTime();
    load.start(4);
    Thread.sleep(2_000);
    for (ServeCluster.Node n : cluster.nodes()) {
      long clicksBefore = load.clicks.sum();
      long stop = System.nanoTime();
      cluster.terminate(n);
      int status;
      while ((status = cluster.readyStatus(n)) == 200 && System.nanoTime() - stop < TimeUnit.SECONDS.toNanos(30)) {
        Thread.sleep(20);
      }
      long unready = millisSince(stop);
      assertThat(status).as("%s: readiness answered 503 before the node went away", n).isEqualTo(503);
      while (cluster.readyStatus(n) == 503 && System.nanoTime() - stop < TimeUnit.SECONDS.toNanos(30)) {
        Thread.sleep(20);
      }
      long unbound = millisSince(stop);
      assertThat(n.process.waitFor(60, TimeUnit.SECONDS)).as("%s stopped on SIGTERM", n).isTrue();
      long exited = millisSince(stop);
      cluster.start(n, START);
      System.out.println(n + ": SIGTERM -> readiness 503 after " + unready + " ms, HTTP gone after " + unbound
          + " ms, exited after " + exited + " ms, ready again after " + millisSince(stop) + " ms; "
          + (load.clicks.sum() - clicksBefore) + " clicks meanwhile");
      Thread.sleep(1_000);
    }
    load.stopAndJoin();
    System.out.println("load: " + load.searches.sum() + " searches, " + load.clicks.sum() + " clicks in "
        + millisSince(t0) + " ms; " + load.retrySummary());
    assertThat(load.failures).as("requests that failed after the retry rule").isEmpty();
    reconcile(m, load);
  }

  // --- market set-up ------------------------------------------------------------------------------

  /**
   * A small market for one test: {@code bidders} advertisers, each with one campaign per query word
   * (keyword "{word} lamp", exact match; each test its own words) and one product per word, written through one node (products
   * are journaled and replicated to the others). Campaign budgets cycle through {@code budgetsMicros}; bids rise with the
   * advertiser so that second prices are above the reserve.
   */
  record Market(Set<String> campaignIds, List<String> queries, Map<String, String> apiKeyOfCampaign) {}

  Market market(String prefix, String[] words, int bidders, long[] budgetsMicros) throws Exception {
    long t0 = System.nanoTime();
    Set<String> ids = new LinkedHashSet<>();
    Map<String, String> keyOf = new HashMap<>();
    int[] ports = cluster.httpPorts();
    int made = 0;
    for (int a = 0; a < bidders; a++) {
      String key = json(send(ports[a % ports.length], "POST", "/v1/advertisers", ClusterFailoverTest.ADMIN,
          "{\"name\":\"" + prefix + " seller " + a + "\"}"), 200).get("apiKey").asText();
      StringBuilder products = new StringBuilder();
      for (String w : words) {
        products.append("{\"productId\":\"").append(prefix).append('-').append(a).append('-').append(w)
            .append("\",\"title\":\"").append(w).append(" desk lamp ").append(a)
            .append("\",\"category\":\"Lamps\",\"brand\":\"B").append(a).append("\",\"priceMicros\":40000000}\n");
      }
      json(send(ports[a % ports.length], "POST", "/v1/products:bulk?refresh=true", key, products.toString()), 200);
      for (String w : words) {
        String pid = prefix + "-" + a + "-" + w;
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
    System.out.println("market '" + prefix + "': " + ids.size() + " campaigns served by every node after " + millisSince(t0) + " ms");
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
    Map<String, Long> expected = new TreeMap<>();
    for (String id : m.campaignIds()) {
      expected.put(id, spent.getOrDefault(id + "@" + today, 0L));
    }
    for (int port : cluster.httpPorts()) {
      for (String id : m.campaignIds()) {
        assertThat(json(send(port, "GET", "/v1/campaigns/" + id, m.apiKeyOfCampaign().get(id), null), 200)
            .get("spentTodayMicros").asLong()).as("campaign %s spend via port %d", id, port).isEqualTo(expected.get(id));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Map<String, Long> replica;
      while (!(replica = replicaSpend(port, m)).equals(expected) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(replica).as("spend in the replica of port %d", port).isEqualTo(expected);
    }
  }

  /** Today's spend of the market's campaigns as one node's replica (the campaign list) has it. */
  Map<String, Long> replicaSpend(int port, Market m) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (String key : new LinkedHashSet<>(m.apiKeyOfCampaign().values())) {
      for (JsonNode c : json(send(port, "GET", "/v1/campaigns", key, null), 200).get("campaigns")) {
        if (m.campaignIds().contains(c.get("campaignId").asText())) {
          out.put(c.get("campaignId").asText(), c.get("spentTodayMicros").asLong());
        }
      }
    }
    return out;
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
