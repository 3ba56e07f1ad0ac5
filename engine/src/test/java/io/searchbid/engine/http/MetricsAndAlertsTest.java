package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a running node, read over HTTP and parsed strictly, against the shipped
 * Prometheus files: every metric an alert rule selects is in the scrape, with the label values its
 * {@code =} matchers name.
 */
class MetricsAndAlertsTest {

  static final Path PROMETHEUS_DIR = Path.of(System.getProperty("user.dir")).resolve("../config/prometheus").normalize();
  /** Series Prometheus itself adds to every target; not exported by the service. */
  static final Set<String> PROMETHEUS_GENERATED = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

  static TestServer server;
  static String scrapeText;

  @BeforeAll
  static void trafficThenScrape() {
    server = TestServer.shared();
    // traffic that touches every counter family an alert uses: a charged click, a repeat, a forgery
    String[] adv = server.newAdvertiser("Metrics");
    server.putProduct(adv[1], "metrics-lamp", "Opal metrics lamp");
    String cid = server.createCampaign(adv[1], "metrics-lamp", "opal lamp", 50_000_000, 1_000_000);
    String clickUrl = server.clickUrlOf("opal lamp", cid);
    assertThat(server.click(clickUrl).status()).isEqualTo(200);
    assertThat(server.click(clickUrl).status()).isEqualTo(200);
    assertThat(server.click(TestServer.forged(clickUrl)).status()).isEqualTo(403);
    assertThat(server.get("/v1/admin/keys", TestServer.ADMIN_KEY).status()).isEqualTo(200);
    TestServer.Resp r = server.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    scrapeText = r.body();
  }

