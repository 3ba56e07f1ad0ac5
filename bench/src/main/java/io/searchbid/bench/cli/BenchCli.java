package io.searchbid.bench.cli;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.BenchReport;
import io.searchbid.bench.report.Environment;
import io.searchbid.bench.report.ReportWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./searchbid bench ranking|auction|simulator|tokens|http [--quick] [--out DIR] [--seed S]}:
 * runs one benchmark suite, prints a Markdown table and writes a JSON report.
 *
 * <p>Exit codes: 0 done, 1 the suite failed or is not available in this build, 2 usage error.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Reproducible benchmarks: each figure next to a baseline measured in the same run, and their ratio.",
      "Writes a Markdown table to the console and DIR/<suite>-<time>.json (+ <suite>-latest.json)."
    },
    subcommands = {
      BenchCli.Ranking.class, BenchCli.Auction.class, BenchCli.Simulator.class, BenchCli.Tokens.class, HttpCommand.class
    })
public final class BenchCli implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where progress lines go (the caller's stdout). */
  PrintStream console = System.out;

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line in this JVM and returns the exit code (tests call this). */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    BenchCli root = new BenchCli();
    root.console = out;
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("bench: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("bench: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
      return 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("bench: name a suite: ranking, auction, simulator, tokens or http (see --help)");
    return 2;
  }

  /** Options every suite takes. */
  public static final class Common {
    @Option(names = "--quick", description = "Smoke check: 1 fork, short iterations, smallest parameters (well under 2 minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the JSON report and the JMH log (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out", "bench");

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every generated input (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--forks", paramLabel = "N", description = "Override JMH forks (0 = in this JVM; only for tests).")
    Integer forks;

    @Option(names = "--param", paramLabel = "NAME=V1,V2", description = "Override a benchmark parameter, e.g. --param catalog=1000000 --param k=10 (repeatable).")
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

    RunSettings settings() {
      RunSettings s = quick ? RunSettings.quick(seed, out) : RunSettings.full(seed, out);
      if (forks != null) {
        if (forks < 0) {
          throw new CommandLine.ParameterException(new CommandLine(new BenchCli()), "--forks must be >= 0, got " + forks);
        }
        s = s.withGivenForks(forks);
      }
      java.util.Map<String, String[]> p = new java.util.LinkedHashMap<>();
      params.forEach((k, v) -> p.put(k, v.split(",")));
      return s.withParams(p);
    }
  }

  /** Runs a suite and writes its report; shared by every sub-command. */
  static int runSuite(Suite suite, Common c, CommandLine.Model.CommandSpec spec, String commandLine) throws Exception {
    PrintStream console = ((BenchCli) spec.parent().userObject()).console;
    PrintWriter err = spec.commandLine().getErr();
    RunSettings s = c.settings();
    Environment env = Environment.capture(s.seed(), s.quick(), java.util.Map.of(), commandLine);
    long t0 = System.nanoTime();
    Suite.Outcome o;
    try {
      o = suite.run(s, console);
    } catch (Suite.Unavailable u) {
      err.println("bench " + suite.name() + ": not available in this build: " + u.getMessage());
      return 1;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> notes = new ArrayList<>(o.notes());
    if (env.loadAverageAtStart() > env.cores()) {
      notes.add(String.format(java.util.Locale.ROOT,
          "machine busy at start: load average %.2f on %d cores; absolute figures are low, ratios remain comparable",
          env.loadAverageAtStart(), env.cores()));
    }
    BenchReport r = new BenchReport(suite.name(), env.withDataSizes(o.dataSizes()), seconds, o.figures(), notes);
    Path file = ReportWriter.writeJson(r, s.outDir());
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.print(ReportWriter.markdown(r));
    out.println();
    out.println("report: " + file);
    out.flush();
    return 0;
  }

  static String commandLine(String suite, Common c) {
    StringBuilder sb = new StringBuilder("./searchbid bench " + suite + (c.quick ? " --quick" : "") + " --seed " + c.seed);
    if (c.forks != null) {
      sb.append(" --forks ").append(c.forks);
    }
    c.params.forEach((k, v) -> sb.append(" --param ").append(k).append('=').append(v));
    return sb.toString();
  }

  @Command(name = "auction", mixinStandardHelpOptions = true,
      description = "Keyword matching, full auction per query (100,000 keywords), each pricing rule at 4/20/100 eligible ads, allocation per auction; baseline: a naive sort-and-scan auction.")
  static final class Auction implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return runSuite(new io.searchbid.bench.auction.AuctionSuite(), common, spec, commandLine("auction", common));
    }
  }

  @Command(name = "ranking", mixinStandardHelpOptions = true,
      description = "Index build, top-10/top-100 for 1/2/3-word queries, plain BM25 vs commerce profile, English and Chinese, signal bulk updates; baseline: plain Lucene BM25 on the same index.")
  static final class Ranking implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return runSuite(new io.searchbid.bench.ranking.RankingSuite(), common, spec, commandLine("ranking", common));
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true,
      description = "Click token sign and verify per second; baseline: a bare HMAC-SHA256 over the same bytes.")
  static final class Tokens implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return runSuite(new io.searchbid.bench.tokens.TokensSuite(), common, spec, commandLine("tokens", common));
    }
  }

  @Command(name = "simulator", mixinStandardHelpOptions = true,
      description = "Simulated searches per second end to end (traffic, ranking, auction, users, accounting).")
  static final class Simulator implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return runSuite(new io.searchbid.bench.simulator.SimulatorSuite(), common, spec, commandLine("simulator", common));
    }
  }
}
