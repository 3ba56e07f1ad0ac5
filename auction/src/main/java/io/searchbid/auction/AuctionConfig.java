package io.searchbid.auction;

import java.util.List;

/**
 * Settings of the keyword auction.
 *
 * @param rule pricing rule
 * @param slotClickRates click rate per ad slot (top first; positive, non-increasing, ≤ 1); the
 *     number of entries is the number of slots
 * @param reservePriceMicros minimum price per click, ≥ 0
 * @param minAdRank minimum ad rank (bid micros × quality, i.e. expected micros per top-slot
 *     impression) to be shown, ≥ 0
 * @param incrementMicros added to GSP prices, ≥ 0
 * @param onePerAdvertiser at most one ad per advertiser per auction (its best-ranked)
 */
public record AuctionConfig(
    PricingRule rule,
    List<Double> slotClickRates,
    long reservePriceMicros,
    double minAdRank,
    long incrementMicros,
    boolean onePerAdvertiser) {

  public AuctionConfig {
    Checks.notNull(rule, "rule", "");
    slotClickRates = List.copyOf(Checks.notNull(slotClickRates, "slotClickRates", ""));
    PositionAuction.validateSlots(slotClickRates.stream().mapToDouble(Double::doubleValue).toArray());
    if (slotClickRates.size() > 255) {
      throw new IllegalArgumentException("slots must be at most 255, got " + slotClickRates.size());
    }
    Checks.nonNegative(reservePriceMicros, "reservePriceMicros", "");
    Checks.nonNegative(incrementMicros, "incrementMicros", "");
    if (!(minAdRank >= 0) || Double.isInfinite(minAdRank)) {
      throw new IllegalArgumentException("minAdRank must be a finite number >= 0, got " + minAdRank);
    }
  }

  /** GSP, 4 slots with click rates 0.30/0.20/0.12/0.08, no reserve, no threshold, no increment. */
  public static AuctionConfig defaults() {
    return new AuctionConfig(PricingRule.GSP, List.of(0.30, 0.20, 0.12, 0.08), 0, 0, 0, true);
  }

  public AuctionConfig withRule(PricingRule newRule) {
    return new AuctionConfig(newRule, slotClickRates, reservePriceMicros, minAdRank, incrementMicros, onePerAdvertiser);
  }

  public AuctionConfig withReserve(long newReserveMicros, double newMinAdRank) {
    return new AuctionConfig(rule, slotClickRates, newReserveMicros, newMinAdRank, incrementMicros, onePerAdvertiser);
  }

  double[] slotClickRatesArray() {
    return slotClickRates.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
