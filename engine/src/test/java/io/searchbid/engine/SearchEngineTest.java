package io.searchbid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.Keyword;
import io.searchbid.auction.MatchType;
import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.Signals;
import io.searchbid.ranking.Sku;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchEngineTest {

  static final long NOW = 1_790_000_000_000L;
  static final long TTL = 3_600_000L;
  static final ClickKeyRing KEYS = ClickKeyRing.single("k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  static Product product(String id, String seller, String title, long priceMicros) {
    return new Product(id, seller, title, "Chairs", "Acme", Map.of(), List.of(new Sku(id + "-s", priceMicros, 5)),
        LocalDate.of(2026, 1, 1), Signals.NONE);
  }

  static SearchEngine engineWithCatalog(long seed) {
    SearchEngine e = SearchEngine.inProcess(ProductIndex.inMemory(), AuctionConfig.defaults(), KEYS, TTL, seed);
    for (Product p : new CatalogGenerator(7, CatalogGenerator.Language.EN).generate(300)) {
      e.upsertProduct(p);
    }
    e.upsertProduct(product("p-red", "adv1", "Red velvet accent chair", 89_000_000));
    e.upsertProduct(product("p-blue", "adv2", "Blue velvet accent chair", 99_000_000));
    e.refreshProducts();
    return e;
  }

  static Campaign campaign(String id, String adv, String productId, long budgetMicros, long bidMicros, String keyword) {
    return Campaign.simple(id, adv, budgetMicros, List.of(new AdGroup(id + "~" + productId, productId, "Chairs", bidMicros,
        List.of(Keyword.of(keyword, MatchType.BROAD)), List.of())));
  }

  @Test
  void search_adsSitAboveOrganic_eachWithVerifiableClickUrl() {
    SearchEngine e = engineWithCatalog(1);
    e.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 2_000_000, "velvet chair"));
    e.upsertCampaign(campaign("c2", "adv2", "p-blue", 100_000_000, 1_000_000, "velvet chair"));

    SearchEngine.ResultPage page = e.search(SearchEngine.Query.of("velvet accent chair"), NOW);

    assertThat(page.ads()).extracting(SearchEngine.Ad::campaignId).containsExactly("c1", "c2");
    assertThat(page.ads()).extracting(SearchEngine.Ad::slot).containsExactly(1, 2);
    assertThat(page.organic()).isNotEmpty();
    assertThat(page.organic().get(0).rank()).isEqualTo(1);
    for (SearchEngine.Ad ad : page.ads()) {
      assertThat(ad.clickUrl()).isEqualTo("/v1/click/" + ad.clickToken());
      assertThat(e.verify(ad.clickToken(), NOW + 1000).isValid()).isTrue();
      assertThat(ad.cpcMicros()).isNotNegative();
    }
    assertThat(page.ads().get(0).cpcMicros()).as("priced by the runner-up").isPositive();
    // GSP with quality: the top ad never pays more than its bid
    assertThat(page.ads().get(0).cpcMicros()).isLessThanOrEqualTo(2_000_000);
  }

  @Test
  void keywords_tokeniseLikeTitles_pluralQueryMatchesSingularKeyword() {
    SearchEngine e = engineWithCatalog(1);
    e.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 1_000_000, "accent chair"));
    assertThat(e.search(SearchEngine.Query.of("Accent CHAIRS"), NOW).ads()).hasSize(1);
    assertThat(e.search(SearchEngine.Query.of("sofa"), NOW).ads()).isEmpty();
  }

  @Test
  void click_sameTokenTwice_chargesOnce() {
    SearchEngine e = engineWithCatalog(1);
    e.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 1_000_000, "chair"));
    e.upsertCampaign(campaign("c2", "adv2", "p-blue", 100_000_000, 900_000, "chair"));
    SearchEngine.Ad ad = e.search(SearchEngine.Query.of("red chair"), NOW).ads().get(0);

    ClickOutcome first = e.click(ad.clickToken(), NOW + 10).toCompletableFuture().join();
    ClickOutcome second = e.click(ad.clickToken(), NOW + 20).toCompletableFuture().join();

    assertThat(first.status()).isEqualTo(ClickOutcome.Status.CHARGED);
    assertThat(first.chargedMicros()).isEqualTo(ad.cpcMicros());
    assertThat(first.productId()).isEqualTo(ad.productId());
    assertThat(second.status()).isEqualTo(ClickOutcome.Status.DUPLICATE);
    assertThat(second.chargedMicros()).isEqualTo(first.chargedMicros());
    InProcessClickCharger charger = (InProcessClickCharger) e.charger();
    assertThat(charger.ledger().spentMicros("c1", io.searchbid.auction.Times.epochDay(NOW))).isEqualTo(first.chargedMicros());
  }

  @Test
  void click_forgedOrExpiredToken_rejectedWithReason_noCharge() {
    SearchEngine e = engineWithCatalog(1);
    e.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 1_000_000, "chair"));
    SearchEngine.Ad ad = e.search(SearchEngine.Query.of("chair"), NOW).ads().get(0);
    String t = ad.clickToken();
    String tampered = t.substring(0, t.length() - 2) + (t.endsWith("AA") ? "BB" : "AA");

    assertThat(e.click(tampered, NOW).toCompletableFuture().join().reason()).isIn("forged", "malformed");
    assertThat(e.click(t, NOW + TTL + 120_000).toCompletableFuture().join().reason()).isEqualTo("expired");
    assertThat(e.click("not-a-token", NOW).toCompletableFuture().join().reason()).isEqualTo("malformed");
    InProcessClickCharger charger = (InProcessClickCharger) e.charger();
    assertThat(charger.ledger().spentMicros("c1", io.searchbid.auction.Times.epochDay(NOW))).isZero();
  }

  @Test
  void budgetOfOneClick_showsUntilChargedOnce_thenNotAgainThatDay() {
    SearchEngine e = engineWithCatalog(1);
    // alone in the auction with no reserve: GSP price is the reserve (0) -> use first price so the
    // click costs exactly the bid, and the budget is exactly one click
    SearchEngine fp = SearchEngine.inProcess(ProductIndex.inMemory(), AuctionConfig.defaults()
        .withRule(io.searchbid.auction.PricingRule.FIRST_PRICE), KEYS, TTL, 3);
    fp.upsertProduct(product("p-red", "adv1", "Red velvet accent chair", 89_000_000));
    fp.refreshProducts();
    fp.upsertCampaign(campaign("c1", "adv1", "p-red", 1_000_000, 1_000_000, "chair"));

    SearchEngine.ResultPage before = fp.search(SearchEngine.Query.of("chair"), NOW);
    assertThat(before.ads()).hasSize(1);
    assertThat(before.ads().get(0).cpcMicros()).isEqualTo(1_000_000);
    assertThat(fp.search(SearchEngine.Query.of("chair"), NOW + 1).ads()).as("still shown before the click").hasSize(1);

    ClickOutcome c = fp.click(before.ads().get(0).clickToken(), NOW + 2).toCompletableFuture().join();
    assertThat(c.chargedMicros()).isEqualTo(1_000_000);
    assertThat(fp.search(SearchEngine.Query.of("chair"), NOW + 3).ads()).as("budget spent").isEmpty();
    assertThat(fp.search(SearchEngine.Query.of("chair"), NOW + io.searchbid.auction.Times.MILLIS_PER_DAY).ads())
        .as("next day the budget is fresh").hasSize(1);
    assertThat(e).isNotNull();
  }

  @Test
  void sameSeed_samePage_byteForByte() {
    SearchEngine a = engineWithCatalog(42);
    SearchEngine b = engineWithCatalog(42);
    for (SearchEngine x : List.of(a, b)) {
      x.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 1_000_000, "chair"));
      x.upsertCampaign(campaign("c2", "adv2", "p-blue", 100_000_000, 1_000_000, "chair"));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(a.search(SearchEngine.Query.of("velvet chair"), NOW + i))
          .isEqualTo(b.search(SearchEngine.Query.of("velvet chair"), NOW + i));
    }
  }
}
