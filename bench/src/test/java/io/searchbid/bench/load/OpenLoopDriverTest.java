package io.searchbid.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The open-loop driver against real servers on loopback: the bare Pekko route (the http suite's
 * baseline) and small JDK servers whose delays are known, so the driver's latency accounting can be
 * checked against what a correct open-loop measurement must see.
 */
class OpenLoopDriverTest {

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A JDK server on an ephemeral port; one worker thread, so requests are served one at a time. */
  private URI jdkServer(int sleepMillisPerRequest, int stallMillisOnStallPath) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.createContext("/", ex -> {
      try {
        if (ex.getRequestURI().getPath().equals("/stall")) {
          Thread.sleep(stallMillisOnStallPath);
        } else if (sleepMillisPerRequest > 0) {
          Thread.sleep(sleepMillisPerRequest);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ex.getRequestURI().getPath().equals("/missing") ? new byte[0] : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length == 0 ? -1 : body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void bareRoute_answersEveryScheduledRequest_withOrderedPercentiles() throws Exception {
    try (BareRoute bare = BareRoute.start(1024); OpenLoopDriver driver = new OpenLoopDriver()) {
      // The route really is a constant: a plain client sees the same body on any path.
      HttpResponse<String> direct = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(bare.baseUrl() + "/v1/search?q=x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(direct.statusCode()).isEqualTo(200);
      assertThat(direct.body()).hasSize(1024).startsWith("{\"query\":\"constant\"");

      LoadSpec spec = new LoadSpec(URI.create(bare.baseUrl()), 200, Duration.ofMillis(500), Duration.ofSeconds(2), 8,
          Duration.ofSeconds(10), List.of(HttpSuite.searchEndpoint(QueryTraffic.wands())), 7);
      LoadResult r = driver.run(spec);
      EndpointStats a = r.all();
      assertThat(a.requests()).isEqualTo(400); // 200/s × 2 s measured, warm-up excluded
      assertThat(a.errors()).as(r.errorKinds().toString()).isZero();
      assertThat(r.perEndpoint()).containsOnlyKeys("search");
      assertThat(a.p50Millis()).isPositive();
      assertThat(a.p50Millis()).isLessThanOrEqualTo(a.p90Millis());
      assertThat(a.p90Millis()).isLessThanOrEqualTo(a.p99Millis());
      assertThat(a.p99Millis()).isLessThanOrEqualTo(a.p999Millis());
      assertThat(a.p999Millis()).isLessThanOrEqualTo(a.maxMillis());
      assertThat(r.sentPerSecond()).isEqualTo(200.0);
      assertThat(r.driverCpuCores()).isGreaterThan(0);
    }
  }

  /** Two servers (the nodes of one cluster): every request is answered, and both nodes get a share. */
  @Test
  void severalTargets_spreadTheLoadOverEveryNode() throws Exception {
    AtomicInteger[] hits = {new AtomicInteger(), new AtomicInteger()};
    List<HttpServer> servers = new java.util.ArrayList<>();
    try (OpenLoopDriver driver = new OpenLoopDriver()) {
      List<URI> targets = new java.util.ArrayList<>();
      for (AtomicInteger h : hits) {
        HttpServer srv = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        srv.createContext("/", ex -> {
          h.incrementAndGet();
          try {
            Thread.sleep(2); // each connection is busy a while: the next request takes another one
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
        srv.setExecutor(Executors.newFixedThreadPool(4));
        srv.start();
        servers.add(srv);
        targets.add(URI.create("http://127.0.0.1:" + srv.getAddress().getPort()));
      }
      Endpoint ep = new Endpoint("get", 1, rnd -> Request.get("/ok"));
      LoadResult r = driver.run(new LoadSpec(targets, 300, Duration.ZERO, Duration.ofSeconds(2), 4, Duration.ofSeconds(10), List.of(ep), 11));
      assertThat(r.all().errors()).as(r.errorKinds().toString()).isZero();
      assertThat(r.all().requests()).isEqualTo(600);
      assertThat(hits[0].get() + hits[1].get()).isEqualTo(600);
      assertThat(hits[0].get()).as("node 1's share").isGreaterThan(60);
      assertThat(hits[1].get()).as("node 2's share").isGreaterThan(60);
    } finally {
      servers.forEach(srv -> srv.stop(0));
    }
  }

  @Test
  void stallingServer_delaysEveryRequestScheduledDuringTheStall() throws Exception {
    // One connection, 100 req/s; request #50 stalls the server for 500 ms. Open loop: the ~50
    // requests due during the stall wait behind it, so ~10% of 200 requests are >= 300 ms late.
    // A closed loop would report one slow request and a p90 of about a millisecond.
    URI base = jdkServer(0, 500);
    AtomicInteger n = new AtomicInteger();
    Endpoint ep = new Endpoint("get", 1, rnd -> Request.get(n.incrementAndGet() == 50 ? "/stall" : "/ok"));
    try (OpenLoopDriver driver = new OpenLoopDriver()) {
      LoadResult r = driver.run(new LoadSpec(base, 100, Duration.ZERO, Duration.ofSeconds(2), 1, Duration.ofSeconds(10), List.of(ep), 1));
      assertThat(r.all().errors()).isZero();
      assertThat(r.all().requests()).isEqualTo(200);
      assertThat(r.all().maxMillis()).isGreaterThanOrEqualTo(450);
      assertThat(r.all().p90Millis()).isGreaterThan(150);
    }
  }

  @Test
  void errors_areCountedPerEndpointWithTheirKind() throws Exception {
    URI base = jdkServer(0, 0);
    Endpoint ok = new Endpoint("ok", 3, rnd -> Request.get("/ok"));
    Endpoint missing = new Endpoint("missing", 1, rnd -> Request.get("/missing"));
    try (OpenLoopDriver driver = new OpenLoopDriver()) {
      LoadResult r = driver.run(new LoadSpec(base, 200, Duration.ZERO, Duration.ofSeconds(1), 4, Duration.ofSeconds(10), List.of(ok, missing), 3));
      EndpointStats okStats = r.perEndpoint().get("ok");
      EndpointStats missingStats = r.perEndpoint().get("missing");
      assertThat(okStats.requests() + missingStats.requests()).isEqualTo(200);
      assertThat(okStats.errors()).isZero();
      assertThat(missingStats.errors()).isEqualTo(missingStats.requests()).isPositive();
      // weights 3:1 with a seeded choice: roughly a quarter are "missing"
      assertThat(missingStats.requests()).isBetween(25L, 80L);
      assertThat(r.errorKinds()).containsOnlyKeys("HTTP 404");
      assertThat(r.all().errors()).isEqualTo(missingStats.errors());
    }
  }

  @Test
  void sameSeed_sameRequestSequence() throws Exception {
    URI base = jdkServer(0, 0);
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    QueryTraffic t = QueryTraffic.wands();
    try (OpenLoopDriver driver = new OpenLoopDriver()) {
      for (StringBuilder sink : List.of(first, second)) {
        Endpoint ep = new Endpoint("q", 1, rnd -> {
          String q = t.next(rnd);
          sink.append(q).append('|');
          return Request.get("/q?x=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8));
        });
        driver.run(new LoadSpec(base, 100, Duration.ZERO, Duration.ofMillis(500), 2, Duration.ofSeconds(10), List.of(ep), 99));
      }
    }
    assertThat(first.toString()).isEqualTo(second.toString()).isNotEmpty();
  }

  @Test
  void stepSearch_stopsAtTheRateTheServerCannotSustain() throws Exception {
    // 10 ms per request, one at a time: about 100 req/s at most. At 200 and 400 req/s the queue
    // grows for the whole step and p99 passes any bound of a few hundred milliseconds.
    URI base = jdkServer(10, 0);
    Endpoint ep = new Endpoint("get", 1, rnd -> Request.get("/ok"));
    LoadSpec spec = new LoadSpec(base, 25, Duration.ZERO, Duration.ofSeconds(2), 4, Duration.ofSeconds(10), List.of(ep), 5);
    try (OpenLoopDriver driver = new OpenLoopDriver()) {
      StepSearch.Outcome o = StepSearch.find(driver, spec, 25, 2, 400, 1000, 0, 6, st -> {});
      assertThat(o.steps()).anyMatch(st -> !st.passed());
      assertThat(o.highestPassingRate()).isGreaterThanOrEqualTo(25).isLessThan(200);
      StepSearch.Step last = o.steps().get(o.steps().size() - 1);
      assertThat(last.passed()).isFalse();
      assertThat(last.result().all().p99Millis()).isGreaterThan(1000);
    }
  }
}
