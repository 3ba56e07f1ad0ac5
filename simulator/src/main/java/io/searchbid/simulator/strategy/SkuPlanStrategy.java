package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import io.searchbid.simulator.scenario.ProductSpec;
import java.util.List;
import java.util.function.Supplier;

/**
 * SKU plan: one cheap "traffic" SKU ({@code trafficSku}, priced at {@code trafficPrice}, default its
 * unit cost) makes the listing show a low price and pulls clicks; the other SKUs are priced at
 * {@code profitMarkupPercent} over their cost (default: keep their listed prices). After
 * {@code raiseAfterDays} days (0 = never) the traffic SKU goes to {@code trafficPriceAfter}
 * (default its listed price). Manual bid {@code maxCpc}.
 */
final class SkuPlanStrategy implements SellerStrategy {
  private final String trafficSku;
  private final Long trafficPriceMicros;
  private final Double markupPercent;
  private final int raiseAfterDays;
  private final Long trafficPriceAfterMicros;
  private final long cpcMicros;
  private final Long budgetMicros;

  private SkuPlanStrategy(String trafficSku, Long trafficPriceMicros, Double markupPercent, int raiseAfterDays,
      Long trafficPriceAfterMicros, long cpcMicros, Long budgetMicros) {
    this.trafficSku = trafficSku;
    this.trafficPriceMicros = trafficPriceMicros;
    this.markupPercent = markupPercent;
    this.raiseAfterDays = raiseAfterDays;
    this.trafficPriceAfterMicros = trafficPriceAfterMicros;
    this.cpcMicros = cpcMicros;
    this.budgetMicros = budgetMicros;
  }

  static Supplier<SellerStrategy> bind(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    String sku = n.requiredStr("trafficSku");
    boolean found = false;
    for (ProductSpec p : ctx.products()) for (ProductSpec.SkuSpec k : p.skus()) found |= k.id().equals(sku);
    if (!sku.isBlank() && !found) n.problem("trafficSku", "no SKU '" + sku + "' among the seller's products' skus");
    Long tp = n.has("trafficPrice") ? n.money("trafficPrice", 1, 1, Money.MAX_MICROS) : null;
    Double markup = n.has("profitMarkupPercent") ? n.number("profitMarkupPercent", 30, 0, 10_000) : null;
    int raise = n.integer("raiseAfterDays", 0, 0, 3650);
    Long after = n.has("trafficPriceAfter") ? n.money("trafficPriceAfter", 1, 1, Money.MAX_MICROS) : null;
    long cpc = n.money("maxCpc", 600_000L, 0, Money.MAX_MICROS);
    Long budget = n.has("dailyBudget") ? n.money("dailyBudget", 0, 0, Money.MAX_MICROS) : null;
    return () -> new SkuPlanStrategy(sku, tp, markup, raise, after, cpc, budget);
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current().withBidding(Bidding.manual(cpcMicros));
    if (budgetMicros != null) p = p.withBudget(budgetMicros);
    boolean raised = raiseAfterDays > 0 && view.today() >= raiseAfterDays;
    for (ProductState ps : view.products()) {
      for (ProductState.Sku k : ps.skus()) {
        if (k.id().equals(trafficSku)) {
          long listed = view.initial().skuPriceMicros().getOrDefault(k.id(), k.priceMicros());
          long price = raised
              ? (trafficPriceAfterMicros != null ? trafficPriceAfterMicros : listed)
              : (trafficPriceMicros != null ? trafficPriceMicros : Math.max(1, k.unitCostMicros()));
          p = p.withSkuPrice(k.id(), price);
        } else if (markupPercent != null && view.today() == 0) {
          p = p.withSkuPrice(k.id(), Math.max(1, Math.round(k.unitCostMicros() * (1 + markupPercent / 100))));
        }
      }
    }
    if (raised && view.today() == raiseAfterDays) p = p.withNotes(List.of("day " + view.today() + ": traffic SKU " + trafficSku + " raised"));
    return p;
  }
}
