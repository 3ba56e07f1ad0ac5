package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.ServeProcess;
import com.typesafe.config.Config;
import io.searchbid.auction.service.ServiceConfig;
import io.searchbid.engine.db.JournalDatabase;
import io.searchbid.engine.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL journal end to end on the machine's real PostgreSQL: {@code db init} on a fresh
 * database, {@code serve --config config/postgres.conf} (connection from the SEARCHBID_PG_* environment
 * variables) as a separate process, a charged click, SIGKILL, a new node on the same database.
 */
class PostgresJournalTest {

  static final String ADMIN = "pg-journal-admin-key";
  /* Fixed signing key for both nodes, so the second node (with an empty data dir) verifies tokens
     issued by the first: everything else it knows must come from the journal. */
  static final String CLICK_KEYS = "pgt1:" + Base64.getEncoder().encodeToString(
      "postgres-journal-test-signing-key-32b".getBytes(StandardCharsets.US_ASCII));

  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Path postgresConf() {
    Path conf = Path.of(System.getProperty("user.dir")).resolve("../config/postgres.conf").normalize();
    assertThat(conf).as("config/postgres.conf shipped in the repo").isRegularFile();
    return conf;
  }

  static Config config(PostgresTestDatabase db) {
    return ServiceConfig.load(null, postgresConf(), Map.of(
        "pekko-persistence-jdbc.shared-databases.slick.db.url", db.url,
        "pekko-persistence-jdbc.shared-databases.slick.db.user", PostgresTestDatabase.USER));
  }

