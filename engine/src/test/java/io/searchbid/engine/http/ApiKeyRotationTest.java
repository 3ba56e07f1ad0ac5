package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.auction.service.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Advertiser API key rotation over real HTTP, on a node of its own whose clock stands still until
 * the test moves it (so grace periods end exactly when the test says, cached verifications never
 * expire by themselves, and nothing waits for real time): the new key works at once, the old one
 * until its grace period ends and not a millisecond longer, a grace of 0 revokes at once even where
 * the old key was cached, another advertiser cannot touch the keys, bad input is refused naming the
 * field and the rule, and all of it survives a restart — with no key in the journal.
 */
class ApiKeyRotationTest {

  static final String ADMIN = TestServer.ADMIN_KEY;
  static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("searchbid-apikeys");
    server = new TestServer(dir, Map.of(), null, CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String rotatePath(String advertiserId) {
    return "/v1/advertisers/" + advertiserId + "/keys:rotate";
  }

  /** A request that needs a valid API key and changes nothing: 200 or 401. */
  static int probe(String key) {
    return server.get("/v1/campaigns", key).status();
  }

  static TestServer.Resp rotate(String advertiserId, String bearer, String body) {
    return server.post(rotatePath(advertiserId), bearer, body);
  }

  static JsonNode rotated(String advertiserId, String bearer, String body) {
    TestServer.Resp r = rotate(advertiserId, bearer, body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode keysOf(String advertiserId, String bearer) {
    TestServer.Resp r = server.get("/v1/advertisers/" + advertiserId + "/keys", bearer);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("keys");
  }

  static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(name).asText()));
    return out;
  }

