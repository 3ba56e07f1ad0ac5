package io.searchbid.simulator.strategy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** What a seller knows when planning the next day. Read-only; valid only during the call. */
public interface SellerView {
  String sellerId();

  /** The day being planned (0 for the first plan). */
  int today();

  int horizonDays();

  /** Current state of the seller's products, in scenario order. */
  List<ProductState> products();

  List<String> keywords();

  /** One report per finished day, oldest first (empty before day 0). */
  List<SellerDay> history();

  /** The plan in force during the last day (before day 0: the plan built from the scenario). */
  SellerPlan current();

  /** The plan built from the scenario before day 0 (listing prices, the seller's budget). */
  SellerPlan initial();

  /** Rules of the platform's activities and where each product stands against them. */
  List<ActivityStatus> activities();

  /** Mean ad click-through rate of all sellers' ads yesterday, per category (what platforms show as "category average"). */
  Map<String, Double> categoryAdCtr();

  /** Median list price of the catalog per category (market study). */
  Map<String, Long> categoryMedianPriceMicros();

  /** This seller's own seeded random stream. */
  SplittableRandom random();

  /**
   * One activity as a seller sees it before enrolling.
   *
   * @param maxPriceMicros product id → highest list price admitted tomorrow (recent average price
   *                       × (100 − discount)%)
   * @param qualified      product ids that meet the sales threshold tomorrow
   * @param admittedYesterday product ids that were in the channel yesterday
   */
  record ActivityStatus(
      String name,
      String after,
      double discountPercent,
      long minSales,
      Map<String, Long> maxPriceMicros,
      java.util.Set<String> qualified,
      java.util.Set<String> admittedYesterday) {}
}
