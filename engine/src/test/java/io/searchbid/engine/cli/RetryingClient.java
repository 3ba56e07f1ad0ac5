package io.searchbid.engine.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client that follows the retry rule of docs/OPERATIONS.md ("Client retry rule"): a search or a
 * click that fails with a connection error, a timeout or a 5xx answer is sent again to the
 * <em>next</em> node, after a backoff of 50 ms doubling up to 1 s, until an overall deadline; a 2xx
 * or 4xx answer is final. Safe because a search changes nothing and a click token is charged at
 * most once whichever node it reaches.
 *
 * <p>Thread-safe (one {@link HttpClient} shared by all callers).
 */
final class RetryingClient {

  /** The final answer, or the last failure when the deadline passed ({@code status} -1: no answer). */
  record Answer(int status, String body, int attempts, int node, String firstFailure) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  static final long FIRST_BACKOFF_MILLIS = 50;
  static final long MAX_BACKOFF_MILLIS = 1_000;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int[] ports;
  private final Duration deadline;
  private final Duration requestTimeout;

  /**
   * @param ports HTTP ports of the nodes, tried in this order (wrapping around)
   * @param deadline how long one request may be retried in total
   * @param requestTimeout how long one attempt may take (above the service's 10 s entity timeout)
   */
  RetryingClient(int[] ports, Duration deadline, Duration requestTimeout) {
    this.ports = ports.clone();
    this.deadline = deadline;
    this.requestTimeout = requestTimeout;
  }

  int nodes() {
    return ports.length;
  }

  /** GET {@code path} (starting with '/'), first on node {@code first}, then on the next ones. */
  Answer get(String path, int first, boolean acceptJson) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    long backoff = FIRST_BACKOFF_MILLIS;
    int node = first;
    int attempts = 0;
    String firstFailure = null;
    while (true) {
      attempts++;
      int status;
      String body;
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[node] + path))
            .timeout(requestTimeout).GET();
        if (acceptJson) {
          b.header("Accept", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        status = r.statusCode();
        body = r.body();
      } catch (IOException e) { // refused, reset, timed out: the request may or may not have been processed
        status = -1;
        body = e.toString();
      }
      if (status >= 200 && status < 500) {
        return new Answer(status, body, attempts, node, firstFailure);
      }
      if (firstFailure == null) {
        firstFailure = "node " + node + ": " + (status < 0 ? body : status + " " + body);
      }
      if (System.nanoTime() + backoff * 1_000_000 > end) {
        return new Answer(status, body, attempts, node, firstFailure);
      }
      Thread.sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      node = (node + 1) % ports.length;
    }
  }
}
