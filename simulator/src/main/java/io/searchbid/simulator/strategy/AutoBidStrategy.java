package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import java.util.function.Supplier;

/**
 * Steady price with one of the auction core's automatic bid strategies: {@code targetRoas}
 * ({@code roas}, default 3.0), {@code targetCpa} ({@code cpa}, required) or {@code maxClicks};
 * all capped at {@code maxCpc} (default 3.00), with an optional {@code dailyBudget}.
 */
final class AutoBidStrategy implements SellerStrategy {
  private final Bidding bidding;
  private final Long budgetMicros;

  private AutoBidStrategy(Bidding bidding, Long budgetMicros) {
    this.bidding = bidding;
    this.budgetMicros = budgetMicros;
  }

  static Supplier<SellerStrategy> bindRoas(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    double roas = n.number("roas", 3.0, 0.01, 1000);
    long cap = n.money("maxCpc", 3_000_000L, 1, Money.MAX_MICROS);
    Long budget = budget(n);
    return () -> new AutoBidStrategy(Bidding.targetRoas(roas, cap), budget);
  }

  static Supplier<SellerStrategy> bindCpa(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    long cpa = n.requiredMoney("cpa", 1, Money.MAX_MICROS);
    long cap = n.money("maxCpc", 3_000_000L, 1, Money.MAX_MICROS);
    Long budget = budget(n);
    return () -> new AutoBidStrategy(Bidding.targetCpa(cpa, cap), budget);
  }

  static Supplier<SellerStrategy> bindMaxClicks(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    long cap = n.money("maxCpc", 3_000_000L, 1, Money.MAX_MICROS);
    Long budget = budget(n);
    return () -> new AutoBidStrategy(Bidding.maxClicks(cap), budget);
  }

  private static Long budget(ConfigNode n) {
    return n.has("dailyBudget") ? n.money("dailyBudget", 0, 0, Money.MAX_MICROS) : null;
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current().withBidding(bidding);
    if (budgetMicros != null) p = p.withBudget(budgetMicros);
    return p;
  }
}
