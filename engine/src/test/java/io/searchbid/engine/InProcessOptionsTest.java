package io.searchbid.engine;

import static io.searchbid.engine.SearchEngineTest.KEYS;
import static io.searchbid.engine.SearchEngineTest.NOW;
import static io.searchbid.engine.SearchEngineTest.TTL;
import static io.searchbid.engine.SearchEngineTest.campaign;
import static io.searchbid.engine.SearchEngineTest.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.AdIndex;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.BudgetLedger;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's in-process options (organic cache, on-demand click signing) against the plain engine. */
class InProcessOptionsTest {

  static final List<String> QUERIES = List.of("velvet accent chair", "chair", "zebra striped chair", "wooden table", "lamp");

  static SearchEngine engine(boolean cache, boolean lazySigning) {
    return engine(cache ? Integer.MAX_VALUE : 0, lazySigning);
  }

  static SearchEngine engine(int cacheEntries, boolean lazySigning) {
    ProductIndex index = ProductIndex.inMemory();
    AdIndex ads = new AdIndex(RankingTokenizer.INSTANCE);
    BudgetLedger ledger = new BudgetLedger();
    KeywordAuction auction = KeywordAuction.builder(ads, new ClickTokenCodec(KEYS, TTL, 60_000))
        .config(AuctionConfig.defaults()).spend(ledger).build();
    SearchEngine e = SearchEngine.builder(index, auction)
        .charger(new InProcessClickCharger(ledger, ads))
        .auctionIds(SearchEngine.seededIds(3))
        .ticker(() -> 0L)
        .cacheOrganicUntilRefresh(cacheEntries)
        .signClicksOnDemand(lazySigning)
        .build();
    for (Product p : new CatalogGenerator(7, CatalogGenerator.Language.EN).generate(300)) {
      e.upsertProduct(p);
    }
    e.upsertProduct(product("p-red", "adv1", "Red velvet accent chair", 89_000_000));
    e.upsertProduct(product("p-blue", "adv2", "Blue velvet accent chair", 99_000_000));
    e.refreshProducts();
    e.upsertCampaign(campaign("c1", "adv1", "p-red", 100_000_000, 2_000_000, "velvet chair"));
    e.upsertCampaign(campaign("c2", "adv2", "p-blue", 100_000_000, 1_000_000, "chair"));
    return e;
  }

  static void assertSameOrganic(SearchEngine expected, SearchEngine actual) {
    for (String q : QUERIES) {
      for (int page = 0; page < 2; page++) {
        SearchEngine.Query query = new SearchEngine.Query(q, page, 5, "");
        SearchEngine.ResultPage want = expected.search(query, NOW);
        SearchEngine.ResultPage got = actual.search(query, NOW);
        assertThat(got.organic()).as(q + " page " + page).isEqualTo(want.organic());
        assertThat(got.totalMatches()).isEqualTo(want.totalMatches());
        assertThat(got.ads()).extracting(SearchEngine.Ad::adId).isEqualTo(want.ads().stream().map(SearchEngine.Ad::adId).toList());
      }
    }
  }

  @Test
  void organicCache_equalsUncached_hidesWritesUntilRefresh_thenShowsThem() {
    SearchEngine plain = engine(false, false);
    SearchEngine cached = engine(true, false);
    assertSameOrganic(plain, cached);
    assertSameOrganic(plain, cached); // second round served from the cache

    Product zebra = product("p-zebra", "adv3", "Zebra striped velvet accent chair", 59_000_000);
    plain.upsertProduct(zebra);
    cached.upsertProduct(zebra);
    plain.productIndex().delete("p-red");
    cached.productIndex().delete("p-red");
    assertSameOrganic(plain, cached); // neither sees the writes yet

    plain.refreshProducts();
    cached.refreshProducts();
    SearchEngine.ResultPage page = cached.search(new SearchEngine.Query("zebra striped chair", 0, 5, ""), NOW);
    assertThat(page.organic()).extracting(SearchEngine.Organic::productId).contains("p-zebra");
    assertThat(cached.search(new SearchEngine.Query("red velvet accent chair", 0, 5, ""), NOW).organic())
        .extracting(SearchEngine.Organic::productId).doesNotContain("p-red");
    assertSameOrganic(plain, cached);
  }

