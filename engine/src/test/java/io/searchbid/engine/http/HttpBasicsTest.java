package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpBasicsTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void unknownRoute_is404WithJsonError() {
    var r = server.get("/v1/nope", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("not_found");
  }

  @Test
  void wrongMethod_is405WithAllowHeader() {
    var r = server.send("DELETE", "/v1/advertisers", TestServer.ADMIN_KEY, null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.errorCode()).isEqualTo("method_not_allowed");
    assertThat(r.raw().headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void health_liveAndReady() {
    assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    // cluster self-join is asynchronous: readiness may take a moment
    long deadline = System.nanoTime() + 10_000_000_000L;
    TestServer.Resp r;
    do {
      r = server.get("/health/ready", null);
    } while (r.status() != 200 && System.nanoTime() < deadline);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("checks").get("journal").asBoolean()).isTrue();
  }

  /** {@code serve --demo}: not ready while the demo data loads, ready once the application releases it. */
  @Test
  void readinessHeldBack_untilReleased(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    try (TestServer held = new TestServer(dir, java.util.Map.of("searchbid.http.ready-after-release", true))) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      TestServer.Resp r;
      do { // wait for everything else (cluster self-join) to be ready
        r = held.get("/health/ready", null);
      } while (!r.json().get("checks").get("cluster").asBoolean() && System.nanoTime() < deadline);
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.json().get("checks").get("startup").asBoolean()).isFalse();
      assertThat(held.get("/health/live", null).status()).isEqualTo(200);
      held.app.releaseReadiness();
      assertThat(held.get("/health/ready", null).status()).isEqualTo(200);
    }
  }

  @Test
  void createAdvertiser_withoutAdminKey_is401() {
    assertThat(server.post("/v1/advertisers", null, "{}").status()).isEqualTo(401);
    assertThat(server.post("/v1/advertisers", "wrong", "{}").status()).isEqualTo(401);
  }

  @Test
  void createAdvertiser_returnsIdAndKeyOnce_keyDiffersPerAdvertiser() {
    String[] a = server.newAdvertiser("Acme");
    String[] b = server.newAdvertiser("Bolt");
    assertThat(a[0]).startsWith("adv_").isNotEqualTo(b[0]);
    assertThat(a[1]).contains(a[0]).isNotEqualTo(b[1]);
  }

  @Test
  void createAdvertiser_unknownField_is400NamingIt() {
    var r = server.post("/v1/advertisers", TestServer.ADMIN_KEY, "{\"nmae\":\"x\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("unknown_field");
    assertThat(r.errorField()).isEqualTo("nmae");
  }

  @Test
  void malformedJson_is400_noStackTrace() {
    var r = server.post("/v1/advertisers", TestServer.ADMIN_KEY, "{\"name\":");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("malformed_json");
    assertThat(r.body()).doesNotContain("at com.").doesNotContain("Exception");
  }

  @Test
  void wrongType_is400NamingField() {
    var r = server.post("/v1/advertisers", TestServer.ADMIN_KEY, "{\"name\":[1]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorField()).isEqualTo("name");
  }

  /**
   * The default limit (4 MiB). The client asks {@code Expect: 100-continue}, as clients uploading
   * large bodies should: the 413 comes before the body is sent. (Without it the server may close the
   * connection while a 5 MiB body is still being written, and the client sees a broken pipe instead
   * of the answer; {@link BodyLimitTest} covers bodies without the header on a small limit.)
   */
  @Test
  void oversizeBody_is413() {
    String big = "{\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    var r = server.send(HttpRequest.newBuilder(server.uri("/v1/advertisers"))
        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofString(big)).build());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("body_too_large");
  }

  @Test
  void metrics_prometheusTextWithJvmAndRequestMetrics() {
    server.get("/health/live", null);
    var r = server.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("searchbid_http_requests_total{route=\"/health/live\",method=\"GET\",status=\"200\",}")
        .contains("jvm_memory_bytes_used");
  }
}
