package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-API-key limit over real HTTP (5 requests at once, then 1 per 20 s, on {@link SecuredServer}):
 * the request after the burst is refused with 429, Retry-After and a JSON error; other keys are not.
 */
class RateLimitTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = SecuredServer.get();
  }

  @Test
  void burstPlusOne_is429WithRetryAfter_otherKeyUnaffected_wrongKeysSpendNothing() {
    String[] a = server.newAdvertiser("Chatty");
    String[] b = server.newAdvertiser("Quiet");
    // a made-up key naming a's advertiser id: refused 401 without touching a's bucket
    String impostor = "sbk_" + a[0] + "_notTheRealSecret";
    for (int i = 0; i < 3; i++) {
      assertThat(server.get("/v1/campaigns", impostor).status()).isEqualTo(401);
    }
    for (int i = 1; i <= SecuredServer.API_KEY_BURST; i++) {
      TestServer.Resp r = server.get("/v1/campaigns", a[1]);
      assertThat(r.status()).as("request %d of the burst: %s", i, r.body()).isEqualTo(200);
    }
    TestServer.Resp limited = server.get("/v1/campaigns", a[1]);
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("rate_limited");
    assertThat(limited.json().get("error").get("message").asText()).contains("rate limit").contains("retry after");
    long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
    // one request refills every 1 / 0.05 = 20 s
    assertThat(retryAfter).isBetween(1L, 20L);
    assertThat(limited.json().get("error").get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
    // every keyed route shares the key's bucket; the body is not read into anything
    TestServer.Resp write = server.post("/v1/campaigns", a[1], "{}");
    assertThat(write.status()).isEqualTo(429);

    TestServer.Resp other = server.get("/v1/campaigns", b[1]);
    assertThat(other.status()).as(other.body()).isEqualTo(200);
    // public routes are not limited per key
    assertThat(server.get("/v1/search?q=lamp", null).status()).isEqualTo(200);

    String metrics = server.get("/metrics", null).body();
    PrometheusText.Scrape s = PrometheusText.parse(metrics);
    assertThat(s.samples()).anySatisfy(x -> {
      assertThat(x.name()).isEqualTo("searchbid_rate_limited_total");
      assertThat(x.labels()).containsEntry("kind", "api_key");
      assertThat(x.value()).isGreaterThanOrEqualTo(2.0);
    });
    assertThat(metrics).doesNotContain(a[0]).doesNotContain(a[1]);
  }
}
