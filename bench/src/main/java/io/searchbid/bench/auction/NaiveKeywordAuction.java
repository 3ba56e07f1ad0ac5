package io.searchbid.bench.auction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baseline of the full auction: what a first version would do. Keywords in a hash map from each
 * token to the keywords containing it; a query collects every keyword sharing a token, checks the
 * match type on token lists, keeps the best keyword per ad group in a map, then runs the
 * {@link NaiveAuction}. Quality is a per-ad-group constant here (no learning), so the baseline does
 * strictly less modelling than the real auction.
 */
public final class NaiveKeywordAuction {

  public enum Match { EXACT, PHRASE, BROAD }

  public record Kw(int adGroup, List<String> tokens, Match match, long bidMicros, double quality) {}

  private final Map<String, List<Kw>> byToken = new HashMap<>();
  private final double[] slotClickRates;
  private final NaiveAuction.Rule rule;

  public NaiveKeywordAuction(List<Kw> keywords, double[] slotClickRates, NaiveAuction.Rule rule) {
    for (Kw k : keywords) {
      for (String t : new java.util.LinkedHashSet<>(k.tokens())) {
        byToken.computeIfAbsent(t, x -> new ArrayList<>()).add(k);
      }
    }
    this.slotClickRates = slotClickRates.clone();
    this.rule = rule;
  }

  /** Every ad group with a matching keyword, the most specific match type (then highest bid) representing it. */
  public List<Kw> match(List<String> query) {
    Map<Integer, Kw> best = new LinkedHashMap<>();
    for (String t : query) {
      List<Kw> list = byToken.get(t);
      if (list == null) {
        continue;
      }
      for (Kw k : list) {
        if (!matches(k, query)) {
          continue;
        }
        Kw cur = best.get(k.adGroup());
        if (cur == null || k.match().ordinal() < cur.match().ordinal()
            || (k.match() == cur.match() && k.bidMicros() > cur.bidMicros())) {
          best.put(k.adGroup(), k);
        }
      }
    }
    return new ArrayList<>(best.values());
  }

  public List<NaiveAuction.Slot> run(List<String> query) {
    List<Kw> m = match(query);
    List<NaiveAuction.Bid> bids = new ArrayList<>(m.size());
    for (Kw k : m) {
      bids.add(new NaiveAuction.Bid(k.adGroup(), k.bidMicros(), k.quality()));
    }
    return NaiveAuction.run(bids, slotClickRates, 0, 0, rule);
  }

  static boolean matches(Kw k, List<String> q) {
    List<String> t = k.tokens();
    return switch (k.match()) {
      case EXACT -> t.equals(q);
      case PHRASE -> java.util.Collections.indexOfSubList(q, t) >= 0;
      case BROAD -> q.containsAll(t);
    };
  }


  static String join(List<String> t) {
    return String.join(" ", t);
  }

  static List<String> split(String s) {
    return Arrays.asList(s.split(" "));
  }
}
