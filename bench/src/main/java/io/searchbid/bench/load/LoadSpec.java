package io.searchbid.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One open-loop run: requests leave on a fixed schedule, {@code 1 / ratePerSecond} apart, whatever
 * the server does.
 *
 * @param target base URI of the server ({@code http://127.0.0.1:PORT}); only its host and port are used
 * @param ratePerSecond target request rate (total over all endpoints)
 * @param warmup requests sent in this leading window are not recorded
 * @param duration measured window after the warm-up
 * @param maxInFlight connections, each with one outstanding request at most (HTTP/1.1 keep-alive, no
 *     pipelining); further requests wait in a queue and their wait counts in their latency
 * @param requestTimeout a request not answered by then is an error
 * @param mix the endpoints and their weights
 * @param seed seed of the endpoint choice and of every request factory
 */
public record LoadSpec(URI target, double ratePerSecond, Duration warmup, Duration duration, int maxInFlight,
    Duration requestTimeout, List<Endpoint> mix, long seed) {

  public LoadSpec {
    if (target == null || target.getHost() == null || target.getPort() <= 0) {
      throw new IllegalArgumentException("target must be http://HOST:PORT, got " + target);
    }
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

  public LoadSpec withRate(double r) {
    return new LoadSpec(target, r, warmup, duration, maxInFlight, requestTimeout, mix, seed);
  }
}
