package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.PositionAuction.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked examples with known answers. Money in micros: $1 = 1,000,000.
 *
 * <p>Edelman, Ostrovsky &amp; Schwarz (2007), "Internet Advertising and the Generalized Second-Price
 * Auction", AER 97(1), Section I example: two slots receiving 200 and 100 clicks per hour, three
 * advertisers with values per click $10, $4, $2. Click rates enter prices only through their ratio, so
 * they are scaled to 0.2 and 0.1 here (the calculator takes probabilities).
 */
class PositionAuctionTextbookTest {
  static final long D = 1_000_000; // one dollar in micros
  static final double[] EOS_SLOTS = {0.2, 0.1};

  @Test
  void gsp_eosExample_truthfulBids_pay4And2() {
    // GSP, everyone bids its value: slot 1 pays the 2nd bid ($4), slot 2 pays the 3rd bid ($2).
    List<Placement> p = PositionAuction.auction(
        new long[] {10 * D, 4 * D, 2 * D}, new double[] {1, 1, 1}, EOS_SLOTS, 0, 0, 0, PricingRule.GSP);
    assertThat(p).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(4 * D, 2 * D);
  }

  @Test
  void vcg_eosExample_pays3And2PerClick() {
    // VCG: advertiser 2 (slot 2) removes 100 clicks × $2 from advertiser 3 → pays $200 = $2/click.
    // Advertiser 1 (slot 1): without it, adv 2 would get 200 clicks (+100 × $4) and adv 3 100 clicks
    // (+100 × $2): externality = 100·4 + 100·2 = $600 over its 200 clicks = $3 per click.
    List<Placement> p = PositionAuction.auction(
        new long[] {10 * D, 4 * D, 2 * D}, new double[] {1, 1, 1}, EOS_SLOTS, 0, 0, 0, PricingRule.VCG);
    assertThat(p).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(3 * D, 2 * D);
  }

  @Test
  void firstPrice_eosExample_paysOwnBids() {
    List<Placement> p = PositionAuction.auction(
        new long[] {10 * D, 4 * D, 2 * D}, new double[] {1, 1, 1}, EOS_SLOTS, 0, 0, 0, PricingRule.FIRST_PRICE);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(10 * D, 4 * D);
  }

  /**
   * Quality-weighted position auction [Varian 2007, "Position auctions", IJIO 25(6), §3 and §6; the
   * "rank by bid × quality, pay next rank ÷ own quality" rule]. Bids $4, $3, $2 with qualities 0.8,
   * 1.0, 1.0 → ranks 3.2, 3.0, 2.0: order a, b, c.
   *
   * <p>GSP: a pays 3.0/0.8 = $3.75; b pays 2.0/1.0 = $2.00.
   * VCG (α = 0.2, 0.1): b pays (0.1 − 0)·2.0 / (0.1·1.0) = $2.00; a pays
   * [(0.2 − 0.1)·3.0 + (0.1 − 0)·2.0] / (0.2·0.8) = 0.5 / 0.16 = $3.125.
   */
  @Test
  void gspAndVcg_withQuality_matchHandComputedPrices() {
    long[] bids = {4 * D, 3 * D, 2 * D};
    double[] q = {0.8, 1.0, 1.0};
    List<Placement> gsp = PositionAuction.auction(bids, q, EOS_SLOTS, 0, 0, 0, PricingRule.GSP);
    assertThat(gsp).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(gsp).extracting(Placement::priceMicros).containsExactly(3_750_000L, 2_000_000L);
    List<Placement> vcg = PositionAuction.auction(bids, q, EOS_SLOTS, 0, 0, 0, PricingRule.VCG);
    assertThat(vcg).extracting(Placement::priceMicros).containsExactly(3_125_000L, 2_000_000L);
  }

  @Test
  void secondPrice_singleBidder_paysReserve() {
    List<Placement> p = PositionAuction.auction(
        new long[] {5 * D}, new double[] {1}, new double[] {0.3}, D, 0, 0, PricingRule.GSP);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(D);
  }

  @Test
  void gsp_bidBelowReserve_isNotShown_andDoesNotSetPrices() {
    // c bids $0.50 under the $1 reserve: b becomes last and pays the reserve, not c's bid.
    List<Placement> p = PositionAuction.auction(
        new long[] {3 * D, 2 * D, D / 2}, new double[] {1, 1, 1}, new double[] {0.3, 0.2, 0.1}, D, 0, 0, PricingRule.GSP);
    assertThat(p).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(2 * D, D);
  }

  @Test
  void gsp_increment_isAddedToNextRank() {
    // a pays b's $3 plus a one-cent increment; b, the last ad, pays the reserve (0).
    List<Placement> p = PositionAuction.auction(
        new long[] {5 * D, 3 * D}, new double[] {1, 1}, new double[] {0.3, 0.2}, 0, 0, 10_000, PricingRule.GSP);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(3_010_000L, 0L);
  }

  @Test
  void gsp_minAdRank_excludesLowRanks_andFloorsThePrice() {
    // threshold 2.5 (bid × quality, in micros): c (rank 2.0) is not shown; b pays the threshold's
    // price 2.5/1.0 = $2.50 rather than 0; a pays b's rank 3.0.
    List<Placement> p = PositionAuction.auction(new long[] {4 * D, 3 * D, 2 * D}, new double[] {1, 1, 1},
        new double[] {0.3, 0.2, 0.1}, 0, 2.5 * D, 0, PricingRule.GSP);
    assertThat(p).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(p).extracting(Placement::priceMicros).containsExactly(3 * D, 2_500_000L);
  }

  @Test
  void gsp_priceNeverExceedsBid_whenIncrementWouldPushAbove() {
    // tie at $3: a wins (earlier index) and would pay 3 + 0.01, capped at its bid $3.
    List<Placement> p = PositionAuction.auction(
        new long[] {3 * D, 3 * D}, new double[] {1, 1}, new double[] {0.3, 0.2}, 0, 0, 10_000, PricingRule.GSP);
    assertThat(p).extracting(Placement::bidder).containsExactly(0, 1);
    assertThat(p.get(0).priceMicros()).isEqualTo(3 * D);
  }
}
