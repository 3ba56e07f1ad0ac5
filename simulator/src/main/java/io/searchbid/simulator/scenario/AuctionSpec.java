package io.searchbid.simulator.scenario;

/**
 * Auction settings handed to the production auction core.
 *
 * @param mechanism           {@code GSP}, {@code VCG} or {@code FIRST_PRICE}
 * @param slots               ad slots per result page
 * @param reserveMicros       minimum price per click
 * @param overspendAllowance  daily charges may reach budget × allowance (≥ 1)
 * @param pacing              spread budgets over the day
 */
public record AuctionSpec(
    String mechanism, int slots, long reserveMicros, double overspendAllowance, boolean pacing) {}
