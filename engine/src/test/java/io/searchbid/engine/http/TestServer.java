package io.searchbid.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.auction.service.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A real service node on an ephemeral port with its data in {@code dataDir}, plus an HTTP client. */
final class TestServer implements AutoCloseable {

  static final String ADMIN_KEY = "test-admin-key-0123456789";

  private static TestServer shared;

  /**
   * One node shared by the HTTP test classes of this JVM (a node takes seconds to start on a busy
   * 2-core machine); stopped when the JVM exits. Tests using it create their own advertisers, so
   * they do not see each other's data.
   */
  static synchronized TestServer shared() {
    if (shared == null) {
      try {
        Path dir = java.nio.file.Files.createTempDirectory("searchbid-shared");
        shared = new TestServer(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return shared;
  }

  final ServiceApp app;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestServer(Path dataDir) {
    this(dataDir, Map.of());
  }

  TestServer(Path dataDir, Map<String, Object> overrides) {
    var all = new java.util.HashMap<String, Object>(overrides);
    all.put("searchbid.http.port", 0);
    all.put("searchbid.http.host", "127.0.0.1");
    long t0 = System.nanoTime();
    this.app = ServiceApp.start(ServiceConfig.load(dataDir, null, all), ADMIN_KEY, Clock.systemUTC());
    System.out.println("server started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
  }

  Resp send(String method, String path, String bearer, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return send(b.build());
  }

  Resp send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Resp get(String path, String bearer) {
    return send("GET", path, bearer, null);
  }

  Resp post(String path, String bearer, String body) {
    return send("POST", path, bearer, body);
  }

  /** Registers an advertiser; returns {advertiserId, apiKey}. */
  String[] newAdvertiser(String name) {
    Resp r = post("/v1/advertisers", ADMIN_KEY, "{\"name\":\"" + name + "\"}");
    if (r.status() != 200) {
      throw new AssertionError("advertiser creation failed: " + r);
    }
    return new String[] {r.json().get("advertiserId").asText(), r.json().get("apiKey").asText()};
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    app.close();
    System.out.println("server closed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  record Resp(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorField() {
      return json().path("error").path("field").asText();
    }
  }
}
