package io.searchbid.bench.cli;

import io.searchbid.bench.load.HttpSuite;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./searchbid bench http}: the open-loop load driver against the service and the bare-route baseline. */
@Command(name = "http", mixinStandardHelpOptions = true,
    description = {
      "Open-loop HTTP load: requests on a fixed schedule, latency from the intended send time (HdrHistogram),",
      "p50/p90/p99/p99.9/max and errors per endpoint, then a step search for the highest rate with p99 within the bound.",
      "Baseline: a bare Pekko HTTP route returning a constant, started in the same run. Loopback only."
    })
final class HttpCommand implements Callable<Integer> {
  @Mixin BenchCli.Common common;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--rate", paramLabel = "REQ_PER_S", description = "Fixed open-loop rate (default: ${DEFAULT-VALUE}).")
  double rate = 2000;

  @Option(names = "--click-rate", paramLabel = "REQ_PER_S",
      description = "Fixed open-loop rate of the click run (default: the --rate). On several nodes or PostgreSQL, find the sustained click rate at a few rates below the search rate.")
  Double clickRate;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured seconds per fixed-rate run (default: 20, quick: 5).")
  Integer durationSeconds;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unrecorded warm-up seconds before each run (default: 10, quick: 2).")
  Integer warmupSeconds;

  @Option(names = "--p99-bound", paramLabel = "MS", description = "p99 bound of the step search in milliseconds (default: ${DEFAULT-VALUE}).")
  double p99BoundMillis = 50;

  @Option(names = "--max-rate", paramLabel = "REQ_PER_S", description = "Highest rate the step search tries (default: ${DEFAULT-VALUE}).")
  double maxRate = 64000;

  @Option(names = "--no-step", description = "Skip the step search.")
  boolean noStep;

  @Option(names = "--max-in-flight", paramLabel = "N", description = "Outstanding requests (connections) at most (default: ${DEFAULT-VALUE}).")
  int maxInFlight = 128;

  @Option(names = "--traffic", paramLabel = "FILE", description = "Queries: one per line, or TSV with a 'query' column (default: the bundled 480 WANDS queries).")
  Path traffic;

  @Option(names = "--url", paramLabel = "BASE_URL", split = ",",
      description = "Load an already running service at this base URL (loopback) instead of starting one; several (comma-separated): the nodes of one cluster, loaded together.")
  java.util.List<URI> urls = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || p99BoundMillis <= 0 || maxInFlight < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--rate and --p99-bound must be > 0, --max-in-flight >= 1");
    }
    if (clickRate != null && !(clickRate > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--click-rate must be > 0, got " + clickRate);
    }
    for (URI url : urls) {
      if (!("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()) || "[::1]".equals(url.getHost()))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--url must be a loopback address (127.0.0.1 or localhost), got " + url.getHost());
      }
      if (url.getPort() <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--url must name a port (http://127.0.0.1:PORT), got " + url);
      }
    }
    double clicks = clickRate != null ? clickRate : rate;
    HttpSuite.Config cfg = new HttpSuite.Config(rate, clicks,
        durationSeconds != null ? durationSeconds : common.quick ? 5 : 20,
        warmupSeconds != null ? warmupSeconds : common.quick ? 2 : 10,
        p99BoundMillis, maxRate, !noStep, maxInFlight, traffic, urls);
    return BenchCli.runSuite(new HttpSuite(cfg), common, spec, BenchCli.commandLine("http", common) + " --rate " + rate
        + (clickRate != null ? " --click-rate " + clickRate : ""));
  }
}
