package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Click-key and admin-key rotation over real HTTP on a running node whose secrets come from a file:
 * the runbook's procedure step by step, and the refusals that keep the keys in force.
 */
class KeyRotationTest {

  static final String ADMIN = SecuredServer.ADMIN_KEY;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = SecuredServer.get();
  }

  static JsonNode reload(String adminKey) {
    TestServer.Resp r = server.post("/v1/admin/keys:reload", adminKey, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A fresh click URL for the campaign (every search is a new auction, so a new token). */
  static String token(String q, String campaignId) {
    return server.clickUrlOf(q, campaignId);
  }

  @Test
  void clickKeyRotation_withoutRestart_oldKeyVerifiesUntilRemoved_newKeySigns() {
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k1", 1);
    reload(ADMIN);
    String[] adv = server.newAdvertiser("Rotation");
    server.putProduct(adv[1], "rot-lamp", "Copper rotation lamp");
    String cid = server.createCampaign(adv[1], "rot-lamp", "copper lamp", 100_000_000, 1_000_000);

    String oldA = token("copper lamp", cid);
    String oldB = token("copper lamp", cid);
    assertThat(oldA).isNotEqualTo(oldB);
    assertThat(TestServer.keyIdOf(oldA)).isEqualTo("k1");

    // 1. every node learns k2; k1 still signs
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k1", 1, 2);
    JsonNode added = reload(ADMIN);
    assertThat(texts(added.get("addedClickKeyIds"))).containsExactly("k2");
    assertThat(added.get("signingKeyId").asText()).isEqualTo("k1");
    assertThat(TestServer.keyIdOf(token("copper lamp", cid))).isEqualTo("k1");

    // 2. k2 signs; k1 tokens in flight keep verifying
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k2", 1, 2);
    JsonNode switched = reload(ADMIN);
    assertThat(switched.get("signingKeyChanged").asBoolean()).isTrue();
    String fresh = token("copper lamp", cid);
    assertThat(TestServer.keyIdOf(fresh)).isEqualTo("k2");
    TestServer.Resp oldClick = server.click(oldA);
    assertThat(oldClick.status()).as(oldClick.body()).isEqualTo(200);
    assertThat(oldClick.json().get("duplicate").asBoolean()).isFalse();
    assertThat(oldClick.json().get("chargedMicros").asLong()).isPositive();
    assertThat(server.click(fresh).status()).isEqualTo(200);

    // 3. k1 retired: its tokens no longer verify, charged or not; k2 tokens do
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k2", 2);
    JsonNode removed = reload(ADMIN);
    assertThat(texts(removed.get("removedClickKeyIds"))).containsExactly("k1");
    assertThat(texts(removed.get("clickKeyIds"))).containsExactly("k2");
    TestServer.Resp retired = server.click(oldB);
    assertThat(retired.status()).as(retired.body()).isEqualTo(403);
    assertThat(retired.errorCode()).isEqualTo("forged");
    assertThat(server.click(oldA).status()).isEqualTo(403);
    assertThat(server.click(fresh).json().get("duplicate").asBoolean()).isTrue();
    assertThat(server.click(token("copper lamp", cid)).status()).isEqualTo(200);

    PrometheusText.Scrape s = PrometheusText.parse(server.get("/metrics", null).body());
    assertThat(s.samples()).anySatisfy(x -> {
      assertThat(x.name()).isEqualTo("searchbid_click_signing_key_info");
      assertThat(x.labels()).containsEntry("key_id", "k2");
      assertThat(x.value()).isEqualTo(1.0);
    });
    assertThat(s.samples().stream().filter(x -> x.name().equals("searchbid_click_signing_key_info")).count()).isEqualTo(1);
  }

  @Test
  void refusedReloads_answer409_keepTheKeysInForce_andNeverEchoASecret() {
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k2", 1, 2);
    reload(ADMIN);
    JsonNode before = server.get("/v1/admin/keys", ADMIN).json();
    String k2 = SecuredServer.clickSecret(2);
    String k3 = SecuredServer.clickSecret(3);
    String[][] broken = {
      {"admin-key.ops = " + ADMIN + "\nclick-key.k1 = " + SecuredServer.clickSecret(1) + "\nclick-key.k2 = " + k3
          + "\nclick-signing-key = k2\n", "click key 'k2' has a different secret"},
      {"admin-key.ops = " + ADMIN + "\nclick-key.k2 = " + k2 + "\nclick-key.k3 = @@" + k3 + "\nclick-signing-key = k2\n",
          "click-key.k3 must be standard base64"},
      {"admin-key.ops = " + ADMIN + "\nclick-keys.k3 = " + k3 + "\nclick-key.k2 = " + k2 + "\n", "unknown property 'click-keys.k3'"},
      {"click-key.k2 = " + k2 + "\n", "needs at least one admin key"},
      {"admin-key.ops = " + ADMIN + "\nclick-key.k2 = " + k2 + "\nclick-signing-key = k7\n", "click-signing-key must name one of"},
    };
    String tokenBefore = null;
    for (String[] b : broken) {
      SecuredServer.writeRaw(b[0]);
      TestServer.Resp r = server.post("/v1/admin/keys:reload", ADMIN, null);
      assertThat(r.status()).as(r.body()).isEqualTo(409);
      assertThat(r.errorCode()).isEqualTo("invalid_secrets");
      assertThat(r.json().get("error").get("message").asText()).contains(b[1]).contains("unchanged");
      assertThat(r.body()).doesNotContain(k2).doesNotContain(k3).doesNotContain(ADMIN);
      JsonNode now = server.get("/v1/admin/keys", ADMIN).json();
      assertThat(now.get("clickKeyIds")).isEqualTo(before.get("clickKeyIds"));
      assertThat(now.get("signingKeyId")).isEqualTo(before.get("signingKeyId"));
      assertThat(now.get("lastError").asText()).contains(b[1]);
      assertThat(now.toString()).doesNotContain(k2).doesNotContain(k3);
    }
    // the admin key of the file in force still works (the last broken file had none)
    SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k2", 1, 2);
    assertThat(reload(ADMIN).get("lastError").isNull()).isTrue();
  }

  @Test
  void adminKeyRotation_withoutRestart_newKeyWorksOldKeyRetired() {
    String next = "next-admin-key-0123456789abcdef";
    try {
      SecuredServer.writeSecrets(Map.of("ops", ADMIN, "ops2", next), "k2", 2);
      assertThat(texts(reload(ADMIN).get("adminKeyIds"))).containsExactlyInAnyOrder("ops", "ops2");
      assertThat(server.get("/v1/admin/keys", next).status()).isEqualTo(200);
      SecuredServer.writeSecrets(Map.of("ops2", next), "k2", 2);
      reload(next);
      assertThat(server.get("/v1/admin/keys", ADMIN).status()).isEqualTo(401);
      assertThat(server.post("/v1/advertisers", ADMIN, "{}").status()).isEqualTo(401);
      assertThat(server.post("/v1/advertisers", next, "{}").status()).isEqualTo(200);
    } finally {
      SecuredServer.writeSecrets(Map.of("ops", ADMIN), "k2", 2);
      server.post("/v1/admin/keys:reload", next, null);
    }
    assertThat(server.get("/v1/admin/keys", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void adminRoutes_needTheAdminKey_andEnvironmentSecretsAreNotReloadable() {
    assertThat(server.post("/v1/admin/keys:reload", null, null).status()).isEqualTo(401);
    assertThat(server.post("/v1/admin/keys:reload", "wrong-admin-key-0123456789", null).errorCode()).isEqualTo("unauthorized");
    String[] adv = server.newAdvertiser("NotAdmin");
    assertThat(server.get("/v1/admin/keys", adv[1]).status()).isEqualTo(401);
    JsonNode shown = server.get("/v1/admin/keys", ADMIN).json();
    assertThat(shown.get("source").asText()).isEqualTo("file");
    assertThat(shown.get("file").asText()).endsWith("secrets.properties");

    TestServer env = TestServer.shared();
    TestServer.Resp r = env.post("/v1/admin/keys:reload", TestServer.ADMIN_KEY, null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.errorCode()).isEqualTo("not_reloadable");
    JsonNode envKeys = env.get("/v1/admin/keys", TestServer.ADMIN_KEY).json();
    assertThat(envKeys.get("source").asText()).isEqualTo("environment");
    assertThat(texts(envKeys.get("adminKeyIds"))).containsExactly("env");
  }
}
