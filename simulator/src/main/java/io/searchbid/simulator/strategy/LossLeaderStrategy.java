package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loss-leader launch: sell at cost (or {@code launchBelowCostPercent} under it, or at an explicit
 * {@code launchPrice}) with high manual bids ({@code launchMaxCpc}) and a launch budget for
 * {@code launchDays} days or until {@code launchSales} units are sold, whichever comes first;
 * optionally enrolled in {@code activities} meanwhile. Then raise the price to {@code finalPrice}
 * (default the listing price) in {@code priceSteps} steps {@code stepDays} apart and switch to
 * target ROAS ({@code afterRoas}, capped at {@code afterMaxCpc}; or, with {@code afterBidding: manual},
 * a manual bid of {@code afterMaxCpc}) with {@code afterDailyBudget}.
 */
final class LossLeaderStrategy implements SellerStrategy {
  private final Long launchPriceMicros;
  private final double belowCostPercent;
  private final int launchDays;
  private final long launchSales;
  private final long launchCpcMicros;
  private final Long launchBudgetMicros;
  private final int priceSteps;
  private final int stepDays;
  private final Long finalPriceMicros;
  private final double afterRoas;
  private final long afterCpcMicros;
  private final Long afterBudgetMicros;
  private final List<String> activities;
  private final boolean afterManual;

  private int launchEndedOn = -1; // first day after the launch

  private LossLeaderStrategy(
      Long launchPriceMicros, double belowCostPercent, int launchDays, long launchSales, long launchCpcMicros,
      Long launchBudgetMicros, int priceSteps, int stepDays, Long finalPriceMicros, double afterRoas,
      long afterCpcMicros, Long afterBudgetMicros, List<String> activities, boolean afterManual) {
    this.launchPriceMicros = launchPriceMicros;
    this.belowCostPercent = belowCostPercent;
    this.launchDays = launchDays;
    this.launchSales = launchSales;
    this.launchCpcMicros = launchCpcMicros;
    this.launchBudgetMicros = launchBudgetMicros;
    this.priceSteps = priceSteps;
    this.stepDays = stepDays;
    this.finalPriceMicros = finalPriceMicros;
    this.afterRoas = afterRoas;
    this.afterCpcMicros = afterCpcMicros;
    this.afterBudgetMicros = afterBudgetMicros;
    this.activities = List.copyOf(activities);
    this.afterManual = afterManual;
  }

  static Supplier<SellerStrategy> bind(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    Long launchPrice = n.has("launchPrice") ? n.money("launchPrice", 1, 1, Money.MAX_MICROS) : null;
    double below = n.number("launchBelowCostPercent", 0.0, 0.0, 90.0);
    if (launchPrice != null && n.has("launchBelowCostPercent")) {
      n.problem("launchBelowCostPercent", "give either launchPrice or launchBelowCostPercent, not both");
    }
    int days = n.integer("launchDays", 14, 1, 3650);
    long sales = n.integer("launchSales", 0L, 0L, Long.MAX_VALUE);
    long cpc = n.money("launchMaxCpc", 1_500_000L, 0, Money.MAX_MICROS);
    Long budget = n.has("launchDailyBudget") ? n.money("launchDailyBudget", 0, 0, Money.MAX_MICROS) : null;
    int steps = n.integer("priceSteps", 3, 1, 100);
    int stepDays = n.integer("stepDays", 3, 1, 365);
    Long fin = n.has("finalPrice") ? n.money("finalPrice", 1, 1, Money.MAX_MICROS) : null;
    double roas = n.number("afterRoas", 3.0, 0.01, 1000);
    long afterCpc = n.money("afterMaxCpc", 1_000_000L, 1, Money.MAX_MICROS);
    Long afterBudget = n.has("afterDailyBudget") ? n.money("afterDailyBudget", 0, 0, Money.MAX_MICROS) : null;
    boolean manual = "manual".equals(n.choice("afterBidding", "targetRoas", "targetRoas", "manual"));
    List<String> acts = n.strList("activities");
    for (int i = 0; i < acts.size(); i++) {
      if (!ctx.activities().contains(acts.get(i))) {
        n.problem("activities[" + i + "]", "no activity named '" + acts.get(i) + "' in activities");
      }
    }
    return () -> new LossLeaderStrategy(launchPrice, below, days, sales, cpc, budget, steps, stepDays, fin, roas, afterCpc, afterBudget, acts, manual);
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current();
    int today = view.today();
    boolean launching = launchEndedOn < 0 && today < launchDays && (launchSales == 0 || Plans.salesSoFar(view) < launchSales);
    if (launching) {
      for (ProductState ps : view.products()) {
        long cost = ps.unitCostMicros();
        long price = launchPriceMicros != null ? launchPriceMicros : Math.max(1, Math.round(cost * (1 - belowCostPercent / 100)));
        p = Plans.setPrice(p, ps, price);
      }
      p = p.withBidding(Bidding.manual(launchCpcMicros))
          .withBudget(launchBudgetMicros != null ? launchBudgetMicros : view.initial().dailyBudgetMicros() * 2);
      Map<String, Set<String>> e = new HashMap<>();
      Set<String> ids = new HashSet<>();
      for (ProductState ps : view.products()) ids.add(ps.id());
      for (String a : activities) e.put(a, ids);
      return p.withEnrolments(e);
    }
    List<String> notes = new ArrayList<>();
    if (launchEndedOn < 0) {
      launchEndedOn = today;
      notes.add("day " + today + ": launch over after " + Plans.salesSoFar(view) + " units; raising the price in " + priceSteps + " steps");
    }
    int k = Math.min(priceSteps, 1 + (today - launchEndedOn) / stepDays);
    for (ProductState ps : view.products()) {
      long cost = ps.unitCostMicros();
      long from = launchPriceMicros != null ? launchPriceMicros : Math.max(1, Math.round(cost * (1 - belowCostPercent / 100)));
      long to = finalPriceMicros != null ? finalPriceMicros : Plans.listPrice(view.initial(), ps);
      p = Plans.setPrice(p, ps, Plans.step(from, to, k, priceSteps));
    }
    p = p.withBidding(afterManual ? Bidding.manual(afterCpcMicros) : Bidding.targetRoas(afterRoas, afterCpcMicros))
        .withBudget(afterBudgetMicros != null ? afterBudgetMicros : view.initial().dailyBudgetMicros())
        .withEnrolments(Map.of());
    return notes.isEmpty() ? p : p.withNotes(notes);
  }
}