  @Test
  void postgresConf_layersOverTheServiceBase_andSelectsPostgres() {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("conf")) {
      Config c = config(db);
      assertThat(c.getString("searchbid.http.max-body-bytes")).as("base config kept by the include").isEqualTo("4m");
      assertThat(c.getBoolean("searchbid.journal.create-schema")).isFalse();
      JournalDatabase jdb = JournalDatabase.fromConfig(c);
      assertThat(jdb.isPostgres()).isTrue();
      assertThat(jdb.displayUrl()).isEqualTo(db.url);
    }
  }

  @Test
  void dbInit_createsEveryJournalTable_isIdempotent_andServeRefusesBeforeIt() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("init")) {
      Config c = config(db);
      JournalDatabase jdb = JournalDatabase.fromConfig(c);
      assertThat(jdb.missingTables()).containsExactlyElementsOf(JournalDatabase.TABLES);
      assertThat(DbCli.serveProblem(c, postgresConf())).contains("db init --config").contains("event_journal");

      assertThat(jdb.initSchema()).containsExactlyElementsOf(JournalDatabase.TABLES);
      assertThat(jdb.missingTables()).isEmpty();
      assertThat(DbCli.serveProblem(c, postgresConf())).isNull();
      // the plugin's columns, as pekko-persistence-jdbc 1.1.x writes them
      assertThat(columns(db, "event_journal")).contains("ordering", "persistence_id", "sequence_number", "deleted",
          "writer", "write_timestamp", "adapter_manifest", "event_ser_id", "event_ser_manifest", "event_payload",
          "meta_ser_id", "meta_ser_manifest", "meta_payload");
      assertThat(columns(db, "event_tag")).containsExactlyInAnyOrder("event_id", "tag");
      assertThat(columns(db, "snapshot")).contains("persistence_id", "sequence_number", "created", "snapshot_payload");
      assertThat(columns(db, "durable_state")).contains("global_offset", "persistence_id", "revision", "state_payload");

      try (Connection conn = db.connect(); var s = conn.createStatement()) {
        s.execute("INSERT INTO event_journal (persistence_id, sequence_number, writer, event_ser_id, event_ser_manifest,"
            + " event_payload) VALUES ('X|1', 1, 'w', 1, 'm', '\\x00')");
      }
      assertThat(jdb.initSchema()).as("second init creates nothing").isEmpty();
      assertThat(jdb.maxOrdering()).as("second init keeps the rows").isEqualTo(1);

    }
  }

  @Test
  void dbCommand_initThenStatus_onAConfigIncludingPostgresConf(@TempDir Path dir) throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("cli")) {
      // an operator's file layered over the shipped one (what env variables do for `serve`)
      Path conf = dir.resolve("site.conf");
      Files.writeString(conf, "include file(\"" + postgresConf() + "\")\n"
          + "pekko-persistence-jdbc.shared-databases.slick.db { url = \"" + db.url + "\", user = \""
          + PostgresTestDatabase.USER + "\" }\n");
      Run status = db(conf, "status");
      assertThat(status.exit()).as(status.output()).isEqualTo(1);
      assertThat(status.output()).contains("missing tables event_journal").contains("db init --config " + conf);
      Run init = db(conf, "init");
      assertThat(init.exit()).as(init.output()).isZero();
      assertThat(init.output()).contains("created event_journal, event_tag, snapshot, durable_state");
      Run again = db(conf, "init");
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("nothing changed");
      Run ok = db(conf, "status");
      assertThat(ok.exit()).as(ok.output()).isZero();
      assertThat(ok.output()).contains("schema complete").contains("PostgreSQL");
      Run bogus = db(conf, "init", "--bogus");
      assertThat(bogus.exit()).isEqualTo(2);
      assertThat(bogus.output()).contains("--bogus").doesNotContain("Exception");
      Run unreachable = db(writeConf(dir, "jdbc:postgresql://127.0.0.1:1/none"), "init");
      assertThat(unreachable.exit()).isEqualTo(1);
      assertThat(unreachable.output()).contains("127.0.0.1:1").contains("nothing was changed").doesNotContain("\tat ");
    }
  }

  static Path writeConf(Path dir, String url) throws IOException {
    Path conf = dir.resolve("other.conf");
    Files.writeString(conf, "include file(\"" + postgresConf() + "\")\n"
        + "pekko-persistence-jdbc.shared-databases.slick.db { url = \"" + url + "\", connectionTimeout = 1000 }\n");
    return conf;
  }

  /** {@code ./searchbid db ARGS --config conf}, in-process; output is stdout and stderr together. */
  static Run db(Path conf, String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(conf.toString());
    int exit = DbCli.run(ps, ps, all.toArray(String[]::new));
    return new Run(exit, buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dbInit_fromSeveralNodesAtOnce_createsEachTableOnce_andAllSucceed() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("race")) {
      JournalDatabase jdb = JournalDatabase.fromConfig(config(db));
      int nodes = 4;
      var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
      try {
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
          results.add(pool.submit(() -> {
            start.await();
            return jdb.initSchema();
          }));
        }
        start.countDown();
        List<String> createdByAll = new ArrayList<>();
        for (var f : results) {
          createdByAll.addAll(f.get(60, TimeUnit.SECONDS)); // none fails
        }
        assertThat(createdByAll).as("every table created by exactly one of the concurrent inits")
            .containsExactlyInAnyOrderElementsOf(JournalDatabase.TABLES);
        assertThat(jdb.missingTables()).isEmpty();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  static List<String> columns(PostgresTestDatabase db, String table) throws Exception {
    List<String> cols = new ArrayList<>();
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          cols.add(rs.getString(1));
        }
      }
    }
    return cols;
  }

  @Test
  void chargedClick_survivesSigkill_onPostgres_andIsChargedOnce(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create("kill")) {
      assertThat(JournalDatabase.fromConfig(config(db)).initSchema()).hasSize(JournalDatabase.TABLES.size());
      long t0 = System.nanoTime();
      ServeProcess a = startNode(db, dirA);
      System.out.println("postgres node A up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      String key;
      String campaignId;
      String clickUrl;
      long charged;
      try {
        key = json(call(a, "POST", "/v1/advertisers", ADMIN, "{\"name\":\"Postgres Seller\"}", false)).get("apiKey").asText();
        var put = call(a, "PUT", "/v1/products/pg-1?refresh=true", key,
            "{\"title\":\"Oak standing desk\",\"category\":\"Desks\",\"brand\":\"Ekko\",\"priceMicros\":320000000}", false);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        var created = call(a, "POST", "/v1/campaigns", key, """
            {"productIds":["pg-1"],"dailyBudgetMicros":50000000,"defaultBidMicros":2000000,
             "keywords":[{"text":"standing desk","matchType":"broad"}]}""", false);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        campaignId = json(created).get("campaignId").asText();

        JsonNode ads = searchUntilAd(a, "oak standing desk");
        assertThat(ads.get(0).get("campaignId").asText()).isEqualTo(campaignId);
        clickUrl = ads.get(0).get("clickUrl").asText();

        JsonNode first = json(call(a, "GET", clickUrl, null, null, true));
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        charged = first.get("chargedMicros").asLong();
        assertThat(charged).isPositive().isLessThanOrEqualTo(2_000_000);
        JsonNode second = json(call(a, "GET", clickUrl, null, null, true));
        assertThat(second.get("duplicate").asBoolean()).as("same token again").isTrue();
        assertThat(second.get("chargedMicros").asLong()).isEqualTo(charged);
        assertThat(json(call(a, "GET", "/v1/campaigns/" + campaignId, key, null, false)).get("spentTodayMicros").asLong())
            .isEqualTo(charged);
        // the charge is in PostgreSQL before the click was answered: one ClickChargedEvent row
        assertThat(chargedEventRows(db, campaignId)).isEqualTo(1);
      } finally {
        a.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        a.process().waitFor(30, TimeUnit.SECONDS);
      }

      // a new node, empty data dir: campaign, spend, dedupe and API keys come from the journal only
      t0 = System.nanoTime();
      ServeProcess b = startNode(db, dirB);
      System.out.println("postgres node B up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      try {
        String onB = clickUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + b.port() + "/");
        JsonNode again = json(call(b, "GET", onB, null, null, true));
        assertThat(again.get("duplicate").asBoolean()).as("dedupe restored from PostgreSQL").isTrue();
        assertThat(again.get("chargedMicros").asLong()).isEqualTo(charged);
        var campaign = call(b, "GET", "/v1/campaigns/" + campaignId, key, null, false);
        assertThat(campaign.statusCode()).as(campaign.body()).isEqualTo(200);
        assertThat(json(campaign).get("spentTodayMicros").asLong()).as("charged once, not again").isEqualTo(charged);
        JsonNode total = json(call(b, "GET", "/v1/campaigns/" + campaignId + "/stats", key, null, false)).get("total");
        assertThat(total.get("clicks").asLong()).isEqualTo(1);
        assertThat(total.get("spendMicros").asLong()).isEqualTo(charged);
        assertThat(chargedEventRows(db, campaignId)).isEqualTo(1);
      } finally {
        b.process().destroyForcibly();
        b.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Rows of the campaign's click-charged events, read straight from the journal table. */
  static long chargedEventRows(PostgresTestDatabase db, String campaignId) throws Exception {
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement(
             "SELECT count(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%ClickCharged%'")) {
      ps.setString(1, "Campaign|" + campaignId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  JsonNode searchUntilAd(ServeProcess n, String query) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode ads = json(call(n, "GET", "/v1/search?q=" + query.replace(' ', '+'), null, null, false)).get("ads");
      if (!ads.isEmpty() || System.nanoTime() > deadline) {
        assertThat(ads).as("an ad for '%s' within 10 s", query).isNotEmpty();
        return ads;
      }
      Thread.sleep(50);
    }
  }

  record Run(int exit, String output) {}

  static ProcessBuilder withPgEnv(ProcessBuilder pb, PostgresTestDatabase db) {
    var env = pb.environment();
    env.put("SEARCHBID_PG_URL", db.url);
    env.put("SEARCHBID_PG_USER", PostgresTestDatabase.USER);
    env.remove("SEARCHBID_PG_PASSWORD");
    env.put("SEARCHBID_ADMIN_KEY", ADMIN);
    env.put("SEARCHBID_CLICK_KEYS", CLICK_KEYS);
    return pb.redirectErrorStream(true);
  }

  static ServeProcess startNode(PostgresTestDatabase db, Path dataDir) throws IOException {
    List<String> cmd = ServeProcess.javaCommand("io.searchbid.engine.cli.ServeCli");
    cmd.addAll(List.of("--config=" + postgresConf(), "--port=0", "--host=127.0.0.1", "--data-dir=" + dataDir));
    Files.createDirectories(dataDir);
    return ServeProcess.start(withPgEnv(new ProcessBuilder(cmd), db), "node on " + db.url);
  }

  HttpResponse<String> call(ServeProcess n, String method, String path, String bearer, String body, boolean json) throws Exception {
    URI uri = URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + n.port() + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
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
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }
}
