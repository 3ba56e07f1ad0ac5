package io.searchbid.simulator.sim;

import io.searchbid.auction.ClickModel;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.AdIndex;
import io.searchbid.auction.BidFeedback;
import io.searchbid.auction.BudgetLedger;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.ConversionModel;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.auction.Pacer;
import io.searchbid.auction.PricingRule;
import io.searchbid.auction.TrafficCurve;
import io.searchbid.engine.ClickOutcome;
import io.searchbid.engine.InProcessClickCharger;
import io.searchbid.engine.RankingTokenizer;
import io.searchbid.engine.SearchEngine;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.Signals;
import io.searchbid.simulator.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production {@link SearchEngine} wired for one replicate, in-process: a heap Lucene
 * {@link ProductIndex} merging in the replicate's thread (deterministic scores), the auction core's {@link KeywordAuction} (the scenario's pricing rule, slots
 * and reserve; the throttling pacer on the real traffic curve when pacing is on; conversion estimates
 * from the simulation for the CPA/ROAS bidders), one {@link BudgetLedger} as both the auction's spend
 * view and the {@link InProcessClickCharger}'s ledger, seeded auction ids and a zero ticker. Clicks go
 * through {@link SearchEngine#click} (token verification, dedupe, charge). Not thread-safe beyond what
 * SearchEngine promises; one per replicate.
 */
final class MarketEngine {
  private static final long TOKEN_TTL_MILLIS = 2 * ReplicateRun.DAY_MILLIS;

  private final ProductIndex index;
  private final SearchEngine engine;
  private final KeywordAuction auction;
  private final BudgetLedger ledger;
  private final InProcessClickCharger charger;

  MarketEngine(Scenario sc, long seed, ConversionModel conversions) {
    this.index = ProductIndex.inMemoryDeterministic(RankingProfile.defaults()); // merges at fixed points: same seed, same scores
    this.ledger = new BudgetLedger();
    AdIndex ads = new AdIndex(RankingTokenizer.INSTANCE);
    byte[] secret = ("searchbid-sim-" + seed).getBytes(StandardCharsets.UTF_8);
    ClickTokenCodec codec = new ClickTokenCodec(ClickKeyRing.single("sim", secret), TOKEN_TTL_MILLIS, 60_000);
    this.auction = KeywordAuction.builder(ads, codec)
        .config(config(sc))
        .conversions(conversions)
        .spend(ledger)
        .pacer(sc.auction().pacing() ? Pacer.throttling(TrafficCurve.defaultCurve(), Seeds.mix(seed, Seeds.PACER)) : Pacer.none())
        .build();
    this.charger = new InProcessClickCharger(ledger, ads);
    this.engine = SearchEngine.builder(index, auction)
        .charger(charger)
        .auctionIds(SearchEngine.seededIds(seed))
        .ticker(() -> 0L)
        .cacheOrganicUntilRefresh(true)
        .signClicksOnDemand(true)
        .build();
  }

  /**
   * The scenario's auction settings: slot click rates follow the shoppers' examination curve (scaled
   * to a 10 % top-slot rate; only their ratios matter for VCG prices and the click model's position
   * bias), one ad per advertiser per page.
   */
  static AuctionConfig config(Scenario sc) {
    double[] exam = sc.users().examination();
    List<Double> rates = new ArrayList<>();
    double last = 1;
    for (int j = 0; j < sc.auction().slots(); j++) {
      double e = j < exam.length ? exam[j] : last * 0.9;
      last = Math.min(last, e);
      rates.add(0.1 * last);
    }
    return new AuctionConfig(PricingRule.valueOf(sc.auction().mechanism()), rates, sc.auction().reserveMicros(), 0, 0, true);
  }

  SearchEngine engine() {
    return engine;
  }

  void index(List<Product> products) {
    for (Product p : products) engine.upsertProduct(p);
  }

  void upsert(Product p) {
    engine.upsertProduct(p);
  }

  void delete(String productId) {
    index.delete(productId);
    engine.catalog().remove(productId);
  }

  // Writes (upsert, delete, signals) become visible on refresh(), which also drops the engine's
  // organic cache: never refresh the index other than through the engine.
  void updateSignals(Map<String, Signals> signals) {
    index.updateSignals(signals);
  }

  void refresh() {
    engine.refreshProducts();
  }

  SearchEngine.ResultPage search(String text, int size, String segment, long nowMillis) {
    return engine.search(new SearchEngine.Query(text, 0, size, segment), nowMillis);
  }

  /**
   * Clicks an ad of the page of auction {@code auctionId} through the engine's click path (verify,
   * dedupe, charge). Tokens are signed only for clicked ads, issued at the click time, which in the
   * simulation is the search time.
   */
  ClickOutcome click(long auctionId, SearchEngine.Ad ad, long nowMillis) {
    String token = ad.clickToken() != null ? ad.clickToken() : engine.signClick(auctionId, ad, nowMillis);
    return engine.click(token, nowMillis).toCompletableFuture().join();
  }

  /** The click-model statistics of a shown ad (key as the ad index builds it): resolve once per ad and keyword. */
  ClickModel.AdStats clickStats(SearchEngine.Ad ad, String category) {
    return auction.clickModel().stats(category, ad.keyword(), ad.adId() + '\u001f' + ad.keyword());
  }

  /** Feeds the auction core's click model: one impression in {@code slot}, and its click. */
  void recordShown(ClickModel.AdStats stats, int slot, boolean clicked) {
    auction.clickModel().record(stats, slot, 0);
    if (clicked) auction.clickModel().record(stats, slot, 1);
  }

  long spentMicros(Campaign c, long epochDay) {
    return ledger.spentMicros(c.campaignId(), epochDay);
  }

  void feedback(Campaign c, BidFeedback f) {
    auction.bidder(c).feedback(f);
  }

  void upsertCampaign(Campaign c) {
    engine.upsertCampaign(c);
  }

  void removeCampaign(String id) {
    engine.removeCampaign(id);
  }

  /** Drops click dedupe state older than {@code epochMillis} (tokens expire anyway). */
  void forgetClicksBefore(long epochMillis) {
    charger.forgetBefore(epochMillis);
  }
}
