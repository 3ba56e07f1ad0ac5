package io.searchbid.simulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.AdIndex;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.AuctionContext;
import io.searchbid.auction.AuctionResult;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.auction.Keyword;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.PricingRule;
import io.searchbid.engine.RankingTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Textbook revenue of the auction core the simulator drives (the same {@link KeywordAuction} setup,
 * tokenizer and pricing as {@link MarketEngine}): n symmetric bidders with values uniform on [0, 1]
 * bidding truthfully for one slot. Second price: E[revenue] = E[2nd highest of n] = (n−1)/(n+1).
 * With Myerson's optimal reserve 0.5 and n = 2: E = 5/12 (Myerson 1981; Krishna, Auction Theory,
 * §2.5). Asserted within 4 standard errors of the Monte Carlo mean.
 */
class MechanismTest {

  @ParameterizedTest(name = "n={0}, reserve={1} -> {2}")
  @CsvSource({"2, 0.0, 0.333333333", "3, 0.0, 0.5", "5, 0.0, 0.666666667", "2, 0.5, 0.416666667"})
  void secondPrice_uniformValues_meanRevenueMatchesTheory(int n, double reserve, double expected) {
    long unit = 1_000_000L;
    AuctionConfig cfg = new AuctionConfig(PricingRule.GSP, List.of(0.1), Math.round(reserve * unit), 0, 0, true);
    AdIndex index = new AdIndex(RankingTokenizer.INSTANCE);
    ClickTokenCodec codec = new ClickTokenCodec(ClickKeyRing.single("t", "mechanism-test-secret-key".getBytes(StandardCharsets.UTF_8)), 60_000, 1000);
    KeywordAuction auction = KeywordAuction.builder(index, codec).config(cfg).build();
    SplittableRandom rnd = new SplittableRandom(2024 + n);
    int trials = 12_000;
    double sum = 0;
    double sumSq = 0;
    long now = 1_767_571_200_000L; // 2026-01-05T00:00Z
    for (int t = 0; t < trials; t++) {
      for (int i = 0; i < n; i++) {
        long value = 1 + (long) (rnd.nextDouble() * (unit - 1)); // truthful: bid = value, in micros
        AdGroup g = new AdGroup("g" + i, "p" + i, "widgets", value, List.of(Keyword.of("blue widget", MatchType.EXACT, value)), List.of());
        auction.upsert(Campaign.simple("c" + i, "a" + i, Long.MAX_VALUE / 4, List.of(g)));
      }
      AuctionResult r = auction.run("blue widget", AuctionContext.of(t, now));
      double rev = r.slots().isEmpty() ? 0 : r.slots().get(0).priceMicros() / (double) unit;
      sum += rev;
      sumSq += rev * rev;
    }
    double mean = sum / trials;
    double se = Math.sqrt((sumSq / trials - mean * mean) / trials);
    assertThat(mean).isCloseTo(expected, org.assertj.core.data.Offset.offset(4 * se + 1e-6));
  }
}
