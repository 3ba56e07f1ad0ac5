package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request body limit over real HTTP ({@link SecuredServer}: 4 KiB), with and without a
 * Content-Length: one byte over is 413 with a JSON error naming the limit, exactly at it is read.
 */
class BodyLimitTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = SecuredServer.get();
  }

  /** A JSON body of exactly {@code bytes} bytes for POST /v1/advertisers (name too long: 400 once read). */
  static byte[] body(int bytes) {
    String head = "{\"name\":\"";
    String tail = "\"}";
    return (head + "x".repeat(bytes - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
  }

  static TestServer.Resp post(byte[] body, boolean chunked) {
    HttpRequest.BodyPublisher p = chunked
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) // unknown length: chunked
        : HttpRequest.BodyPublishers.ofByteArray(body);
    return server.send(HttpRequest.newBuilder(server.uri("/v1/advertisers"))
        .header("Authorization", "Bearer " + SecuredServer.ADMIN_KEY)
        .header("Content-Type", "application/json")
        .POST(p).build());
  }

  @Test
  void oneByteOverTheLimit_is413Json_withAndWithoutContentLength() {
    for (boolean chunked : new boolean[] {false, true}) {
      TestServer.Resp r = post(body(SecuredServer.MAX_BODY_BYTES + 1), chunked);
      assertThat(r.status()).as("chunked=%s: %s", chunked, r.body()).isEqualTo(413);
      assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.errorCode()).isEqualTo("body_too_large");
      assertThat(r.json().get("error").get("message").asText()).contains(Integer.toString(SecuredServer.MAX_BODY_BYTES))
          .contains("searchbid.http.max-body-bytes");
    }
  }

  @Test
  void exactlyAtTheLimit_isReadAndValidated_withAndWithoutContentLength() {
    for (boolean chunked : new boolean[] {false, true}) {
      TestServer.Resp r = post(body(SecuredServer.MAX_BODY_BYTES), chunked);
      assertThat(r.status()).as("chunked=%s: %s", chunked, r.body()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("invalid_value");
      assertThat(r.json().get("error").get("message").asText()).startsWith("name must be at most 200 characters");
    }
  }

  @Test
  void farOverTheLimit_chunked_isCutOff_andTheServerKeepsServing() {
    // the server answers 413 as soon as the limit is passed and closes the connection; a client still
    // sending may see the 413 or only the closed connection, never the body being read to the end
    try {
      assertThat(post(new byte[2 * 1024 * 1024], true).status()).isEqualTo(413);
    } catch (java.io.UncheckedIOException closedWhileSending) {
      assertThat(closedWhileSending.getCause()).isInstanceOf(java.io.IOException.class);
    }
    assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    assertThat(post(body(100), false).status()).as("next request on a new connection").isEqualTo(200);
  }
}
