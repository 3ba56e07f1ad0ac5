package io.searchbid.auction;

import static io.searchbid.auction.Fixtures.D;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordAuctionTest {
  static final long T = 1_764_072_000_000L; // 2025-11-25 12:00 UTC
  static final long DAY = Times.epochDay(T);

  static Campaign camp(String id, String adv, long budget, long bid, String keyword, MatchType t) {
    return Fixtures.campaign(id, adv, budget, Fixtures.group("g-" + id, bid, List.of(Keyword.of(keyword, t)), List.of()));
  }

  static KeywordAuction auction(BudgetLedger ledger, Campaign... cs) {
    return auction(ledger, AuctionConfig.defaults(), cs);
  }

  static KeywordAuction auction(BudgetLedger ledger, AuctionConfig config, Campaign... cs) {
    KeywordAuction a = KeywordAuction.builder(new AdIndex(Tokenizers.defaultTokenizer()), Fixtures.codec())
        .config(config).spend(ledger).build();
    for (Campaign c : cs) {
      a.upsert(c);
    }
    return a;
  }

  @Test
  void run_ranksByBidTimesQuality_pricesByGsp_andSignsTokensCarryingThePrice() {
    BudgetLedger ledger = new BudgetLedger();
    KeywordAuction a = auction(ledger,
        camp("c1", "a1", 100 * D, 3 * D, "red dress", MatchType.PHRASE),
        camp("c2", "a2", 100 * D, 2 * D, "red dress", MatchType.PHRASE),
        camp("c3", "a3", 100 * D, 1 * D, "red dress", MatchType.PHRASE),
        camp("c4", "a4", 100 * D, 9 * D, "blue shoes", MatchType.PHRASE));
    AuctionResult r = a.run("red dresses", AuctionContext.of(77, T));
    assertThat(r.matchedAdGroups()).isEqualTo(3);
    assertThat(r.slots()).extracting(AdSlot::campaignId).containsExactly("c1", "c2", "c3");
    // fresh click model: equal pCTR and relevance, so quality cancels: next bid is the price
    assertThat(r.slots()).extracting(AdSlot::priceMicros).containsExactly(2 * D, 1 * D, 0L);
    for (AdSlot s : r.slots()) {
      TokenVerification v = a.verifyClick(s.clickToken(), T + 1000);
      assertThat(v).isInstanceOf(TokenVerification.Valid.class);
      ClickToken t = ((TokenVerification.Valid) v).token();
      assertThat(t).isEqualTo(new ClickToken(77, s.campaignId(), s.adGroupId(), "red dress", s.slot(), s.priceMicros(), T));
    }
    assertThat(r.slots().get(0).pctr()).isGreaterThan(r.slots().get(1).pctr()); // position bias
  }

  @Test
  void inactiveCampaigns_areNotShown_paused_outOfSchedule_optedOutHour() {
    Campaign paused = camp("p", "a1", 100 * D, 5 * D, "lamp", MatchType.BROAD).withStatus(CampaignStatus.PAUSED);
    Campaign night = new Campaign("n", "a2", 100 * D, CampaignStatus.ACTIVE, BidStrategy.MANUAL, 1.0,
        Schedule.hours(0, 6), BidAdjustments.NONE, camp("n", "a2", D, 5 * D, "lamp", MatchType.BROAD).adGroups());
    double[] hours = new double[24];
    java.util.Arrays.fill(hours, 1.0);
    hours[12] = 0; // opt out at noon
    Campaign noNoon = new Campaign("o", "a3", 100 * D, CampaignStatus.ACTIVE, BidStrategy.MANUAL, 1.0,
        Schedule.ALWAYS, BidAdjustments.byHour(hours), camp("o", "a3", D, 5 * D, "lamp", MatchType.BROAD).adGroups());
    Campaign live = camp("l", "a4", 100 * D, 1 * D, "lamp", MatchType.BROAD);
    KeywordAuction a = auction(new BudgetLedger(), paused, night, noNoon, live);
    assertThat(a.run("desk lamp", AuctionContext.of(1, T)).slots()).extracting(AdSlot::campaignId).containsExactly("l");
    assertThat(a.run("desk lamp", AuctionContext.of(2, T - 9 * Times.MILLIS_PER_HOUR)).slots()) // 03:00
        .extracting(AdSlot::campaignId).containsExactlyInAnyOrder("n", "o", "l");
  }

  @Test
  void bidAdjustments_multiplyTheBid_byHourAndSegment() {
    Campaign c = new Campaign("c", "a", 100 * D, CampaignStatus.ACTIVE, BidStrategy.MANUAL, 1.0, Schedule.ALWAYS,
        new BidAdjustments(List.of(), Map.of("vip", 1.5)), camp("c", "a", D, 2 * D, "lamp", MatchType.BROAD).adGroups());
    KeywordAuction a = auction(new BudgetLedger(), AuctionConfig.defaults().withRule(PricingRule.FIRST_PRICE), c);
    assertThat(a.run("lamp", new AuctionContext(1, T, "vip")).slots().get(0).priceMicros()).isEqualTo(3 * D);
    assertThat(a.run("lamp", new AuctionContext(2, T, "other")).slots().get(0).priceMicros()).isEqualTo(2 * D);
  }

  @Test
  void exhaustedBudget_removesTheCampaign_andBidsAreCappedAtWhatIsLeft() {
    BudgetLedger ledger = new BudgetLedger();
    Campaign rich = camp("rich", "a1", 100 * D, 5 * D, "lamp", MatchType.BROAD);
    Campaign poor = camp("poor", "a2", 10 * D, 4 * D, "lamp", MatchType.BROAD);
    KeywordAuction a = auction(ledger, AuctionConfig.defaults().withRule(PricingRule.FIRST_PRICE), rich, poor);
    ledger.charge(poor, T, 9 * D);
    AuctionResult r = a.run("lamp", AuctionContext.of(1, T));
    assertThat(r.slots()).extracting(AdSlot::campaignId).containsExactly("rich", "poor");
    assertThat(r.slots().get(1).bidMicros()).isEqualTo(1 * D); // 10 budget − 9 spent
    ledger.charge(poor, T, 1 * D);
    assertThat(a.run("lamp", AuctionContext.of(2, T)).slots()).extracting(AdSlot::campaignId).containsExactly("rich");
    // next day: back
    assertThat(a.run("lamp", AuctionContext.of(3, T + Times.MILLIS_PER_DAY)).slots()).hasSize(2);
  }

  @Test
  void onePerAdvertiser_keepsOnlyItsBestRankedAd() {
    KeywordAuction a = auction(new BudgetLedger(),
        camp("c1", "same", 100 * D, 3 * D, "lamp", MatchType.BROAD),
        camp("c2", "same", 100 * D, 4 * D, "lamp", MatchType.BROAD),
        camp("c3", "other", 100 * D, 1 * D, "lamp", MatchType.BROAD));
    AuctionResult r = a.run("lamp", AuctionContext.of(1, T));
    assertThat(r.slots()).extracting(AdSlot::campaignId).containsExactly("c2", "c3");
    assertThat(r.slots().get(0).priceMicros()).isEqualTo(1 * D);
  }

  @Test
  void reserveAndThreshold_hideAdsThatCannotAffordThem() {
    AuctionConfig cfg = AuctionConfig.defaults().withReserve(2 * D, 0);
    KeywordAuction a = auction(new BudgetLedger(), cfg,
        camp("c1", "a1", 100 * D, 3 * D, "lamp", MatchType.BROAD),
        camp("c2", "a2", 100 * D, 1 * D, "lamp", MatchType.BROAD));
    AuctionResult r = a.run("lamp", AuctionContext.of(1, T));
    assertThat(r.slots()).extracting(AdSlot::campaignId).containsExactly("c1");
    assertThat(r.slots().get(0).priceMicros()).isEqualTo(2 * D);
  }

  @Test
  void exactTies_areBrokenDeterministically_yetRotateAcrossAuctions() {
    KeywordAuction a = auction(new BudgetLedger(), AuctionConfig.defaults(),
        camp("c1", "a1", 100 * D, 2 * D, "lamp", MatchType.BROAD),
        camp("c2", "a2", 100 * D, 2 * D, "lamp", MatchType.BROAD));
    int c1First = 0;
    for (long id = 0; id < 200; id++) {
      AuctionResult r1 = a.run("lamp", AuctionContext.of(id, T));
      AuctionResult r2 = a.run("lamp", AuctionContext.of(id, T));
      assertThat(r2).isEqualTo(r1);
      c1First += r1.slots().get(0).campaignId().equals("c1") ? 1 : 0;
    }
    assertThat(c1First).isBetween(60, 140);
  }

  @Test
  void learnedClicks_raiseQuality_andTheAdOutranksAHigherBid() {
    Campaign hi = camp("hi", "a1", 100 * D, 3 * D, "lamp", MatchType.BROAD);
    Campaign good = camp("good", "a2", 100 * D, 2 * D, "lamp", MatchType.BROAD);
    KeywordAuction a = auction(new BudgetLedger(), hi, good);
    assertThat(a.run("lamp", AuctionContext.of(1, T)).slots().get(0).campaignId()).isEqualTo("hi");
    IndexedKeyword goodKw = a.index().match("lamp").stream().filter(k -> k.campaign().campaignId().equals("good")).findFirst().orElseThrow();
    IndexedKeyword hiKw = a.index().match("lamp").stream().filter(k -> k.campaign().campaignId().equals("hi")).findFirst().orElseThrow();
    for (int i = 0; i < 2000; i++) {
      a.clickModel().recordImpression(goodKw, 2);
      a.clickModel().recordImpression(hiKw, 1);
      if (i % 10 == 0) {
        a.clickModel().recordClick(goodKw, 2); // 10 % in slot 2 ≈ 15 % top-slot CTR
      }
      if (i % 100 == 0) {
        a.clickModel().recordClick(hiKw, 1); // 1 %
      }
    }
    AuctionResult r = a.run("lamp", AuctionContext.of(2, T));
    assertThat(r.slots()).extracting(AdSlot::campaignId).containsExactly("good", "hi");
    assertThat(r.slots().get(0).priceMicros()).isLessThanOrEqualTo(2 * D);
  }

  @Test
  void targetCpa_bidsConversionRateTimesTarget() {
    Campaign c = new Campaign("c", "a", 100 * D, CampaignStatus.ACTIVE, new BidStrategy.TargetCpa(50 * D), 1.0,
        Schedule.ALWAYS, BidAdjustments.NONE, camp("c", "a", D, 1 * D, "lamp", MatchType.BROAD).adGroups());
    KeywordAuction a = KeywordAuction.builder(new AdIndex(Tokenizers.defaultTokenizer()), Fixtures.codec())
        .config(AuctionConfig.defaults().withRule(PricingRule.FIRST_PRICE))
        .conversions(ConversionModel.constant(0.04)).build();
    a.upsert(c);
    assertThat(a.run("lamp", AuctionContext.of(1, T)).slots().get(0).bidMicros()).isEqualTo(2 * D); // 0.04 × 50
  }

  @Test
  void unsignedRun_hasNoTokens_andSignClickProducesAVerifiableOne() {
    KeywordAuction a = auction(new BudgetLedger(), camp("c1", "a1", 100 * D, 3 * D, "lamp", MatchType.BROAD));
    AuctionResult r = a.run(List.of("lamp"), AuctionContext.of(9, T), false);
    AdSlot s = r.slots().get(0);
    assertThat(s.clickToken()).isNull();
    TokenVerification v = a.verifyClick(a.signClick(9, s, T), T);
    assertThat(((TokenVerification.Valid) v).token().priceMicros()).isEqualTo(s.priceMicros());
    assertThat(a.run("lamp", AuctionContext.of(9, T)).slots().get(0).withoutToken()).isEqualTo(s);
  }
}