  @Test
  void signClicksOnDemand_noTokenOnPage_signedTokenEqualsEagerOne_andChargesOnce() {
    SearchEngine eager = engine(false, false);
    SearchEngine lazy = engine(true, true);
    SearchEngine.ResultPage want = eager.search(SearchEngine.Query.of("velvet accent chair"), NOW);
    SearchEngine.ResultPage got = lazy.search(SearchEngine.Query.of("velvet accent chair"), NOW);
    assertThat(got.auctionId()).isEqualTo(want.auctionId());
    assertThat(got.ads()).hasSize(2).hasSameSizeAs(want.ads());
    for (int i = 0; i < got.ads().size(); i++) {
      SearchEngine.Ad ad = got.ads().get(i);
      assertThat(ad.clickToken()).isNull();
      assertThat(ad.clickUrl()).isNull();
      String token = lazy.signClick(got.auctionId(), ad, NOW);
      assertThat(token).isEqualTo(want.ads().get(i).clickToken());
      ClickOutcome first = lazy.click(token, NOW + 1_000).toCompletableFuture().join();
      ClickOutcome second = lazy.click(lazy.signClick(got.auctionId(), ad, NOW), NOW + 2_000).toCompletableFuture().join();
      assertThat(first.status()).isEqualTo(ClickOutcome.Status.CHARGED);
      assertThat(first.chargedMicros()).isEqualTo(ad.cpcMicros());
      assertThat(second.status()).isEqualTo(ClickOutcome.Status.DUPLICATE);
    }
    InProcessClickCharger charger = (InProcessClickCharger) lazy.charger();
    long spent = charger.ledger().spentMicros("c1", io.searchbid.auction.Times.epochDay(NOW))
        + charger.ledger().spentMicros("c2", io.searchbid.auction.Times.epochDay(NOW));
    assertThat(spent).isEqualTo(got.ads().stream().mapToLong(SearchEngine.Ad::cpcMicros).sum());
  }

  @Test
  void boundedOrganicCache_startsOverWhenFull_stillEqualsUncached() {
    SearchEngine plain = engine(false, false);
    SearchEngine cached = engine(3, false); // 10 (query, page) keys: fills up and starts over
    for (int round = 0; round < 3; round++) {
      for (String q : QUERIES) {
        for (int page = 0; page < 2; page++) {
          SearchEngine.Query query = new SearchEngine.Query(q, page, 5, "");
          List<SearchEngine.Organic> want = plain.search(query, NOW).organic();
          assertThat(cached.search(query, NOW).organic()).as(q + " page " + page).isEqualTo(want);
          assertThat(cached.search(query, NOW).organic()).as(q + " page " + page + " again").isEqualTo(want);
        }
      }
    }
    assertThat(cached.organicCacheHits()).as("some searches hit before the cache filled up").isPositive();
    assertThat(cached.organicCacheMisses()).isGreaterThan(10);
    assertThat(plain.organicCacheHits() + plain.organicCacheMisses()).as("cache off counts nothing").isZero();
  }

  /**
   * Searches racing with product writes and refreshes: once a refresh has returned, no search
   * answers from an older index (a search that computed its page on the old searcher must not leave
   * it in the cache the refresh started afresh).
   */
  @Test
  void organicCache_searchesRacingRefreshes_neverKeepAPageOfAnOlderIndex() throws Exception {
    SearchEngine cached = engine(true, false);
    SearchEngine.Query q = new SearchEngine.Query("zebra striped chair", 0, 5, "");
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> readers = new java.util.ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          cached.search(q, NOW);
        }
      });
      reader.start();
      readers.add(reader);
    }
    try {
      for (int i = 0; i < 500; i++) {
        String title = i % 2 == 0 ? "Zebra striped velvet accent chair" : "Plain oak table";
        cached.upsertProduct(product("p-zebra", "adv3", title, 59_000_000));
        cached.refreshProducts();
        boolean shown = cached.search(q, NOW).organic().stream().anyMatch(o -> o.productId().equals("p-zebra"));
        assertThat(shown).as("after refresh %d the page shows the product iff its title matches", i).isEqualTo(i % 2 == 0);
      }
    } finally {
      stop.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
    }
  }
}
