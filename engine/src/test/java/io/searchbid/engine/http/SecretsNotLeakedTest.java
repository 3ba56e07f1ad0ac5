package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.ServeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve --secrets FILE} process with every logger at DEBUG and Pekko's
 * {@code log-config-on-start}: after advertisers, campaigns, clicks, conversions, failed logins, a
 * rotation through the admin endpoint, a refused reload and a reload picked up by the file watch, two
 * rotations of the advertiser's API key (by itself, then by the admin), no secret — admin key,
 * click-key secrets in any encoding, any of the advertiser's API keys — appears in the process
 * output, in {@code /metrics} or in any HTTP answer except the one that creates that API key.
 * Also: a bad secrets file, or a secret set twice, stops {@code serve} with exit 2 before it starts.
 */
class SecretsNotLeakedTest {

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  static String clickSecret(long seed) {
    byte[] b = new byte[32];
    new SplittableRandom(seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The forms a click secret could leak in: as written, decoded to hex, URL-safe base64. */
  static List<String> forms(String base64) {
    byte[] raw = Base64.getDecoder().decode(base64);
    return List.of(base64, base64.substring(0, 24), HexFormat.of().formatHex(raw),
        Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  final List<String> answers = new ArrayList<>();

  HttpResponse<String> call(int port, String method, String path, String bearer, String body) throws Exception {
    URI uri = URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    answers.add(r.headers().map() + " " + r.body());
    return r;
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  void writeSecrets(Path file, String content) throws Exception {
    Path tmp = file.resolveSibling("secrets.tmp");
    Files.writeString(tmp, content);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  ProcessBuilder serve(Path secrets, Path config, Path dataDir) {
    List<String> cmd = ServeProcess.javaCommand("io.searchbid.engine.cli.ServeCli");
    cmd.add(cmd.size() - 1, "-Dlogback.configurationFile=logback-everything.xml");
    cmd.addAll(List.of("--secrets", secrets.toString(), "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
    if (config != null) {
      cmd.addAll(List.of("--config", config.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.remove("SEARCHBID_ADMIN_KEY");
    env.remove("SEARCHBID_CLICK_KEYS");
    env.remove("SEARCHBID_SECRETS_FILE");
    return pb;
  }

  @Test
  void secretsFromAFile_neverReachLogsMetricsOrAnswers() throws Exception {
    String admin = "adm-" + HexFormat.of().formatHex(Base64.getDecoder().decode(clickSecret(90)));
    String wrongAdmin = "not-the-admin-key-0123456789";
    String k1 = clickSecret(91);
    String k2 = clickSecret(92);
    String k3 = clickSecret(93);
    String k4 = clickSecret(94);
    Path secrets = dir.resolve("secrets.properties");
    writeSecrets(secrets, "admin-key.ops = " + admin + "\nclick-key.k1 = " + k1 + "\n");
    Path config = dir.resolve("site.conf");
    Files.writeString(config, """
        include classpath("searchbid-service")
        pekko.log-config-on-start = on
        pekko.loglevel = DEBUG
        searchbid.secrets.watch-interval = 200ms
        """);
    ServeProcess node = ServeProcess.start(serve(secrets, config, dir.resolve("data")), "serve --secrets");
    int port = node.port();
    String apiKey;
    String rotatedKey;
    String lostKey;
    String metrics;
    try {
      JsonNode adv = json(call(port, "POST", "/v1/advertisers", admin, "{\"name\":\"Leak check\"}"));
      apiKey = adv.get("apiKey").asText();
      answers.clear(); // the one answer that shows the API key, by design
      assertThat(call(port, "PUT", "/v1/products/leak-1?refresh=true", apiKey,
          "{\"title\":\"Teak leak lamp\",\"category\":\"Lamps\",\"brand\":\"T\",\"priceMicros\":9000000}").statusCode()).isEqualTo(200);
      JsonNode camp = json(call(port, "POST", "/v1/campaigns", apiKey, """
          {"name":"c","productIds":["leak-1"],"dailyBudgetMicros":50000000,"defaultBidMicros":1000000,
           "keywords":[{"text":"teak lamp","matchType":"broad"}]}"""));
      String cid = camp.get("campaignId").asText();
      String clickUrl = clickUrl(port, cid);
      assertThat(call(port, "GET", clickUrl, null, null).statusCode()).isEqualTo(200);
      String token = clickUrl.substring(clickUrl.lastIndexOf('/') + 1);
      assertThat(call(port, "POST", "/v1/conversions", apiKey, "{\"clickToken\":\"" + token + "\",\"orderValueMicros\":1}")
          .statusCode()).isEqualTo(200);
      assertThat(call(port, "POST", "/v1/advertisers", wrongAdmin, "{}").statusCode()).isEqualTo(401);
      assertThat(call(port, "GET", "/v1/campaigns", apiKey.substring(0, apiKey.length() - 3) + "xyz", null).statusCode()).isEqualTo(401);

      // advertiser API key rotation: by the advertiser (with a grace period), then by the admin (revoke at once)
      String advId = adv.get("advertiserId").asText();
      JsonNode rot = json(call(port, "POST", "/v1/advertisers/" + advId + "/keys:rotate", apiKey, "{\"graceSeconds\":600}"));
      answers.remove(answers.size() - 1); // the one answer that shows the new key, by design
      rotatedKey = rot.get("apiKey").asText();
      assertThat(call(port, "GET", "/v1/campaigns", rotatedKey, null).statusCode()).isEqualTo(200);
      assertThat(call(port, "GET", "/v1/campaigns", apiKey, null).statusCode()).as("old key in its grace period").isEqualTo(200);
      JsonNode lost = json(call(port, "POST", "/v1/advertisers/" + advId + "/keys:rotate", admin, "{\"graceSeconds\":0}"));
      answers.remove(answers.size() - 1);
      lostKey = lost.get("apiKey").asText();
      assertThat(call(port, "GET", "/v1/campaigns", apiKey, null).statusCode()).isEqualTo(401);
      assertThat(call(port, "POST", "/v1/advertisers/" + advId + "/keys:rotate", rotatedKey, "{}").statusCode()).isEqualTo(401);
      assertThat(call(port, "GET", "/v1/advertisers/" + advId + "/keys", lostKey, null).statusCode()).isEqualTo(200);

      // rotation through the endpoint
      writeSecrets(secrets, "admin-key.ops = " + admin + "\nclick-key.k1 = " + k1 + "\nclick-key.k2 = " + k2
          + "\nclick-signing-key = k2\n");
      assertThat(call(port, "POST", "/v1/admin/keys:reload", admin, null).statusCode()).isEqualTo(200);
      // refused: k1 with another secret, and a malformed k4
      writeSecrets(secrets, "admin-key.ops = " + admin + "\nclick-key.k1 = " + k3 + "\nclick-key.k2 = " + k2
          + "\nclick-signing-key = k2\n");
      assertThat(call(port, "POST", "/v1/admin/keys:reload", admin, null).statusCode()).isEqualTo(409);
      writeSecrets(secrets, "admin-key.ops = " + admin + "\nclick-key.k2 = " + k2 + "\nclick-key.k4 = *" + k4
          + "\nclick-signing-key = k2\n");
      assertThat(call(port, "POST", "/v1/admin/keys:reload", admin, null).statusCode()).isEqualTo(409);
      // picked up by the file watch, no request
      writeSecrets(secrets, "admin-key.ops = " + admin + "\nclick-key.k2 = " + k2 + "\nclick-key.k3 = " + k3
          + "\nclick-signing-key = k3\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      JsonNode shown;
      do {
        Thread.sleep(100);
        shown = json(call(port, "GET", "/v1/admin/keys", admin, null));
      } while (!shown.get("signingKeyId").asText().equals("k3") && System.nanoTime() < deadline);
      assertThat(shown.get("signingKeyId").asText()).as(shown.toString()).isEqualTo("k3");
      String newUrl = clickUrl(port, cid);
      byte[] t = Base64.getUrlDecoder().decode(newUrl.substring(newUrl.lastIndexOf('/') + 1));
      assertThat(new String(t, 2, t[1], java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("k3");
      assertThat(call(port, "GET", clickUrl, null, null).statusCode()).as("k1 was removed by the watch reload").isEqualTo(403);

      HttpResponse<String> m = call(port, "GET", "/metrics", null, null);
      metrics = m.body();
      PrometheusText.parse(metrics); // strict: parses, no duplicate series
    } finally {
      node.process().destroy(); // SIGTERM: graceful stop, shutdown logging included
    }
    String output = node.outputAfterExit(60);

    // the log covered what it should (so the absence below means something)
    assertThat(output).contains("secrets reloaded").contains("secrets reload refused").contains("different secret")
        .contains("click-key.k4 must be standard base64").contains("max-body-bytes") // the config dump
        .contains("API key rotated by advertiser").contains("API key rotated by admin:ops");
    assertThat(metrics).contains("searchbid_click_signing_key_info{key_id=\"k3\",} 1.0");
    // two refused files; the watch may also have read one of them before the endpoint did
    assertThat(PrometheusText.parse(metrics).samples()).anySatisfy(x -> {
      assertThat(x.name()).isEqualTo("searchbid_secrets_loads_total");
      assertThat(x.labels()).containsEntry("result", "failed");
      assertThat(x.value()).isGreaterThanOrEqualTo(2.0);
    });

    List<String> leaks = new ArrayList<>(List.of(admin, admin.substring(4, 28), "*" + k4));
    for (String key : List.of(apiKey, rotatedKey, lostKey)) {
      leaks.add(key);
      leaks.add(key.substring(key.length() - 30));
    }
    for (String k : List.of(k1, k2, k3, k4)) {
      leaks.addAll(forms(k));
    }
    String everyAnswer = String.join("\n", answers);
    for (String secret : leaks) {
      assertThat(output).as("process output").doesNotContain(secret);
      assertThat(metrics).as("metrics").doesNotContain(secret);
      assertThat(everyAnswer).as("HTTP answers").doesNotContain(secret);
    }
    assertThat(output.length()).as("a real DEBUG log was read").isGreaterThan(20_000);
  }

  String clickUrl(int port, String campaignId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode page = json(call(port, "GET", "/v1/search?q=teak+lamp", null, null));
      for (JsonNode ad : page.get("ads")) {
        if (ad.get("campaignId").asText().equals(campaignId)) {
          return ad.get("clickUrl").asText();
        }
      }
    }
    throw new AssertionError("no ad for " + campaignId);
  }

  @Test
  void badSecretsFile_orASecretSetTwice_exit2BeforeStarting_withoutEchoingTheSecret() throws Exception {
    String k1 = clickSecret(95);
    Path secrets = dir.resolve("secrets.properties");
    String badAdmin = "short key";
    writeSecrets(secrets, "admin-key.ops = " + badAdmin + "\nclick-key.k1 = " + k1 + "\n");
    String out = exit(serve(secrets, null, dir.resolve("d1")), 2);
    assertThat(out).contains("admin-key.ops must be 16-512 visible ASCII").doesNotContain(badAdmin).doesNotContain(k1);

    writeSecrets(secrets, "admin-key.ops = good-admin-key-0123456789\nclick-key.k1 = " + k1 + "\n");
    ProcessBuilder twice = serve(secrets, null, dir.resolve("d2"));
    twice.environment().put("SEARCHBID_ADMIN_KEY", "env-admin-key-0123456789");
    out = exit(twice, 2);
    assertThat(out).contains("set both").doesNotContain("env-admin-key-0123456789").doesNotContain("good-admin-key");

    out = exit(serve(dir.resolve("missing.properties"), null, dir.resolve("d3")), 2);
    assertThat(out).contains("missing.properties").contains("cannot be read");
  }

  static String exit(ProcessBuilder pb, int expected) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(expected);
    return out;
  }
}
