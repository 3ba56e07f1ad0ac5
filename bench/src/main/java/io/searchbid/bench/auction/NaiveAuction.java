package io.searchbid.bench.auction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The baseline of the auction suite: a deliberately plain sort-and-scan position auction, written
 * here (not in the auction module) so the optimised auction is compared with an independent
 * implementation. Objects per bid, a comparator sort, a list of results: what one writes first.
 *
 * <p>Pricing per click, with ad rank = bid × quality, slots sorted by rank (ties: lower id first):
 * GSP pays {@code rank_{k+1} / quality_k + increment} capped at the own bid [Edelman, Ostrovsky,
 * Schwarz 2007]; VCG for position auctions pays the externality
 * {@code sum_{j>k} (ctr_{j-1} - ctr_j) · rank_j / (ctr_k · quality_k)} [Varian 2007, Aggarwal et al.
 * 2006]; first price pays the own bid. Every price is at least the reserve; a bid below the reserve
 * is not shown.
 */
public final class NaiveAuction {

  public enum Rule { GSP, VCG, FIRST_PRICE }

  public record Bid(int id, long bidMicros, double quality) {
    double rank() {
      return bidMicros * quality;
    }
  }

  public record Slot(int slot, int id, long priceMicros) {}

  private NaiveAuction() {}

  public static List<Slot> run(List<Bid> bids, double[] slotClickRates, long reserveMicros, long incrementMicros, Rule rule) {
    List<Bid> eligible = new ArrayList<>();
    for (Bid b : bids) {
      if (b.bidMicros() >= reserveMicros && b.quality() > 0) {
        eligible.add(b);
      }
    }
    eligible.sort(Comparator.comparingDouble(Bid::rank).reversed().thenComparingInt(Bid::id));
    int shown = Math.min(slotClickRates.length, eligible.size());
    List<Slot> out = new ArrayList<>(shown);
    for (int k = 0; k < shown; k++) {
      Bid b = eligible.get(k);
      double price;
      switch (rule) {
        case FIRST_PRICE -> price = b.bidMicros();
        case GSP -> {
          double next = k + 1 < eligible.size() ? eligible.get(k + 1).rank() : 0;
          price = next / b.quality() + incrementMicros;
        }
        case VCG -> {
          double externality = 0;
          for (int j = k + 1; j <= shown && j < eligible.size(); j++) {
            double above = slotClickRates[j - 1];
            double here = j < slotClickRates.length ? slotClickRates[j] : 0;
            externality += (above - here) * eligible.get(j).rank();
          }
          price = externality / (slotClickRates[k] * b.quality());
        }
        default -> throw new AssertionError(rule);
      }
      long p = (long) Math.ceil(price);
      p = Math.min(p, b.bidMicros());
      p = Math.max(p, reserveMicros);
      out.add(new Slot(k + 1, b.id(), p));
    }
    return out;
  }
}
