package io.searchbid.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int simulate(String... args) {
    return SimulateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int traffic(String... args) {
    return TrafficCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void simulate_help_exits0_usageErrors_exit2_badScenario_exits1(@TempDir Path dir) throws Exception {
    assertThat(simulate("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--replicates");
    assertThat(simulate()).isEqualTo(2);
    assertThat(simulate("x.yaml", "--replicates", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--replicates must be ≥ 1, got 0");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "days: 0\nsellers: []\nbogus: 1\n");
    err.reset();
    assertThat(simulate(bad.toString())).isEqualTo(1);
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(e).contains("days: must be ≥ 1, got 0").contains("bogus: unknown field").doesNotContain("Exception");
  }

  @Test
  void trafficGenerate_sameSeed_sameBytes_andReplayable(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertThat(traffic("generate", "--days", "2", "--searches-per-day", "300", "--seed", "4", "--out", a.toString())).isZero();
    assertThat(traffic("generate", "--days", "2", "--searches-per-day", "300", "--seed", "4", "--out", b.toString())).isZero();
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    var log = io.searchbid.simulator.traffic.TrafficLog.read(a, java.util.List.of("price-sensitive", "quality-seeking"));
    assertThat(log.size()).isBetween(400, 800);
    assertThat(traffic("generate", "--days", "0", "--out", a.toString())).isEqualTo(2);
    assertThat(traffic("generate")).isEqualTo(2);
  }
}
