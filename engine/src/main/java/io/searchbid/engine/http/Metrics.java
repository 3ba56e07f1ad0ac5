package io.searchbid.engine.http;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The service's Prometheus metrics, in a registry of their own (so several servers can live in one
 * JVM, e.g. in tests). Names follow the Prometheus conventions: base units (seconds), {@code _total}
 * on counters, money in {@code _micros}.
 *
 * <p>Thread-safe.
 */
public final class Metrics {

  private static final double[] LATENCY_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  public final CollectorRegistry registry = new CollectorRegistry(true);

  public final Counter requests =
      Counter.build("searchbid_http_requests_total", "HTTP requests by route pattern, method and status")
          .labelNames("route", "method", "status").register(registry);
  public final Histogram requestSeconds =
      Histogram.build("searchbid_http_request_duration_seconds", "HTTP request latency by route pattern")
          .labelNames("route").buckets(LATENCY_BUCKETS).register(registry);
  public final Histogram searchSeconds =
      Histogram.build("searchbid_search_duration_seconds", "Whole result page (organic + auction) latency")
          .buckets(LATENCY_BUCKETS).register(registry);
  public final Histogram auctionSeconds =
      Histogram.build("searchbid_auction_duration_seconds", "Ad auction latency within a search")
          .buckets(LATENCY_BUCKETS).register(registry);
  public final Counter auctions =
      Counter.build("searchbid_auctions_total", "Auctions run (one per search page)").register(registry);
  public final Counter auctionsFilled =
      Counter.build("searchbid_auctions_filled_total", "Auctions that showed at least one ad; fill rate = filled / auctions")
          .register(registry);
  public final Counter adsShown =
      Counter.build("searchbid_ads_shown_total", "Ad impressions served").register(registry);
  public final Counter clicksCharged =
      Counter.build("searchbid_clicks_charged_total", "Clicks charged to a campaign (first use of a token)").register(registry);
  public final Counter clicksDeduplicated =
      Counter.build("searchbid_clicks_deduplicated_total", "Repeated clicks on an already charged token (not charged)").register(registry);
  public final Counter clicksRejected =
      Counter.build("searchbid_clicks_rejected_total", "Clicks refused, by reason").labelNames("reason").register(registry);
  public final Counter revenueMicros =
      Counter.build("searchbid_revenue_micros_total", "Money charged for clicks, in micros").register(registry);
  public final Counter freeClicks =
      Counter.build("searchbid_clicks_free_overdelivery_total", "Clicks delivered free because the budget was spent").register(registry);
  public final Gauge budgetExhaustedCampaigns =
      Gauge.build("searchbid_budget_exhausted_campaigns", "Campaigns whose daily budget is spent (local ad index view)")
          .register(registry);
  public final Histogram journalWriteSeconds =
      Histogram.build("searchbid_journal_write_duration_seconds", "Campaign entity persist latency (command to journal ack)")
          .buckets(LATENCY_BUCKETS).register(registry);
  public final Histogram clickBatchSize =
      Histogram.build("searchbid_click_batch_size_clicks",
              "Clicks of one campaign charged together in one journal write (group commit per campaign)")
          .buckets(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
  public final Histogram exhaustionToIndexSeconds =
      Histogram.build("searchbid_budget_exhaustion_to_index_seconds",
              "Delay from a budget-exhausting charge being persisted to the local ad index hiding the campaign")
          .buckets(LATENCY_BUCKETS).register(registry);

  public final Counter replicaSpendUpdatesDropped =
      Counter.build("searchbid_replica_spend_updates_dropped_total",
              "Spend-only campaign updates this node's replica could not apply: it lacked the campaign's settings version "
                  + "(a missed message; the journal catch-up re-reads the campaign)")
          .register(registry);
  public final Gauge campaigns =
      Gauge.build("searchbid_campaigns", "Campaigns in this node's ad index replica").register(registry);
  public final Gauge ready =
      Gauge.build("searchbid_ready", "1 when every readiness check passes (as GET /health/ready answers 200), else 0")
          .register(registry);
  public final Gauge readinessCheck =
      Gauge.build("searchbid_readiness_check", "1 when the named readiness check passes, else 0")
          .labelNames("check").register(registry);
  public final Counter rateLimited =
      Counter.build("searchbid_rate_limited_total", "Requests refused with 429 by the per-key rate limit, by key kind")
          .labelNames("kind").register(registry);
  public final Counter apiKeyRotations =
      Counter.build("searchbid_api_key_rotations_total",
              "Advertiser API key rotations answered by this node, by who asked (the advertiser's own key or an admin key)")
          .labelNames("by").register(registry);
  public final Counter secretsLoads =
      Counter.build("searchbid_secrets_loads_total",
              "Secrets put in force (at start and by each reload that changed or confirmed them) or refused, by result")
          .labelNames("result").register(registry);
  public final Gauge clickKeys =
      Gauge.build("searchbid_click_keys", "Click-token keys that verify on this node").register(registry);
  public final Gauge clickSigningKey =
      Gauge.build("searchbid_click_signing_key_info",
              "1 for the id of the key that signs new click tokens on this node (an id, never a secret)")
          .labelNames("key_id").register(registry);

  private final java.util.List<Runnable> beforeScrape = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Metrics() {
    DefaultExports.register(registry);
    // Known label values start at 0, so rate() and alert rules see the series before the first event.
    for (String reason : new String[] {"malformed", "forged", "expired", "not_yet_valid", "unknown_campaign"}) {
      clicksRejected.labels(reason);
    }
    rateLimited.labels("api_key");
    rateLimited.labels("admin_key");
    apiKeyRotations.labels("advertiser");
    apiKeyRotations.labels("admin");
    secretsLoads.labels("ok");
    secretsLoads.labels("failed");
  }

  /** Exposes the engine's organic-cache counts as {@code searchbid_search_organic_cache_total{result}}. */
  public void organicCache(LongSupplier hits, LongSupplier misses) {
    registry.register(new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        CounterMetricFamily f = new CounterMetricFamily("searchbid_search_organic_cache",
            "Searches whose organic results came from the cache (hit) or were computed (miss)", List.of("result"));
        f.addMetric(List.of("hit"), hits.getAsLong());
        f.addMetric(List.of("miss"), misses.getAsLong());
        return List.of(f);
      }
    });
  }

  /**
   * Adds a task run before every scrape, to refresh gauges computed from state (e.g. exhausted
   * campaigns today, readiness).
   */
  public void beforeScrape(Runnable r) {
    beforeScrape.add(r);
  }

  /** Prometheus text exposition format 0.0.4. */
  public String scrape() {
    for (Runnable r : beforeScrape) {
      r.run();
    }
    StringWriter w = new StringWriter();
    try {
      TextFormat.write004(w, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
