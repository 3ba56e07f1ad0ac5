package io.searchbid.simulator.cli;

import io.searchbid.simulator.scenario.Scenario;
import io.searchbid.simulator.scenario.ScenarioException;
import io.searchbid.simulator.scenario.ScenarioLoader;
import io.searchbid.simulator.scenario.TrafficSpec;
import io.searchbid.simulator.sim.Seeds;
import io.searchbid.simulator.traffic.DayTraffic;
import io.searchbid.simulator.traffic.SyntheticTraffic;
import io.searchbid.simulator.traffic.TrafficCurve;
import io.searchbid.simulator.traffic.TrafficLog;
import io.searchbid.simulator.traffic.Vocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./searchbid traffic generate ...}: writes a synthetic search log that {@code replay} can read. */
@Command(
    name = "traffic",
    mixinStandardHelpOptions = true,
    description = "Search traffic logs for the simulator.",
    subcommands = {TrafficCli.Generate.class})
public final class TrafficCli implements Callable<Integer> {
  PrintStream stderr = System.err;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new TrafficCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("traffic: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    ((TrafficCli) cl.getCommand()).stderr = err;
    Generate g = cl.getSubcommands().get("generate").getCommand();
    g.out = out;
    g.err = err;
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    stderr.println("traffic: missing sub-command; try: traffic generate --help");
    return 2;
  }

  /** Writes a synthetic log: Poisson arrivals on the real weekly × hourly curve, Zipf over WANDS queries. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Writes a synthetic search log (timestamp,query,segment) for `simulate` to replay.",
        "Queries: Zipf law over the 480 real WANDS queries; volume: the real weekly and hourly curve",
        "(BAT/Avito), trend and day-level noise; Poisson arrivals. Same seed, same bytes."
      })
  static final class Generate implements Callable<Integer> {
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output file; .jsonl/.ndjson gives JSON Lines, anything else CSV")
    Path file;

    @Option(names = "--days", defaultValue = "7", paramLabel = "D", description = "days to generate (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--searches-per-day", defaultValue = "10000", paramLabel = "N", description = "mean searches per day (default ${DEFAULT-VALUE})")
    long perDay;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", defaultValue = "2026-01-05", paramLabel = "DATE", description = "first day, UTC (default ${DEFAULT-VALUE}, a Monday)")
    String start;

    @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S", description = "Zipf exponent of query popularity (default ${DEFAULT-VALUE})")
    double zipf;

    @Option(names = "--trend", defaultValue = "0", paramLabel = "R", description = "relative growth per day, e.g. 0.01 (default ${DEFAULT-VALUE})")
    double trend;

    @Option(names = "--noise", defaultValue = "0.05", paramLabel = "SIGMA", description = "sigma of the day-level log-normal noise (default ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--query-class", paramLabel = "CLASS", description = "keep only WANDS queries of this product class (repeatable)")
    List<String> classes = new ArrayList<>();

    @Option(names = "--flat", description = "flat traffic: no weekly or hourly shape")
    boolean flat;

    @Option(names = "--scenario", paramLabel = "FILE", description = "take the segments and synthetic traffic settings from this scenario (the options above still override days, seed and out)")
    Path scenario;

    @Override
    public Integer call() {
      if (days < 1) return usage("--days must be ≥ 1, got " + days);
      if (perDay < 1) return usage("--searches-per-day must be ≥ 1, got " + perDay);
      if (!(zipf >= 0 && zipf <= 5)) return usage("--zipf must be in [0, 5], got " + zipf);
      if (!(noise >= 0 && noise <= 2)) return usage("--noise must be in [0, 2], got " + noise);
      if (!(trend > -0.5 && trend < 0.5)) return usage("--trend must be in (−0.5, 0.5), got " + trend);
      LocalDate day0;
      try {
        day0 = LocalDate.parse(start);
      } catch (DateTimeParseException e) {
        return usage("--start must be a date like 2026-01-05, got '" + start + "'");
      }
      List<String> segNames = List.of("price-sensitive", "quality-seeking");
      double[] shares = {0.6, 0.4};
      Vocabulary vocab = Vocabulary.wands();
      SyntheticTraffic traffic;
      int dow = day0.getDayOfWeek().getValue();
      if (scenario != null) {
        Scenario s;
        try {
          s = ScenarioLoader.load(scenario).base();
        } catch (ScenarioException e) {
          err.println("traffic: " + scenario + " is not a valid scenario:");
          for (String p : e.problems()) err.println("  " + p);
          return 1;
        }
        if (!(s.traffic() instanceof TrafficSpec.Synthetic syn)) {
          err.println("traffic: " + scenario + " replays a log; nothing to generate");
          return 1;
        }
        segNames = s.users().segments().stream().map(x -> x.name()).toList();
        shares = s.users().segments().stream().mapToDouble(x -> x.share()).toArray();
        if ("list".equals(syn.vocabulary())) vocab = Vocabulary.of(syn.queries());
        else if (!syn.queryClasses().isEmpty()) vocab = vocab.onlyClasses(syn.queryClasses());
        traffic = new SyntheticTraffic(vocab, TrafficCurve.of("bat".equals(syn.weekly()), "bat".equals(syn.intraday())),
            syn.searchesPerDay(), syn.zipfExponent(), syn.trendPerDay(), syn.noiseSigma(), dow, shares);
      } else {
        if (!classes.isEmpty()) {
          vocab = vocab.onlyClasses(classes);
          if (vocab.size() == 0) return usage("--query-class matches no WANDS query class: " + classes);
        }
        traffic = new SyntheticTraffic(vocab, TrafficCurve.of(!flat, !flat), perDay, zipf, trend, noise, dow, shares);
      }
      SyntheticTraffic t = traffic;
      long[] count = new long[1];
      Iterable<DayTraffic> daysIt = () -> new Iterator<>() {
        int d = 0;

        @Override
        public boolean hasNext() {
          return d < days;
        }

        @Override
        public DayTraffic next() {
          DayTraffic x = t.day(d, Seeds.random(seed, Seeds.TRAFFIC, d));
          d++;
          count[0] += x.size();
          return x;
        }
      };
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson");
      try {
        TrafficLog.write(file, jsonl, day0.atStartOfDay().toInstant(ZoneOffset.UTC), vocab, segNames, daysIt);
      } catch (IOException e) {
        err.println("traffic: cannot write " + file + ": " + e.getMessage());
        return 1;
      }
      out.printf(Locale.ROOT, "wrote %,d searches over %d days (%d distinct queries, start %s %s) to %s%n", count[0], days,
          vocab.size(), day0, DayOfWeek.of(dow), file);
      return 0;
    }

    private int usage(String msg) {
      err.println("traffic generate: " + msg + " (see --help)");
      return 2;
    }
  }
}
