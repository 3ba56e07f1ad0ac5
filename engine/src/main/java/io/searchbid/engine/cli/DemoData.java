package io.searchbid.engine.cli;

import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.service.AdvertiserEntity;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.CampaignSettings;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.RankingTokenizer;
import io.searchbid.engine.http.ServiceApp;
import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.Product;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --demo}: a generated catalog, demo advertisers (deterministic ids and keys, so the
 * printed curl lines work on every run) and campaigns promoting some of the products with keywords
 * taken from their titles. Idempotent: data already in the data directory is kept.
 */
final class DemoData {

  static final int KEYWORDS_PER_CAMPAIGN = 20;

  private DemoData() {}

  static String advertiserId(int i) {
    return String.format("adv_demo%06d", i);
  }

  static String apiKey(int i) {
    return "sbk_" + advertiserId(i) + "_demo-secret-" + i;
  }

  static String campaignId(int i) {
    return String.format("cmp_demo%06d", i);
  }

  /** Loads what is missing; returns the product promoted by campaign 0 (for the printed examples). */
  static Product load(ServiceApp app, int productCount, int campaignCount, long seed, long nowMillis) throws Exception {
    ServiceNode node = app.node();
    int advertisers = Math.max(3, campaignCount / 20);
    int stride = Math.max(1, productCount / Math.max(1, campaignCount));
    List<Product> promoted = new ArrayList<>();
    boolean fresh = app.products().size() == 0;
    CatalogGenerator gen = new CatalogGenerator(seed, CatalogGenerator.Language.EN);
    List<Product> batch = new ArrayList<>(5000);
    int i = 0;
    for (Product p : gen.stream(productCount)) {
      if (i % stride == 0 && promoted.size() < campaignCount) {
        int c = promoted.size();
        p = new Product(p.productId(), advertiserId(c % advertisers + 1), p.title(), p.category(), p.brand(),
            p.attributes(), p.skus(), p.createdOn(), p.signals());
        promoted.add(p);
      }
      if (fresh) {
        batch.add(p);
        if (batch.size() == 5000) {
          app.productWriter().write(batch, false).toCompletableFuture().get(300, TimeUnit.SECONDS);
          batch = new ArrayList<>(5000);
        }
      }
      i++;
    }
    if (fresh) {
      app.productWriter().write(batch, true).toCompletableFuture().get(300, TimeUnit.SECONDS);
    }
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int a = 1; a <= advertisers; a++) {
      int n = a;
      pending.add(node.advertiser(advertiserId(a)).<AdvertiserEntity.RegisterReply>ask(
          r -> new AdvertiserEntity.Register("Demo seller " + n, ApiKeys.hash(apiKey(n)), nowMillis, r),
          Duration.ofSeconds(60)).toCompletableFuture());
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < promoted.size(); c++) {
      Product p = promoted.get(c);
      long bid = 200_000 + rnd.nextLong(1_800_000);
      var settings = new CampaignSettings(campaignId(c), p.sellerId(), "Demo: " + p.title(), CampaignStatus.ACTIVE,
          50_000_000, 1.0, bid, List.of(p.productId()), keywords(p), List.of(), nowMillis);
      pending.add(node.campaign(campaignId(c)).<CampaignEntity.Reply>ask(
          r -> new CampaignEntity.Create(settings, r), Duration.ofSeconds(60)).toCompletableFuture());
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (app.directory().size() < promoted.size() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    app.directory().productsChanged(advertiserId(1));
    for (int a = 2; a <= advertisers; a++) {
      app.directory().productsChanged(advertiserId(a));
    }
    return promoted.isEmpty() ? null : promoted.get(0);
  }

  /** Up to 20 keywords from the title: word pairs (phrase), single words (broad), the category (exact). */
  static List<CampaignSettings.KeywordSpec> keywords(Product p) {
    List<String> words = new ArrayList<>();
    for (String w : p.title().split("[^\\p{L}\\p{N}]+")) {
      if (!w.isBlank() && !RankingTokenizer.INSTANCE.tokens(w).isEmpty()) {
        words.add(w.toLowerCase(java.util.Locale.ROOT));
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    List<CampaignSettings.KeywordSpec> out = new ArrayList<>();
    String category = p.category().toLowerCase(java.util.Locale.ROOT);
    if (!RankingTokenizer.INSTANCE.tokens(category).isEmpty() && RankingTokenizer.INSTANCE.tokens(category).size() <= 10) {
      out.add(new CampaignSettings.KeywordSpec(category, MatchType.EXACT, 0));
    }
    for (int j = 0; j + 1 < words.size() && out.size() < KEYWORDS_PER_CAMPAIGN; j++) {
      String phrase = words.get(j) + " " + words.get(j + 1);
      if (seen.add("p:" + phrase)) {
        out.add(new CampaignSettings.KeywordSpec(phrase, MatchType.PHRASE, 0));
      }
    }
    for (String w : words) {
      if (out.size() >= KEYWORDS_PER_CAMPAIGN) {
        break;
      }
      if (w.length() >= 4 && seen.add("b:" + w)) {
        out.add(new CampaignSettings.KeywordSpec(w, MatchType.BROAD, 0));
      }
    }
    return out;
  }

  /** Ready-to-paste commands for the README and the console. */
  static void printExamples(PrintStream out, int port, String adminKey, Product example) {
    String base = "http://localhost:" + port;
    String query = example == null ? "chair" : example.category().toLowerCase(java.util.Locale.ROOT);
    String key = apiKey(1);
    out.println();
    out.println("Demo data loaded. Try:");
    out.println("  curl -s '" + base + "/v1/search?q=" + query.replace(" ", "+") + "'");
    out.println("  # click the first ad (charges its campaign once; repeat = no charge):");
    out.println("  CLICK=$(curl -s '" + base + "/v1/search?q=" + query.replace(" ", "+")
        + "' | grep -o '\"clickUrl\":\"[^\"]*\"' | head -n 1 | cut -d'\"' -f4)");
    out.println("  curl -s -H 'Accept: application/json' \"$CLICK\"; echo; curl -s -H 'Accept: application/json' \"$CLICK\"");
    out.println("  curl -s -H 'Authorization: Bearer " + key + "' " + base + "/v1/campaigns");
    out.println("  curl -s -H 'Authorization: Bearer " + key + "' " + base + "/v1/campaigns/" + campaignId(0) + "/stats");
    out.println("  curl -s -X POST -H 'Authorization: Bearer " + adminKey + "' -d '{\"name\":\"Me\"}' " + base + "/v1/advertisers");
    out.println("  curl -s " + base + "/metrics | grep ^searchbid_");
    out.println("Demo advertiser " + advertiserId(1) + " has API key " + key + " (demo keys are public: never use --demo in production).");
  }

  private static String firstWords(String title, int n) {
    String[] w = title.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    StringBuilder sb = new StringBuilder();
    for (String s : w) {
      if (s.isBlank()) {
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(s);
      if (--n == 0) {
        break;
      }
    }
    return sb.toString();
  }
}
