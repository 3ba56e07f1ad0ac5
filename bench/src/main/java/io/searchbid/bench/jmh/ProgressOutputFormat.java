package io.searchbid.bench.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/** Sends JMH's full output to a log and one line per finished benchmark to the console. */
final class ProgressOutputFormat implements OutputFormat {
  private final OutputFormat log;
  private final PrintStream console;
  private int done;

  ProgressOutputFormat(OutputFormat log, PrintStream console) {
    this.log = log;
    this.console = console;
  }

  @Override
  public void iteration(BenchmarkParams b, IterationParams i, int n) {
    log.iteration(b, i, n);
  }

  @Override
  public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
    log.iterationResult(b, i, n, r);
  }

  @Override
  public void startBenchmark(BenchmarkParams b) {
    log.startBenchmark(b);
  }

  @Override
  public void endBenchmark(BenchmarkResult r) {
    log.endBenchmark(r);
    if (r == null) {
      return;
    }
    done++;
    BenchmarkParams p = r.getParams();
    String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
    StringBuilder ps = new StringBuilder();
    for (String k : p.getParamsKeys()) {
      if (!k.equals("seed")) {
        ps.append(' ').append(k).append('=').append(p.getParam(k));
      }
    }
    console.printf(Locale.ROOT, "  [%d] %s%s: %.4g %s%n", done, name, ps, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit());
  }

  @Override
  public void startRun() {
    log.startRun();
  }

  @Override
  public void endRun(Collection<RunResult> results) {
    log.endRun(results);
  }

  @Override
  public void print(String s) {
    log.print(s);
  }

  @Override
  public void println(String s) {
    log.println(s);
  }

  @Override
  public void flush() {
    log.flush();
    console.flush();
  }

  @Override
  public void close() {
    log.close();
  }

  @Override
  public void verbosePrintln(String s) {
    log.verbosePrintln(s);
  }

  @Override
  public void write(int b) {
    log.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    log.write(b);
  }
}
