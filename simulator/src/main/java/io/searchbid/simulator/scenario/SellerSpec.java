package io.searchbid.simulator.scenario;

import java.util.List;

/**
 * A seller the scenario describes explicitly (competitors generated from the catalog are added at
 * run time).
 *
 * @param id               unique; variants override sellers by id
 * @param products         at least one
 * @param keywords         keywords the seller bids on (each also the seed of manual bids)
 * @param dailyBudgetMicros starting daily ad budget
 * @param strategy         how the seller decides prices, bids, budgets and activities
 */
public record SellerSpec(
    String id, List<ProductSpec> products, List<String> keywords, long dailyBudgetMicros, StrategySpec strategy) {
  public SellerSpec {
    products = List.copyOf(products);
    keywords = List.copyOf(keywords);
  }
}
