package io.searchbid.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Searches and clicks through all nodes from several client threads, every request under the
 * {@link RetryingClient} rule, and the clients' ledger: for every click the first 2xx answer (the
 * amount the client was told it cost), every search that showed an ad, and every request that
 * still failed after its retries.
 *
 * <p>Each thread has its own {@link SplittableRandom} from the seed: which node, which query,
 * which ad is clicked and where. (The interleaving of threads, and so the exact figures, still
 * depend on timing.)
 */
final class ClusterLoad {

  /** What a client was told about one click (its first 2xx answer). */
  record Told(String clickId, String campaignId, long priceMicros, long chargedMicros, boolean duplicate,
      int attempts, long searchSentNanos, long answeredNanos) {}

  /** One search page that showed ads: when the request was first sent, and the campaigns shown. */
  record Served(int node, long sentNanos, List<String> campaignIds) {}

  private final RetryingClient client;
  private final List<String> queries;
  private final double clickProbability;
  private final long seed;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  final Map<String, Told> told = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  final LongAdder searches = new LongAdder();
  final LongAdder clicks = new LongAdder();
  final LongAdder retried = new LongAdder();
  /** Clicks whose first attempt failed and whose answer said "duplicate": charged by the failed attempt. */
  final LongAdder duplicatesAfterRetry = new LongAdder();
  /** First failures of retried requests by kind ("503 timeout", "connection", ...). */
  final Map<String, LongAdder> firstFailures = new ConcurrentHashMap<>();
  /** A click whose first answer said "duplicate" although no earlier attempt of it had failed. */
  final ConcurrentLinkedQueue<String> unexplainedDuplicates = new ConcurrentLinkedQueue<>();

  ClusterLoad(RetryingClient client, List<String> queries, double clickProbability, long seed) {
    this.client = client;
    this.queries = List.copyOf(queries);
    this.clickProbability = clickProbability;
    this.seed = seed;
  }

  void start(int threadCount) {
    for (int t = 0; t < threadCount; t++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + t);
      Thread th = new Thread(() -> run(random), "cluster-load-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
  }

  /** Stops issuing new searches and waits for every started request (with its retries) to end. */
  void stopAndJoin() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
  }

