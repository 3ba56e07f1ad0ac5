package io.searchbid.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One open-loop run: requests leave on a fixed schedule, {@code 1 / ratePerSecond} apart, whatever
 * the server does.
 *
 * @param targets base URIs of the servers ({@code http://127.0.0.1:PORT}); only host and port are
 *     used. Connection {@code i} goes to target {@code i mod n}, and each request is sent on whichever
 *     connection is free first: with several nodes, a least-outstanding-requests balancer
 * @param ratePerSecond target request rate (total over all endpoints)
 * @param warmup requests sent in this leading window are not recorded
 * @param duration measured window after the warm-up
 * @param maxInFlight connections, each with one outstanding request at most (HTTP/1.1 keep-alive, no
 *     pipelining); further requests wait in a queue and their wait counts in their latency
 * @param requestTimeout a request not answered by then is an error
 * @param mix the endpoints and their weights
 * @param seed seed of the endpoint choice and of every request factory
 */
public record LoadSpec(List<URI> targets, double ratePerSecond, Duration warmup, Duration duration, int maxInFlight,
    Duration requestTimeout, List<Endpoint> mix, long seed) {

  public LoadSpec {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target is needed");
    }
    for (URI target : targets) {
      if (target == null || target.getHost() == null || target.getPort() <= 0) {
        throw new IllegalArgumentException("target must be http://HOST:PORT, got " + target);
      }
    }
    targets = List.copyOf(targets);
    if (!(ratePerSecond > 0) || ratePerSecond > 1_000_000) {
      throw new IllegalArgumentException("rate must be in (0, 1000000] requests/s, got " + ratePerSecond);
    }
    if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0 and warm-up >= 0");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    if (mix.isEmpty()) {
      throw new IllegalArgumentException("the endpoint mix must not be empty");
    }
    mix = List.copyOf(mix);
  }

  /** One server. */
  public LoadSpec(URI target, double ratePerSecond, Duration warmup, Duration duration, int maxInFlight,
      Duration requestTimeout, List<Endpoint> mix, long seed) {
    this(List.of(target), ratePerSecond, warmup, duration, maxInFlight, requestTimeout, mix, seed);
  }

  /** The first server (its host:port is every request's Host header). */
  public URI target() {
    return targets.get(0);
  }

  public LoadSpec withRate(double r) {
    return new LoadSpec(targets, r, warmup, duration, maxInFlight, requestTimeout, mix, seed);
  }
}
