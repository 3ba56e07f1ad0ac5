package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import java.util.function.Supplier;

/**
 * Steady price and a manual CPC bid on every keyword, every day. Parameters: {@code maxCpc}
 * (bid, default 0.50), optional {@code price} (every product, default the listing price) and
 * {@code dailyBudget} (default the seller's).
 */
final class SteadyStrategy implements SellerStrategy {
  private final long cpcMicros;
  private final Long budgetMicros;
  private final Long priceMicros;

  private SteadyStrategy(long cpcMicros, Long budgetMicros, Long priceMicros) {
    this.cpcMicros = cpcMicros;
    this.budgetMicros = budgetMicros;
    this.priceMicros = priceMicros;
  }

  static Supplier<SellerStrategy> bind(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    long cpc = n.money("maxCpc", 500_000L, 0, Money.MAX_MICROS);
    Long budget = n.has("dailyBudget") ? n.money("dailyBudget", 0, 0, Money.MAX_MICROS) : null;
    Long price = n.has("price") ? n.money("price", 1, 1, Money.MAX_MICROS) : null;
    return () -> new SteadyStrategy(cpc, budget, price);
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current().withBidding(Bidding.manual(cpcMicros));
    if (budgetMicros != null) p = p.withBudget(budgetMicros);
    if (priceMicros != null && view.today() == 0) p = Plans.allPrices(p, view, priceMicros);
    return p;
  }
}