  @Test
  void rotate_newKeyWorksAtOnce_oldKeyUntilItsGraceEnds_thenRefused401() {
    String[] adv = server.newAdvertiser("Rotating");
    String old = adv[1];
    assertThat(probe(old)).isEqualTo(200); // now verified and cached on this node
    Instant rotatedAt = CLOCK.instant();

    TestServer.Resp r = rotate(adv[0], old, "{\"graceSeconds\":3600}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = r.json();
    String fresh = body.get("apiKey").asText();
    assertThat(fresh).startsWith("sbk_" + adv[0] + "_").isNotEqualTo(old);
    assertThat(body.get("advertiserId").asText()).isEqualTo(adv[0]);
    assertThat(body.get("keyId").asText()).isEqualTo(ApiKeys.keyId(ApiKeys.hash(fresh)));
    assertThat(body.get("graceSeconds").asLong()).isEqualTo(3600);
    Instant end = rotatedAt.plusSeconds(3600);
    assertThat(field(body.get("keys"), "status")).containsExactly("active", "retiring");
    assertThat(field(body.get("keys"), "keyId")).containsExactly(ApiKeys.keyId(ApiKeys.hash(fresh)), ApiKeys.keyId(ApiKeys.hash(old)));
    assertThat(body.get("keys").get(1).get("expiresAt").asText()).isEqualTo(end.toString());
    assertThat(body.get("keys").get(0).get("expiresAt").isNull()).isTrue();
    assertThat(body.toString()).doesNotContain(old);

    assertThat(probe(fresh)).as("new key, at once").isEqualTo(200);
    assertThat(probe(old)).as("old key in its grace period").isEqualTo(200);
    assertThat(keysOf(adv[0], fresh)).isEqualTo(body.get("keys"));

    CLOCK.set(end.minusMillis(1));
    assertThat(probe(old)).as("old key 1 ms before its grace ends").isEqualTo(200);
    CLOCK.set(end);
    assertThat(probe(old)).as("old key when its grace has ended (cached until then, not longer)").isEqualTo(401);
    assertThat(server.get("/v1/campaigns", old).errorCode()).isEqualTo("unauthorized");
    assertThat(rotate(adv[0], old, "{}").status()).as("an ended key cannot rotate").isEqualTo(401);
    assertThat(probe(fresh)).isEqualTo(200);
    assertThat(field(keysOf(adv[0], fresh), "status")).containsExactly("active");
  }

  @Test
  void graceZero_revokesTheOldKeyAtOnce_evenWhereItWasCached() {
    String[] adv = server.newAdvertiser("Leaked");
    String old = adv[1];
    assertThat(probe(old)).isEqualTo(200); // cached; the clock stands still, so only an invalidation can drop it
    JsonNode body = rotated(adv[0], old, "{\"graceSeconds\":0}");
    String fresh = body.get("apiKey").asText();
    assertThat(field(body.get("keys"), "status")).containsExactly("active");
    assertThat(probe(old)).as("revoked key").isEqualTo(401);
    assertThat(rotate(adv[0], old, "{\"graceSeconds\":0}").status()).isEqualTo(401);
    assertThat(server.get("/v1/advertisers/" + adv[0] + "/keys", old).status()).isEqualTo(401);
    assertThat(probe(fresh)).isEqualTo(200);
  }

  @Test
  void anotherAdvertisersKey_cannotRotateOrListTheKeys_404LikeAMissingAdvertiser_nothingChanged() {
    String[] owner = server.newAdvertiser("Owner");
    String[] other = server.newAdvertiser("Other");
    JsonNode before = keysOf(owner[0], owner[1]);

    TestServer.Resp foreign = rotate(owner[0], other[1], "{\"graceSeconds\":0}");
    TestServer.Resp missing = rotate("adv_doesnotexist", other[1], "{\"graceSeconds\":0}");
    assertThat(foreign.status()).isEqualTo(missing.status()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(missing.body()).doesNotContain("sbk_");
    assertThat(foreign.errorCode()).isEqualTo("not_found");
    assertThat(server.get("/v1/advertisers/" + owner[0] + "/keys", other[1]).status()).isEqualTo(404);

    assertThat(probe(owner[1])).as("owner's key untouched").isEqualTo(200);
    assertThat(probe(other[1])).isEqualTo(200);
    assertThat(keysOf(owner[0], owner[1])).isEqualTo(before);
  }

  @Test
  void adminKey_rotatesALostKey_withTheConfiguredDefaultGrace_orRevokesEverything() {
    String[] adv = server.newAdvertiser("Lost key");
    double before = rotations("admin");
    JsonNode first = rotated(adv[0], ADMIN, null);
    assertThat(first.get("graceSeconds").asLong()).as("searchbid.api-keys.rotation-grace").isEqualTo(86_400);
    assertThat(first.get("keys").get(1).get("expiresAt").asText()).isEqualTo(CLOCK.instant().plusSeconds(86_400).toString());
    String second = first.get("apiKey").asText();
    assertThat(probe(second)).isEqualTo(200);
    assertThat(probe(adv[1])).as("the lost key, in its grace period").isEqualTo(200);

    JsonNode third = rotated(adv[0], ADMIN, "{\"graceSeconds\":0}");
    assertThat(probe(adv[1])).isEqualTo(401);
    assertThat(probe(second)).isEqualTo(401);
    assertThat(probe(third.get("apiKey").asText())).isEqualTo(200);
    assertThat(field(keysOf(adv[0], ADMIN), "keyId")).containsExactly(third.get("keyId").asText());
    assertThat(rotations("admin") - before).isEqualTo(2.0);

    assertThat(rotate("adv_doesnotexist", ADMIN, null).status()).isEqualTo(404);
    assertThat(server.get("/v1/advertisers/adv_doesnotexist/keys", ADMIN).status()).isEqualTo(404);
    assertThat(rotate("adv_doesnotexist", "wrong-admin-key-0123456789", null).status()).isEqualTo(401);
  }

  @Test
  void badInput_refusedNamingTheFieldAndTheRule_nothingChanged() {
    String[] adv = server.newAdvertiser("Careless");
    JsonNode before = keysOf(adv[0], adv[1]);
    String[][] bad = { // body, code, field, message part
      {"{\"graceSeconds\":-1}", "out_of_range", "graceSeconds", "graceSeconds must be in [0, 604800]"},
      {"{\"graceSeconds\":604801}", "out_of_range", "graceSeconds", "got 604801"},
      {"{\"graceSeconds\":\"soon\"}", "wrong_type", "graceSeconds", "integer"},
      {"{\"graceSeconds\":1.5}", "wrong_type", "graceSeconds", ""},
      {"{\"grace\":10}", "unknown_field", "grace", "unknown field 'grace'"},
      {"{\"graceSeconds\":", "malformed_json", "", ""},
      {"[1]", "wrong_type", "", ""},
    };
    for (String[] b : bad) {
      TestServer.Resp r = rotate(adv[0], adv[1], b[0]);
      assertThat(r.status()).as(b[0] + " -> " + r.body()).isEqualTo(400);
      assertThat(r.errorCode()).as(b[0]).isEqualTo(b[1]);
      if (!b[2].isEmpty()) {
        assertThat(r.errorField()).as(b[0]).isEqualTo(b[2]);
      }
      assertThat(r.json().get("error").get("message").asText()).as(b[0]).contains(b[3]);
    }
    TestServer.Resp none = rotate(adv[0], null, "{}");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorField()).isEqualTo("Authorization");
    assertThat(rotate(adv[0], "not-a-key", "{}").status()).isEqualTo(401);
    String forged = adv[1].substring(0, adv[1].lastIndexOf('_') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertThat(rotate(adv[0], forged, "{}").status()).as("right advertiser, wrong secret").isEqualTo(401);
    TestServer.Resp wrongMethod = server.get(rotatePath(adv[0]), adv[1]);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");

    assertThat(keysOf(adv[0], adv[1])).as("nothing changed").isEqualTo(before);
    assertThat(probe(adv[1])).isEqualTo(200);
  }

  @Test
  void moreThanFourEarlierKeysInGrace_refused409NamingTheRule_graceZeroStillWorks() {
    String[] adv = server.newAdvertiser("Restless");
    String key = adv[1];
    for (int i = 0; i < 4; i++) {
      key = rotated(adv[0], key, "{\"graceSeconds\":600}").get("apiKey").asText();
    }
    TestServer.Resp refused = rotate(adv[0], key, "{\"graceSeconds\":600}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("too_many_keys");
    assertThat(refused.json().get("error").get("message").asText()).contains("at most 4 earlier keys").contains("graceSeconds 0");
    assertThat(keysOf(adv[0], key)).hasSize(5);
    JsonNode clean = rotated(adv[0], key, "{\"graceSeconds\":0}");
    assertThat(clean.get("keys")).hasSize(1);
    assertThat(probe(adv[1])).isEqualTo(401);
    assertThat(probe(key)).isEqualTo(401);
  }

  @Test
  void rotation_survivesARestart_andTheJournalHoldsHashesNotKeys() throws IOException {
    String[] adv = server.newAdvertiser("Durable");
    JsonNode body = rotated(adv[0], adv[1], "{\"graceSeconds\":7200}");
    String fresh = body.get("apiKey").asText();
    Instant end = Instant.parse(body.get("keys").get(1).get("expiresAt").asText());

    server.close();
    server = new TestServer(dir, Map.of(), null, CLOCK);
    assertThat(probe(fresh)).as("new key after the restart").isEqualTo(200);
    assertThat(probe(adv[1])).as("old key after the restart, in its grace period").isEqualTo(200);
    assertThat(keysOf(adv[0], fresh)).isEqualTo(body.get("keys"));
    CLOCK.set(end);
    assertThat(probe(adv[1])).isEqualTo(401);
    assertThat(probe(fresh)).isEqualTo(200);

    byte[] journal = journalBytes();
    assertThat(contains(journal, ApiKeys.hash(fresh))).as("positive control: the new key's hash is in the journal file").isTrue();
    for (String key : List.of(fresh, adv[1])) {
      String secret = key.substring(key.lastIndexOf('_') + 1);
      assertThat(contains(journal, secret)).as("a key's secret in the journal").isFalse();
    }
    String metrics = server.get("/metrics", null).body();
    PrometheusText.parse(metrics);
    assertThat(metrics).doesNotContain(fresh.substring(fresh.lastIndexOf('_') + 1)).doesNotContain(adv[1].substring(adv[1].lastIndexOf('_') + 1));
  }

  static double rotations(String by) {
    return PrometheusText.parse(server.get("/metrics", null).body()).samples().stream()
        .filter(s -> s.name().equals("searchbid_api_key_rotations_total") && by.equals(s.labels().get("by")))
        .mapToDouble(PrometheusText.Sample::value).findFirst().orElseThrow();
  }

  static byte[] journalBytes() {
    try (var files = Files.walk(dir.resolve("journal"))) {
      var out = new java.io.ByteArrayOutputStream();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.write(Files.readAllBytes(p));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean contains(byte[] hay, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + n.length <= hay.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (hay[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