  private void run(SplittableRandom random) {
    try {
      while (!stop.get()) {
        once(random);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failures.add("client thread died: " + e);
    }
  }

  private void once(SplittableRandom random) throws Exception {
    int nodes = client.nodes();
    String q = queries.get(random.nextInt(queries.size()));
    long sent = System.nanoTime();
    RetryingClient.Answer s = client.get("/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
        random.nextInt(nodes), false);
    searches.increment();
    countRetry(s);
    if (!s.ok()) {
      failures.add("search '" + q + "' after " + s.attempts() + " attempts: " + s.status() + " " + s.body());
      return;
    }
    JsonNode ads = Json.mapper().readTree(s.body()).get("ads");
    if (ads.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>(ads.size());
    for (JsonNode ad : ads) {
      shown.add(ad.get("campaignId").asText());
    }
    served.add(new Served(s.node(), sent, shown));
    for (JsonNode ad : ads) {
      if (random.nextDouble() >= clickProbability) {
        continue;
      }
      String url = ad.get("clickUrl").asText();
      String path = url.substring(url.indexOf("/v1/click/"));
      RetryingClient.Answer c = client.get(path, random.nextInt(nodes), true);
      clicks.increment();
      countRetry(c);
      if (!c.ok()) {
        failures.add("click " + path + " after " + c.attempts() + " attempts: " + c.status() + " " + c.body()
            + " (first failure: " + c.firstFailure() + ")");
        continue;
      }
      JsonNode a = Json.mapper().readTree(c.body());
      Told t = new Told(a.get("clickId").asText(), a.get("campaignId").asText(), a.get("priceMicros").asLong(),
          a.get("chargedMicros").asLong(), a.get("duplicate").asBoolean(), c.attempts(), sent, System.nanoTime());
      if (t.duplicate() && t.attempts() == 1) {
        unexplainedDuplicates.add(t.toString());
      } else if (t.duplicate()) {
        duplicatesAfterRetry.increment();
      }
      if (told.putIfAbsent(t.clickId(), t) != null) {
        failures.add("click id " + t.clickId() + " issued twice to the clients");
      }
    }
  }

  private void countRetry(RetryingClient.Answer a) {
    if (a.attempts() > 1) {
      retried.increment();
      String f = a.firstFailure();
      String kind = f.contains("\"code\":\"") ? f.replaceAll(".*?: (\\d+) .*\"code\":\"([a-z_]+)\".*", "$1 $2")
          : f.contains("ConnectException") ? "connection refused"
          : f.contains("Timeout") ? "no answer in time" : f.replaceAll("^node \\d+: ", "");
      firstFailures.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
  }

  /** Retried requests by the kind of their first failure, and clicks answered as duplicates after a retry. */
  String retrySummary() {
    Map<String, Long> kinds = new java.util.TreeMap<>();
    firstFailures.forEach((k, v) -> kinds.put(k, v.sum()));
    return retried.sum() + " requests retried (first failures: " + kinds + "), " + duplicatesAfterRetry.sum()
        + " clicks charged by an attempt that failed and answered as duplicate by the retry";
  }

  /** Sum of the charges the clients were told, over the given campaigns. */
  long toldMicros(Set<String> campaignIds) {
    long sum = 0;
    for (Told t : told.values()) {
      if (campaignIds.contains(t.campaignId())) {
        sum += t.chargedMicros();
      }
    }
    return sum;
  }

  /**
   * Over-delivery caused by the news of an exhausted budget travelling to the nodes. A campaign's
   * exhaustion is taken as known at the earliest answer of one of its clicks charged less than its
   * price (the entity had reached the cap and published it before answering); counted from then on:
   * pages still showing the campaign, free clicks on them, and how late the last such page was sent.
   */
  record OverDelivery(int exhaustedCampaigns, long freeClicks, long freeClicksOnStalePages, long stalePages,
      long clicksCharged, long maxLagMillis, long cappedClicks, long overDeliveredMicros, long chargedMicros,
      long maxFreePerCampaign) {

    @Override
    public String toString() {
      return exhaustedCampaigns + " campaigns exhausted; " + freeClicks + " free clicks (max " + maxFreePerCampaign
          + " per campaign; " + freeClicksOnStalePages + " of them on pages requested after the cap was known) and "
          + cappedClicks + " partly charged against " + clicksCharged + " charged clicks; clicks given away worth "
          + overDeliveredMicros + " micros = " + String.format(java.util.Locale.ROOT, "%.1f",
              chargedMicros == 0 ? 0.0 : 100.0 * overDeliveredMicros / chargedMicros) + " % of the "
          + chargedMicros + " micros charged; " + stalePages + " ads shown on pages requested after the cap was known"
          + " (last one " + maxLagMillis + " ms after)";
    }
  }

  OverDelivery overDelivery(Set<String> campaignIds) {
    Map<String, Long> knownAt = new HashMap<>();
    Map<String, Long> freeOf = new HashMap<>();
    long free = 0;
    long charged = 0;
    long capped = 0;
    long overMicros = 0;
    long chargedMicros = 0;
    for (Told t : told.values()) {
      if (!campaignIds.contains(t.campaignId())) {
        continue;
      }
      chargedMicros += t.chargedMicros();
      overMicros += t.priceMicros() - t.chargedMicros();
      if (t.chargedMicros() > 0) {
        charged++;
        if (t.chargedMicros() < t.priceMicros()) {
          capped++;
        }
      }
      if (t.chargedMicros() == 0 && t.priceMicros() > 0) {
        free++;
        freeOf.merge(t.campaignId(), 1L, Long::sum);
      }
      if (t.chargedMicros() < t.priceMicros()) {
        knownAt.merge(t.campaignId(), t.answeredNanos(), Math::min);
      }
    }
    long stale = 0;
    long maxLag = 0;
    for (Served s : served) {
      for (String c : s.campaignIds()) {
        Long at = knownAt.get(c);
        if (at != null && s.sentNanos() > at) {
          stale++;
          maxLag = Math.max(maxLag, (s.sentNanos() - at) / 1_000_000);
        }
      }
    }
    long freeLate = 0;
    for (Told t : told.values()) {
      Long at = knownAt.get(t.campaignId());
      if (at != null && t.chargedMicros() == 0 && t.priceMicros() > 0 && t.searchSentNanos() > at) {
        freeLate++;
      }
    }
    long maxFree = freeOf.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return new OverDelivery(knownAt.size(), free, freeLate, stale, charged, maxLag, capped, overMicros, chargedMicros, maxFree);
  }
}
