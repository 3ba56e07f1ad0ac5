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
    this(dataDir, overrides, null);
  }

  /**
   * @param secretsFile null: admin key {@link #ADMIN_KEY} and generated click keys; else the node's
   *     secrets come from this file (put {@link #ADMIN_KEY} in it to use the helpers)
   */
  TestServer(Path dataDir, Map<String, Object> overrides, Path secretsFile) {
    this(dataDir, overrides, secretsFile, Clock.systemUTC());
  }

  /** @param clock the service's clock (e.g. a {@link ManualClock}) */
  TestServer(Path dataDir, Map<String, Object> overrides, Path secretsFile, Clock clock) {
    var all = new java.util.HashMap<String, Object>(overrides);
    all.put("searchbid.http.port", 0);
    all.put("searchbid.http.host", "127.0.0.1");
    long t0 = System.nanoTime();
    var config = ServiceConfig.load(dataDir, null, all);
    this.app = secretsFile == null
        ? ServiceApp.start(config, ADMIN_KEY, clock)
        : ServiceApp.startWithSecretsFile(config, secretsFile, clock);
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

  /** Puts a product (searchable at once) as the seller holding {@code key}. */
  void putProduct(String key, String productId, String title) {
    Resp r = send("PUT", "/v1/products/" + productId + "?refresh=true", key,
        "{\"title\":\"" + title + "\",\"category\":\"Lamps\",\"brand\":\"Lumo\",\"priceMicros\":25000000}");
    if (r.status() != 200) {
      throw new AssertionError("product put failed: " + r);
    }
  }

  /** Creates an active campaign for {@code productId} with one broad keyword; returns its id. */
  String createCampaign(String key, String productId, String keyword, long budgetMicros, long bidMicros) {
    Resp r = post("/v1/campaigns", key, ("{\"name\":\"c\",\"productIds\":[\"%s\"],\"dailyBudgetMicros\":%d,"
        + "\"defaultBidMicros\":%d,\"keywords\":[{\"text\":\"%s\",\"matchType\":\"broad\"}]}")
        .formatted(productId, budgetMicros, bidMicros, keyword));
    if (r.status() != 201) {
      throw new AssertionError("campaign creation failed: " + r);
    }
    return r.json().get("campaignId").asText();
  }

  /** Searches {@code q} until an ad of {@code campaignId} shows (5 s at most); returns its click URL. */
  String clickUrlOf(String q, String campaignId) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Resp page;
    do {
      page = get("/v1/search?q=" + q.replace(" ", "+"), null);
      for (JsonNode ad : page.json().get("ads")) {
        if (ad.get("campaignId").asText().equals(campaignId)) {
          return ad.get("clickUrl").asText();
        }
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("ad of " + campaignId + " never shown for '" + q + "': " + page);
  }

  /** The click URL with one bit of its token's MAC flipped: well-formed, wrongly signed (403 forged). */
  static String forged(String clickUrl) {
    int slash = clickUrl.lastIndexOf('/');
    byte[] t = java.util.Base64.getUrlDecoder().decode(clickUrl.substring(slash + 1));
    t[t.length - 1] ^= 1;
    return clickUrl.substring(0, slash + 1) + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(t);
  }

  /** The key id a click URL's token was signed with (token format v1: byte 1 = id length, then the id). */
  static String keyIdOf(String clickUrl) {
    byte[] t = java.util.Base64.getUrlDecoder().decode(clickUrl.substring(clickUrl.lastIndexOf('/') + 1));
    return new String(t, 2, t[1], java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Follows a click URL asking for JSON (no redirect). */
  Resp click(String clickUrl) {
    return send(HttpRequest.newBuilder(URI.create(clickUrl)).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(20)).GET().build());
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
