package io.searchbid.simulator.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rest of the market, generated from the catalog's sellers.
 *
 * @param count              how many catalog sellers take part as active advertisers (0 = none)
 * @param strategyMix        built-in strategy type → weight
 * @param minCpcMicros       competitors' manual CPC bids are drawn in [min, max]
 * @param maxCpcMicros       see minCpcMicros
 * @param minDailyBudgetMicros budgets drawn in [min, max]
 * @param maxDailyBudgetMicros see minDailyBudgetMicros
 * @param marginMin          unit cost = price × (1 − margin), margin drawn in [min, max]
 * @param marginMax          see marginMin
 * @param keywordsPerSeller  vocabulary queries each competitor bids on (the ones best matching its titles)
 * @param stock              starting stock of each competitor product
 * @param adsPerSeller       products each competitor advertises (its best sellers in its keywords' categories)
 */
public record CompetitorSpec(
    int count,
    Map<String, Double> strategyMix,
    long minCpcMicros,
    long maxCpcMicros,
    long minDailyBudgetMicros,
    long maxDailyBudgetMicros,
    double marginMin,
    double marginMax,
    int keywordsPerSeller,
    long stock,
    int adsPerSeller) {
  public CompetitorSpec {
    strategyMix = Collections.unmodifiableMap(new TreeMap<>(strategyMix)); // sorted: draws are deterministic
  }
}
