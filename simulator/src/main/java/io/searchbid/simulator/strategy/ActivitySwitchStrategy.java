package io.searchbid.simulator.strategy;

import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.Money;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Type A → type B. Phase A ({@code phaseADays} days or until {@code phaseASales} units): price every
 * product at the highest price the {@code activity} admits (never under {@code floorPrice}, default
 * the unit cost), enrol in it and, once a product qualifies, in the tier-2 activity {@code tier2};
 * bid {@code aMaxCpc} with {@code aDailyBudget}. Phase B: leave the activities, price at
 * {@code bPrice} (default the listing price) and advertise steadily at target ROAS {@code bRoas}
 * capped at {@code bMaxCpc}.
 */
final class ActivitySwitchStrategy implements SellerStrategy {
  private final String activity;
  private final String tier2;
  private final int phaseADays;
  private final long phaseASales;
  private final Long floorMicros;
  private final long aCpcMicros;
  private final Long aBudgetMicros;
  private final Long bPriceMicros;
  private final double bRoas;
  private final long bCpcMicros;
  private boolean inB;

  private ActivitySwitchStrategy(
      String activity, String tier2, int phaseADays, long phaseASales, Long floorMicros, long aCpcMicros,
      Long aBudgetMicros, Long bPriceMicros, double bRoas, long bCpcMicros) {
    this.activity = activity;
    this.tier2 = tier2;
    this.phaseADays = phaseADays;
    this.phaseASales = phaseASales;
    this.floorMicros = floorMicros;
    this.aCpcMicros = aCpcMicros;
    this.aBudgetMicros = aBudgetMicros;
    this.bPriceMicros = bPriceMicros;
    this.bRoas = bRoas;
    this.bCpcMicros = bCpcMicros;
  }

  static Supplier<SellerStrategy> bind(ConfigNode n, Strategies.Context ctx) {
    n.allow("type");
    String act = n.requiredStr("activity");
    if (!act.isBlank() && !ctx.activities().contains(act)) n.problem("activity", "no activity named '" + act + "' in activities");
    String t2 = n.str("tier2", null);
    if (t2 != null && !ctx.activities().contains(t2)) n.problem("tier2", "no activity named '" + t2 + "' in activities");
    int days = n.integer("phaseADays", 14, 1, 3650);
    long sales = n.integer("phaseASales", 0L, 0L, Long.MAX_VALUE);
    Long floor = n.has("floorPrice") ? n.money("floorPrice", 1, 1, Money.MAX_MICROS) : null;
    long aCpc = n.money("aMaxCpc", 800_000L, 0, Money.MAX_MICROS);
    Long aBudget = n.has("aDailyBudget") ? n.money("aDailyBudget", 0, 0, Money.MAX_MICROS) : null;
    Long bPrice = n.has("bPrice") ? n.money("bPrice", 1, 1, Money.MAX_MICROS) : null;
    double roas = n.number("bRoas", 3.0, 0.01, 1000);
    long bCpc = n.money("bMaxCpc", 1_000_000L, 1, Money.MAX_MICROS);
    return () -> new ActivitySwitchStrategy(act, t2, days, sales, floor, aCpc, aBudget, bPrice, roas, bCpc);
  }

  @Override
  public SellerPlan plan(SellerView view) {
    SellerPlan p = view.current();
    if (!inB && (view.today() >= phaseADays || (phaseASales > 0 && Plans.salesSoFar(view) >= phaseASales))) {
      inB = true;
      p = p.withNotes(List.of("day " + view.today() + ": switching to type B after " + Plans.salesSoFar(view) + " units"));
    }
    if (inB) {
      for (ProductState ps : view.products()) {
        p = Plans.setPrice(p, ps, bPriceMicros != null ? bPriceMicros : Plans.listPrice(view.initial(), ps));
      }
      return keepNotes(p, p.withBidding(Bidding.targetRoas(bRoas, bCpcMicros)).withBudget(view.initial().dailyBudgetMicros()).withEnrolments(Map.of()));
    }
    SellerView.ActivityStatus a = null;
    SellerView.ActivityStatus b = null;
    for (SellerView.ActivityStatus s : view.activities()) {
      if (s.name().equals(activity)) a = s;
      if (s.name().equals(tier2)) b = s;
    }
    Map<String, Set<String>> enrol = new HashMap<>();
    Set<String> all = new HashSet<>();
    Set<String> t2 = new HashSet<>();
    for (ProductState ps : view.products()) {
      long floor = floorMicros != null ? floorMicros : ps.unitCostMicros();
      long max = a == null ? ps.priceMicros() : a.maxPriceMicros().getOrDefault(ps.id(), ps.priceMicros());
      if (b != null && b.qualified().contains(ps.id())) {
        max = Math.min(max, b.maxPriceMicros().getOrDefault(ps.id(), max));
        t2.add(ps.id());
      }
      p = Plans.setPrice(p, ps, Math.max(floor, max));
      all.add(ps.id());
    }
    enrol.put(activity, all);
    if (tier2 != null) enrol.put(tier2, t2);
    SellerPlan out = p.withBidding(Bidding.manual(aCpcMicros))
        .withBudget(aBudgetMicros != null ? aBudgetMicros : view.initial().dailyBudgetMicros())
        .withEnrolments(enrol);
    return out;
  }

  private static SellerPlan keepNotes(SellerPlan from, SellerPlan to) {
    return from.notes().isEmpty() ? to : to.withNotes(from.notes());
  }
}
