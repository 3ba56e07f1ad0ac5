package io.searchbid.simulator.scenario;

/**
 * A platform promotion activity: a resource slot (e.g. a deals channel) with its own share of the
 * day's traffic, admitting enrolled products that are cheap enough and have sold enough.
 *
 * @param name            referenced by strategies and by {@code after}
 * @param trafficShare    extra channel visits per search, as a share of the day's searches
 * @param discountPercent admitted only at a price ≤ (100 − discount)% of the product's recent
 *                        average price
 * @param referenceDays   days the recent average price is taken over
 * @param minSales        units sold in the last {@code salesWindowDays} needed to enter
 * @param salesWindowDays window for {@code minSales}
 * @param slots           products shown in the channel per visit
 * @param after           name of the activity this is tier 2 of, or null; then {@code minSales}
 *                        counts only units sold through that activity
 */
public record ActivitySpec(
    String name,
    double trafficShare,
    double discountPercent,
    int referenceDays,
    long minSales,
    int salesWindowDays,
    int slots,
    String after) {}
