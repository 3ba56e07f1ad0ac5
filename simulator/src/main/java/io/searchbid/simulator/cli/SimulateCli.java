package io.searchbid.simulator.cli;

import io.searchbid.simulator.report.ConsoleReport;
import io.searchbid.simulator.report.CsvReport;
import io.searchbid.simulator.report.HtmlReport;
import io.searchbid.simulator.report.JsonReport;
import io.searchbid.simulator.report.Summary;
import io.searchbid.simulator.scenario.ScenarioException;
import io.searchbid.simulator.scenario.ScenarioFile;
import io.searchbid.simulator.scenario.ScenarioLoader;
import io.searchbid.simulator.sim.SimulationResult;
import io.searchbid.simulator.sim.Simulator;
import io.searchbid.simulator.traffic.TrafficLogException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./searchbid simulate SCENARIO.yaml [--out DIR] [--replicates N] [--seed S] [--days D]}. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates sellers' pricing, bidding and promotion strategies day by day on synthetic or replayed",
      "search traffic, through the production ranking and auction, and compares the scenario's variants.",
      "Writes daily.csv, daily-products.csv, daily-keywords.csv, summary.json and report.html to --out."
    })
public final class SimulateCli implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "scenario file (see docs/SCENARIOS.md)")
  Path scenario;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: out/<scenario file name>)")
  Path out;

  @Option(names = "--replicates", paramLabel = "N", description = "override the scenario's replicates (≥ 1)")
  Integer replicates;

  @Option(names = "--seed", paramLabel = "S", description = "override the scenario's seed")
  Long seed;

  @Option(names = "--days", paramLabel = "D", description = "override the scenario's horizon in days (≥ 1)")
  Integer days;

  @Option(names = "--threads", paramLabel = "T", description = "replicates run in parallel on T threads (default: all cores); results do not depend on T")
  Integer threads;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new SimulateCli());
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("simulate: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    SimulateCli cmd = cl.getCommand();
    cmd.stdout = out;
    cmd.stderr = err;
    return cl.execute(args);
  }

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() {
    if (replicates != null && replicates < 1) return usage("--replicates must be ≥ 1, got " + replicates);
    if (days != null && days < 1) return usage("--days must be ≥ 1, got " + days);
    if (threads != null && threads < 1) return usage("--threads must be ≥ 1, got " + threads);
    ScenarioFile file;
    try {
      file = ScenarioLoader.load(scenario).with(days, seed, replicates);
    } catch (ScenarioException e) {
      stderr.println("simulate: " + scenario + " is not a valid scenario:");
      for (String p : e.problems()) stderr.println("  " + p);
      return 1;
    }
    Path dir = out != null ? out : Path.of("out", baseName(scenario));
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    long total = Simulator.totalDays(file);
    SimulationResult result;
    long startNanos = System.nanoTime(); // searchbid:allow-clock elapsed time shown on the console only
    try {
      if (quiet || total < 2) {
        result = Simulator.run(file, t, Simulator.Progress.NONE);
      } else {
        try (ProgressBar pb = new ProgressBarBuilder().setTaskName("simulating").setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(stderr))
            .setUnit(" days", 1).build()) {
          result = Simulator.run(file, t, pb::step);
        }
      }
    } catch (ScenarioException e) {
      stderr.println("simulate: " + scenario + ":");
      for (String p : e.problems()) stderr.println("  " + p);
      return 1;
    } catch (TrafficLogException e) {
      stderr.println("simulate: bad traffic log:");
      for (String p : e.problems()) stderr.println("  " + p);
      return 1;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9; // searchbid:allow-clock display only
    Summary summary = Summary.of(result);
    try {
      Files.createDirectories(dir);
      CsvReport.write(result, dir);
      JsonReport.write(summary, file.base().seed(), dir.resolve("summary.json"));
      HtmlReport.write(result, summary, dir.resolve("report.html"));
    } catch (IOException e) {
      stderr.println("simulate: cannot write the report to " + dir + ": " + e.getMessage());
      return 1;
    }
    ConsoleReport.print(summary, stdout);
    long searches = result.replicates().stream().mapToLong(r -> r.searches()).sum();
    stdout.printf(java.util.Locale.ROOT, "%,d searches in %.1f s (%,.0f searches/s on %d threads)%n", searches, seconds,
        searches / Math.max(1e-9, seconds), t);
    stdout.println("report: " + dir.resolve("report.html") + "  (daily.csv, summary.json beside it)");
    return 0;
  }

  private int usage(String msg) {
    stderr.println("simulate: " + msg + " (see --help)");
    return 2;
  }

  static String baseName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
