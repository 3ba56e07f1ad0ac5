package io.searchbid.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke checks of {@code ./searchbid bench auction --quick} and {@code bench ranking --quick}:
 * they finish, exit 0, and leave a JSON report that parses and holds the expected figures with
 * positive values and their baselines. Nothing about speed is asserted (speed is measured, never
 * asserted in tests). JMH runs in this JVM ({@code --forks 0}) with tiny data to stay fast on 2 cores.
 */
class BenchCliSmokeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {}

  static Run bench(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = BenchCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static JsonNode latest(Path dir, String suite) throws Exception {
    Path f = dir.resolve(suite + "-latest.json");
    assertThat(f).exists();
    return JSON.readTree(f.toFile());
  }

  static List<String> names(JsonNode report) {
    List<String> n = new ArrayList<>();
    report.get("figures").forEach(f -> n.add(f.get("name").asText()));
    return n;
  }

  static JsonNode figure(JsonNode report, String name) {
    for (JsonNode f : report.get("figures")) {
      if (f.get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no figure " + name + " in " + names(report));
  }

  @Test
  void auctionQuick_writesJsonWithEveryFigureAndItsBaseline(@TempDir Path out) throws Exception {
    Run r = bench("auction", "--quick", "--forks", "0", "--out", out.toString(), "--param", "keywords=3000");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("| figure |").contains("AuctionBench.fullAuction");

    JsonNode rep = latest(out, "auction");
    assertThat(rep.get("suite").asText()).isEqualTo("auction");
    JsonNode env = rep.get("environment");
    assertThat(env.get("cores").asInt()).isPositive();
    assertThat(env.get("jdk").asText()).isNotBlank();
    assertThat(env.get("seed").asLong()).isEqualTo(42);
    assertThat(env.get("quick").asBoolean()).isTrue();
    assertThat(names(rep)).contains("PricingBench.pricing", "PricingBench.naivePricing", "MatchBench.match",
        "MatchBench.naiveMatch", "AuctionBench.fullAuction", "AuctionBench.naiveFullAuction");
    for (JsonNode f : rep.get("figures")) {
      assertThat(f.get("value").asDouble()).as(f.toString()).isPositive();
      assertThat(f.get("unit").asText()).isEqualTo("ops/s");
      assertThat(f.get("extras").has("bytesPerOp")).as("gc profiler ran for " + f).isTrue();
    }
    JsonNode full = figure(rep, "AuctionBench.fullAuction");
    assertThat(full.get("baselineName").asText()).isEqualTo("AuctionBench.naiveFullAuction");
    assertThat(full.get("ratio").asDouble())
        .isCloseTo(full.get("value").asDouble() / full.get("baselineValue").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.001));
    assertThat(figure(rep, "PricingBench.pricing").get("target").asText()).contains("allocation-free");
  }

  @Test
  void rankingQuick_writesJsonWithBuildQueryAndLatencyFigures(@TempDir Path out) throws Exception {
    Run r = bench("ranking", "--quick", "--forks", "0", "--out", out.toString(), "--param", "catalog=1500", "--param", "lang=en");
    assertThat(r.exit()).as(r.err()).isZero();

    JsonNode rep = latest(out, "ranking");
    assertThat(rep.get("environment").get("dataSizes").get("catalogs").get(0).asText()).isEqualTo("1500");
    assertThat(names(rep)).contains("indexBuild", "signalBulkUpdate", "RankingQueryBench.search", "LuceneBm25Bench.luceneBm25",
        "top10Latency.p50");
    JsonNode build = figure(rep, "indexBuild");
    assertThat(build.get("value").asDouble()).isPositive();
    assertThat(build.get("extras").get("bytesOnDisk").asDouble()).isPositive();
    assertThat(build.get("baselineName").asText()).isEqualTo("plainLuceneIndexBuild");
    int searches = 0;
    for (JsonNode f : rep.get("figures")) {
      if (f.get("name").asText().equals("RankingQueryBench.search")) {
        searches++;
        assertThat(f.get("baselineName").asText()).isEqualTo("LuceneBm25Bench.luceneBm25");
        assertThat(f.get("ratio").asDouble()).isPositive();
      }
    }
    assertThat(searches).as("bm25 and commerce profiles").isEqualTo(2);
    JsonNode paired = figure(rep, "commerceVsBm25Paired");
    assertThat(paired.get("params").get("words").asText()).isEqualTo("2");
    assertThat(paired.get("value").asDouble()).isPositive();
    assertThat(paired.get("baselineValue").asDouble()).isPositive();
    assertThat(paired.get("ratio").asDouble())
        .isCloseTo(paired.get("value").asDouble() / paired.get("baselineValue").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(paired.get("extras").get("cpuRatio").asDouble()).isPositive();
    assertThat(paired.get("extras").get("roundRatioP10").asDouble())
        .isLessThanOrEqualTo(paired.get("extras").get("roundRatioMedian").asDouble())
        .isPositive();
    assertThat(paired.get("extras").get("roundRatioMedian").asDouble())
        .isLessThanOrEqualTo(paired.get("extras").get("roundRatioP90").asDouble());
    assertThat(paired.get("extras").get("rounds").asInt()).isGreaterThanOrEqualTo(20);
    assertThat(paired.get("extras").get("roundRatioMeanCi95Low").asDouble())
        .isLessThanOrEqualTo(paired.get("extras").get("roundRatioMeanCi95High").asDouble());
    assertThat(paired.get("extras").get("firstHalfRatio").asDouble()).isPositive();
    assertThat(paired.get("extras").get("secondHalfRatio").asDouble()).isPositive();
  }

  @Test
  void forksFromTheCommandLine_areMarkedGivenAndSurviveLaterSettings() {
    BenchCli.Common given = new BenchCli.Common();
    given.forks = 3;
    var s = given.settings().withIterations(10, 1, 10, 1);
    assertThat(s.forks()).isEqualTo(3);
    assertThat(s.forksGiven()).as("a suite must not override --forks").isTrue();
    var defaults = new BenchCli.Common().settings();
    assertThat(defaults.forksGiven()).isFalse();
    assertThat(defaults.withForks(1).forksGiven()).as("a suite's own choice is not a given one").isFalse();
  }

  @Test
  void unknownSuite_exits2WithOneLine() {
    Run r = bench("nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void badOptionValue_exits2NamingTheOption() {
    Run r = bench("auction", "--seed", "abc");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--seed");
  }

  @Test
  void reportFile_roundTripsThroughTheReader(@TempDir Path out) throws Exception {
    Run r = bench("tokens", "--quick", "--forks", "0", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    var rep = io.searchbid.bench.report.ReportWriter.readJson(out.resolve("tokens-latest.json"));
    assertThat(rep.figures()).extracting(io.searchbid.bench.report.Figure::name)
        .contains("TokenBench.sign", "TokenBench.verify", "TokenBench.bareHmacSign", "TokenBench.bareHmacVerify");
    assertThat(Files.list(out).filter(p -> p.getFileName().toString().matches("tokens-\\d{8}-\\d{6}\\.json")).count()).isEqualTo(1);
  }
}
