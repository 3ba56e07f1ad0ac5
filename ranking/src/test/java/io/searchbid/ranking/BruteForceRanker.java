package io.searchbid.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.SmallFloat;

/**
 * The dumb reference for the ranking duel: evaluates the documented formula (RankingProfile Javadoc)
 * on every product with an independent BM25 (Robertson/Lucene variant, k1 = 1.2, b = 0.75, document
 * length stored with Lucene's 1-byte norm encoding), no index involved.
 *
 * <p>Products are kept in write order (an upsert moves a product to the end), which is the documented
 * tie-break "write order". Only the token lists come from {@link TextAnalysis}: the duel checks the
 * ranking, the analysis has its own tests.
 */
final class BruteForceRanker {
  static final double K1 = 1.2;
  static final double B = 0.75;

  private final LinkedHashMap<String, Product> products = new LinkedHashMap<>();
  private final Map<String, List<String>> tokenCache = new HashMap<>();

  void upsert(Product p) {
    products.remove(p.productId());
    products.put(p.productId(), p);
  }

  void delete(String id) {
    products.remove(id);
  }

  void updateSignals(String id, Signals s) {
    Product p = products.get(id);
    if (p != null) {
      products.put(id, p.withSignals(s)); // replacing a value keeps its position
    }
  }

  record Ranked(String productId, double score, float bm25) {}

  /** The full ranked list after filters for the request (before cutting the page). */
  List<Ranked> rank(SearchRequest req, RankingProfile profile) {
    List<String> queryTerms = new ArrayList<>(new LinkedHashSet<>(TextAnalysis.tokens(req.text())));
    // collection statistics over every product with a non-empty title field
    List<Product> all = new ArrayList<>(products.values());
    Map<Product, List<String>> tokens = new HashMap<>();
    long docCount = 0;
    long sumLen = 0;
    Map<String, Integer> df = new HashMap<>();
    for (Product p : all) {
      List<String> t = tokenCache.computeIfAbsent(p.title(), TextAnalysis::tokens);
      tokens.put(p, t);
      if (!t.isEmpty()) {
        docCount++;
        sumLen += t.size();
      }
      for (String term : new LinkedHashSet<>(t)) {
        df.merge(term, 1, Integer::sum);
      }
    }
    float avgdl = (float) (sumLen / (double) docCount);
    Map<String, Long> medians = medians(all);

    record Cand(Product p, float bm25, int order) {}
    List<Cand> cands = new ArrayList<>();
    int order = 0;
    for (Product p : all) {
      order++;
      if (req.category() != null && !req.category().equals(p.category())) continue;
      if (req.brand() != null && !req.brand().equals(p.brand())) continue;
      if (p.priceMicros() < req.minPriceMicros() || p.priceMicros() > req.maxPriceMicros()) continue;
      List<String> t = tokens.get(p);
      int dl = SmallFloat.byte4ToInt(SmallFloat.intToByte4(t.size()));
      double sum = 0;
      boolean matched = false;
      for (String q : queryTerms) {
        int tf = 0;
        for (String x : t) {
          if (x.equals(q)) tf++;
        }
        if (tf == 0) continue;
        matched = true;
        int n = df.get(q);
        float idf = (float) Math.log(1 + (docCount - n + 0.5D) / (n + 0.5D));
        float normInverse = (float) (1f / (K1 * ((1 - B) + B * dl / avgdl)));
        float w = idf;
        sum += w - w / (1f + tf * normInverse);
      }
      if (matched) {
        cands.add(new Cand(p, (float) sum, order));
      }
    }
    cands.sort(Comparator.comparingDouble((Cand c) -> -c.bm25).thenComparingInt(c -> c.order));
    if (profile.blend() && cands.size() > profile.candidates()) {
      cands = new ArrayList<>(cands.subList(0, profile.candidates()));
    }
    List<Ranked> out = new ArrayList<>();
    for (Cand c : cands) {
      double score = c.bm25;
      if (profile.blend()) {
        Signals s = c.p.signals();
        score = c.bm25 * Math.exp(profile.logMultiplier(s.sales7d(), s.sales30d(), s.impressions(),
            s.clicks(), s.orders(), s.rating(), s.reviewCount(), c.p.priceMicros(),
            medians.get(c.p.category())));
      }
      out.add(new Ranked(c.p.productId(), score, c.bm25));
    }
    // stable sort keeps BM25 order for equal scores
    out.sort(Comparator.comparingDouble((Ranked r) -> -r.score));
    return out;
  }

  /** Median listing price per category over live products: the lower middle for even counts. */
  static Map<String, Long> medians(List<Product> all) {
    Map<String, List<Long>> byCat = new HashMap<>();
    for (Product p : all) {
      byCat.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p.priceMicros());
    }
    Map<String, Long> out = new HashMap<>();
    byCat.forEach((k, v) -> {
      v.sort(null);
      out.put(k, v.get((v.size() - 1) / 2));
    });
    return out;
  }
}
