package io.searchbid.simulator.sim;

import io.searchbid.simulator.strategy.SellerDay;
import java.util.List;

/**
 * Everything one replicate of one variant produced: each reported seller's daily reports.
 *
 * @param seed      the replicate's seed (the same for replicate r of every variant)
 * @param searches  searches simulated over the horizon
 * @param sellers   reported sellers: the scenario's sellers first (in file order), then competitors
 */
public record ReplicateResult(String variant, int replicate, long seed, long searches, List<SellerSeries> sellers) {
  public ReplicateResult {
    sellers = List.copyOf(sellers);
  }

  /** One seller's days, oldest first. */
  public record SellerSeries(String sellerId, boolean competitor, String strategy, List<SellerDay> days) {
    public SellerSeries {
      days = List.copyOf(days);
    }

    public long totalProfitMicros() {
      long s = 0;
      for (SellerDay d : days) s += d.profitMicros();
      return s;
    }
  }

  public SellerSeries seller(String id) {
    for (SellerSeries s : sellers) if (s.sellerId().equals(id)) return s;
    return null;
  }
}