  static List<JsonNode> rules() throws IOException {
    JsonNode doc = new YAMLMapper().readTree(PROMETHEUS_DIR.resolve("alerts.yml").toFile());
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode g : doc.get("groups")) {
      for (JsonNode rule : g.get("rules")) {
        rules.add(rule);
      }
    }
    return rules;
  }

  @Test
  void scrape_parsesStrictly_noDuplicateSeries_histogramsConsistent() {
    PrometheusText.Scrape s = PrometheusText.parse(scrapeText);
    assertThat(s.families()).containsKeys("searchbid_http_requests_total", "searchbid_journal_write_duration_seconds",
        "searchbid_ready", "searchbid_click_signing_key_info", "jvm_memory_bytes_used");
    assertThat(s.families().get("searchbid_journal_write_duration_seconds").type()).isEqualTo("histogram");
    assertThat(s.families().get("searchbid_clicks_rejected_total").samples())
        .anySatisfy(x -> assertThat(x.labels()).containsEntry("reason", "forged"));
  }

  @Test
  void everyMetricAndLabelValueTheAlertsSelect_isInTheScrape() throws IOException {
    PrometheusText.Scrape s = PrometheusText.parse(scrapeText);
    Set<String> exported = s.sampleNames();
    Set<String> used = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    for (JsonNode rule : rules()) {
      String name = rule.get("alert").asText();
      String expr = rule.get("expr").asText();
      assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("page", "warn", "info");
      assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
      for (String metric : PromQlNames.metricNames(expr)) {
        used.add(metric);
        if (!PROMETHEUS_GENERATED.contains(metric) && !exported.contains(metric)) {
          missing.add(name + ": " + metric);
        }
      }
      for (PromQlNames.Matcher m : PromQlNames.equalityMatchers(expr)) {
        if (PROMETHEUS_GENERATED.contains(m.metric())) {
          continue;
        }
        boolean present = s.samples().stream()
            .anyMatch(x -> x.name().equals(m.metric()) && m.value().equals(x.labels().get(m.label())));
        if (!present) {
          missing.add(name + ": " + m.metric() + "{" + m.label() + "=\"" + m.value() + "\"}");
        }
      }
    }
    assertThat(used).as("metric names found in alerts.yml").hasSizeGreaterThanOrEqualTo(10)
        .contains("searchbid_journal_write_duration_seconds_bucket", "searchbid_budget_exhausted_campaigns",
            "searchbid_http_requests_total", "searchbid_clicks_deduplicated_total");
    assertThat(missing).as("alert rules selecting series the service does not export").isEmpty();
  }

  @Test
  void prometheusYml_scrapesTheRunbookNodes_andLoadsTheAlerts() throws IOException {
    JsonNode doc = new YAMLMapper().readTree(PROMETHEUS_DIR.resolve("prometheus.yml").toFile());
    List<String> files = new ArrayList<>();
    doc.get("rule_files").forEach(f -> files.add(f.asText()));
    assertThat(files).containsExactly("alerts.yml");
    JsonNode job = doc.get("scrape_configs").get(0);
    assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
    List<String> targets = new ArrayList<>();
    job.get("static_configs").get(0).get("targets").forEach(t -> targets.add(t.asText()));
    assertThat(targets).containsExactly("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083");
  }

  @Test
  void parser_refusesWhatPrometheusRefuses() {
    String ok = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 3\n";
    assertThat(PrometheusText.parse(ok).samples()).hasSize(1);
    String[][] bad = {
      {"# TYPE a_total counter\na_total 1\na_total 2\n", "duplicate series"},
      {"# TYPE a_total counter\na_total{x=\"1\",x=\"2\"} 1\n", "repeated"},
      {"a_total 1\n", "no TYPE"},
      {"# TYPE a counter\na 1\n# TYPE b gauge\nb 1\na 2\n", "not contiguous"},
      {"# TYPE a gauge\n# TYPE a gauge\n", "second TYPE"},
      {"# TYPE a gauge\na{x=\"\\q\"} 1\n", "invalid escape"},
      {"# TYPE a gauge\na{x=\"1} 1\n", "not closed"},
      {"# TYPE a gauge\na 1,5\n", "not a number"},
      {"# TYPE a gauge\na 1 12.5\n", "timestamp"},
      {"# TYPE a gauge\n2a 1\n", "metric name"},
      {"# TYPE a gauge\na{2x=\"1\"} 1\n", "label name"},
      {"# TYPE a counter\na -1\n", ">= 0"},
      {"# TYPE a gauge\na 1", "line feed"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "+Inf"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", "_count"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", "_sum"},
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> PrometheusText.parse(b[0])).as(b[0]).hasMessageContaining(b[1]);
    }
  }

  @Test
  void promQlNames_skipFunctionsLabelsDurationsAndStrings() {
    assertThat(PromQlNames.metricNames(
        "histogram_quantile(0.99, sum by (instance, le) (rate(x_bucket{route=\"/a/{b}\"}[5m]))) > 0.25 and y offset 30m > 1e3"))
        .containsExactly("x_bucket", "y");
    assertThat(PromQlNames.metricNames("count without (a) (count by (b) (z)) > sum(w) unless on (c) v"))
        .containsExactly("v", "w", "z");
    assertThat(PromQlNames.equalityMatchers("rate(x{route=\"/v1/click/{token}\", status=~\"5..\"}[5m])"))
        .containsExactly(new PromQlNames.Matcher("x", "route", "/v1/click/{token}"));
  }

  @Test
  void promtool_acceptsTheRulesTheConfigAndTheScrape_whenInstalled() throws Exception {
    Path promtool = findOnPath("promtool");
    Assumptions.assumeTrue(promtool != null, "promtool not installed (Debian package 'prometheus')");
    assertThat(run(promtool.toString(), "check", "rules", PROMETHEUS_DIR.resolve("alerts.yml").toString())).contains("SUCCESS");
    assertThat(run(promtool.toString(), "check", "config", PROMETHEUS_DIR.resolve("prometheus.yml").toString())).contains("SUCCESS");
    Path scrape = Files.createTempFile("searchbid-scrape", ".prom");
    Files.writeString(scrape, scrapeText);
    // 'check metrics' lints the exposition read from stdin: exit 0 and no complaint about our families
    ProcessBuilder pb = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(scrape.toFile())
        .redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.lines().filter(l -> l.startsWith("searchbid_")).toList()).as(out).isEmpty();
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  private static Path findOnPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
