package io.searchbid.simulator.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.Signals;
import io.searchbid.ranking.Sku;
import io.searchbid.ranking.TextAnalysis;
import io.searchbid.simulator.scenario.CompetitorSpec;
import io.searchbid.simulator.scenario.Money;
import io.searchbid.simulator.scenario.ProductSpec;
import io.searchbid.simulator.scenario.Scenario;
import io.searchbid.simulator.scenario.ScenarioException;
import io.searchbid.simulator.scenario.SellerSpec;
import io.searchbid.simulator.scenario.StrategySpec;
import io.searchbid.simulator.scenario.TrafficSpec;
import io.searchbid.simulator.strategy.Strategies;
import io.searchbid.simulator.traffic.ReplayTraffic;
import io.searchbid.simulator.traffic.SyntheticTraffic;
import io.searchbid.simulator.traffic.TrafficCurve;
import io.searchbid.simulator.traffic.TrafficLog;
import io.searchbid.simulator.traffic.TrafficSource;
import io.searchbid.simulator.traffic.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The market of one variant, shared read-only by its replicates: the product catalog (generated or
 * read, plus the scenario sellers' products), the unit costs and hidden appeal of every product,
 * the active sellers (scenario sellers first, then competitors drawn from the catalog's biggest
 * shops with strategies from the mix), the query vocabulary and the traffic source. Built once per
 * variant, deterministically from the scenario (competitors from the scenario seed, not the
 * replicate's, so every replicate faces the same rivals). Immutable.
 */
public final class World {
  /** Simulated day 0 is this date moved to the scenario's start day of week (2026-01-05 is a Monday). */
  public static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

  /** An active seller: a scenario seller or a generated competitor. */
  public record SellerDef(
      String id, boolean competitor, List<String> productIds, List<String> advertisedIds, List<String> keywords,
      long dailyBudgetMicros, StrategySpec strategy, Strategies.Context context) {
    public SellerDef {
      productIds = List.copyOf(productIds);
      advertisedIds = List.copyOf(advertisedIds);
      keywords = List.copyOf(keywords);
    }
  }

  /** Cost and hidden attributes of a product (not in the index). */
  public record ProductFacts(long[] skuCostMicros, double[] skuAppeal, double appeal, double quality) {}

  final Scenario scenario;
  final List<Product> products;
  final Map<String, ProductFacts> facts;
  final List<SellerDef> sellers;
  final TrafficSource traffic;
  final Vocabulary vocabulary;
  final List<String> segmentNames;
  final double[] segmentShares;
  final long startEpochDay;
  final int startDow;
  final Map<String, Long> categoryMedianPrice;

  private World(Scenario scenario, List<Product> products, Map<String, ProductFacts> facts, List<SellerDef> sellers,
      TrafficSource traffic, int startDow) {
    this.scenario = scenario;
    this.products = List.copyOf(products);
    this.facts = Map.copyOf(facts);
    this.sellers = List.copyOf(sellers);
    this.traffic = traffic;
    this.vocabulary = traffic.vocabulary();
    this.segmentNames = scenario.users().segments().stream().map(s -> s.name()).toList();
    this.segmentShares = scenario.users().segments().stream().mapToDouble(s -> s.share()).toArray();
    this.startDow = startDow;
    this.startEpochDay = MONDAY.toEpochDay() + (startDow - 1);
    Map<String, List<Long>> byCat = new TreeMap<>();
    for (Product p : products) byCat.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p.priceMicros());
    Map<String, Long> med = new TreeMap<>();
    byCat.forEach((k, v) -> {
      v.sort(Long::compare);
      med.put(k, v.get(v.size() / 2));
    });
    this.categoryMedianPrice = java.util.Collections.unmodifiableMap(med);
  }

  public Scenario scenario() {
    return scenario;
  }

  public List<SellerDef> sellers() {
    return sellers;
  }

  public List<Product> products() {
    return products;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Builds the world of a scenario; {@code catalogCache} shares generated catalogs between variants. */
  public static World build(Scenario s, Map<Object, List<Product>> catalogCache) {
    List<Product> catalog = catalogCache.computeIfAbsent(s.catalog(), k -> loadCatalog(s));
    Set<String> ids = new HashSet<>();
    for (Product p : catalog) ids.add(p.productId());
    List<Product> all = new ArrayList<>(catalog.size() + 16);
    Map<String, ProductFacts> facts = new HashMap<>();
    List<SellerDef> sellers = new ArrayList<>();
    Set<String> activityNames = new HashSet<>();
    s.activities().forEach(a -> activityNames.add(a.name()));

    // traffic first: competitor keywords come from its vocabulary
    int startDow = s.traffic() instanceof TrafficSpec.Synthetic syn ? syn.startDayOfWeek() : 1;
    TrafficSource traffic = traffic(s, catalog);
    Vocabulary vocab = traffic.vocabulary();
    KeywordPicker picker = new KeywordPicker(vocab);

    Set<String> scenarioSellerIds = new HashSet<>();
    for (SellerSpec ss : s.sellers()) scenarioSellerIds.add(ss.id());
    for (SellerSpec ss : s.sellers()) {
      List<String> pids = new ArrayList<>();
      List<Product> mine = new ArrayList<>();
      for (ProductSpec ps : ss.products()) {
        if (ids.contains(ps.id())) {
          throw new ScenarioException("sellers." + ss.id() + ".products: product id '" + ps.id() + "' is already in the catalog; choose another id");
        }
        Product p = toProduct(ss.id(), ps);
        mine.add(p);
        all.add(p);
        pids.add(ps.id());
        facts.put(ps.id(), factsOf(ps));
      }
      List<String> keywords = ss.keywords().isEmpty() ? picker.pick(mine, 5) : ss.keywords();
      sellers.add(new SellerDef(ss.id(), false, pids, pids, keywords, ss.dailyBudgetMicros(), ss.strategy(),
          new Strategies.Context(ss.products(), keywords, activityNames)));
    }

    // competitors: the catalog's biggest shops
    CompetitorSpec cs = s.competitors();
    Map<String, List<Product>> bySeller = new LinkedHashMap<>();
    for (Product p : catalog) bySeller.computeIfAbsent(p.sellerId(), k -> new ArrayList<>()).add(p);
    List<String> shopIds = new ArrayList<>(bySeller.keySet());
    shopIds.removeIf(scenarioSellerIds::contains);
    // shops selling in the searched categories first, then the biggest
    Set<String> searched = new HashSet<>();
    for (int i = 0; i < vocab.size(); i++) if (!vocab.queryClass(i).isEmpty()) searched.add(vocab.queryClass(i));
    Map<String, Integer> inSearched = new HashMap<>();
    for (String id : shopIds) {
      int c = 0;
      for (Product p : bySeller.get(id)) if (searched.contains(p.category())) c++;
      inSearched.put(id, c);
    }
    shopIds.sort(Comparator.comparingInt((String id) -> -inSearched.get(id))
        .thenComparingInt(id -> -bySeller.get(id).size()).thenComparing(Comparator.naturalOrder()));
    SplittableRandom rnd = Seeds.random(s.seed(), Seeds.WORLD);
    List<String> types = new ArrayList<>(cs.strategyMix().keySet());
    double[] weights = types.stream().mapToDouble(t -> cs.strategyMix().get(t)).toArray();
    Set<String> active = new HashSet<>();
    for (int i = 0; i < Math.min(cs.count(), shopIds.size()); i++) {
      String shop = shopIds.get(i);
      active.add(shop);
      List<Product> ps = bySeller.get(shop);
      double margin = cs.marginMin() + rnd.nextDouble() * (cs.marginMax() - cs.marginMin());
      List<String> pids = new ArrayList<>();
      for (Product p : ps) {
        Product q = restock(p, cs.stock());
        all.add(q);
        pids.add(p.productId());
        facts.put(p.productId(), catalogFacts(q, margin));
      }
      long cpc = cs.minCpcMicros() + (long) (rnd.nextDouble() * (cs.maxCpcMicros() - cs.minCpcMicros()));
      long budget = cs.minDailyBudgetMicros() + (long) (rnd.nextDouble() * (cs.maxDailyBudgetMicros() - cs.minDailyBudgetMicros()));
      String type = types.get(pick(weights, rnd));
      double roas = 2 + 3 * rnd.nextDouble();
      long avgPrice = (long) ps.stream().mapToLong(Product::priceMicros).average().orElse(Money.MICROS);
      ObjectNode params = JsonNodeFactory.instance.objectNode();
      params.put("type", type);
      switch (type) {
        case "steady" -> params.put("maxCpc", Money.toUnits(Math.max(1, cpc)));
        case "targetRoas" -> {
          params.put("roas", Math.round(roas * 100) / 100.0);
          params.put("maxCpc", Money.toUnits(Math.max(1, cpc * 2)));
        }
        case "targetCpa" -> {
          params.put("cpa", Money.toUnits(Math.max(1, Math.round(avgPrice * margin * 0.5))));
          params.put("maxCpc", Money.toUnits(Math.max(1, cpc * 2)));
        }
        default -> params.put("maxCpc", Money.toUnits(Math.max(1, cpc)));
      }
      // round money to whole micros as YAML would give them
      params.fields().forEachRemaining(e -> {
        if (e.getValue().isDouble()) params.put(e.getKey(), java.math.BigDecimal.valueOf(e.getValue().doubleValue()).setScale(6, java.math.RoundingMode.HALF_UP));
      });
      List<String> kws = picker.pick(ps, cs.keywordsPerSeller());
      // a shop promotes a few hero products: those in its keywords' categories, best sellers first
      Set<String> kwClasses = new HashSet<>();
      for (String kw : kws) {
        int qi = vocab.id(kw);
        if (qi >= 0) kwClasses.add(vocab.queryClass(qi));
      }
      List<Product> heroes = new ArrayList<>(ps);
      heroes.sort(Comparator.comparing((Product p) -> !kwClasses.contains(p.category()))
          .thenComparing(p -> -p.signals().sales30d()).thenComparing(Product::productId));
      List<String> advertised = heroes.subList(0, Math.min(cs.adsPerSeller(), heroes.size())).stream().map(Product::productId).toList();
      StrategySpec spec = new StrategySpec(type, null, params, "competitors." + shop + ".strategy");
      sellers.add(new SellerDef(shop, true, pids, advertised, kws, Math.max(Money.MICROS, budget), spec,
          new Strategies.Context(List.of(), kws, activityNames)));
    }
    // passive catalog products (organic only)
    for (Product p : catalog) {
      if (active.contains(p.sellerId())) continue;
      Product q = restock(p, cs.stock());
      all.add(q);
      facts.put(p.productId(), catalogFacts(q, 0.3));
    }
    return new World(s, all, facts, sellers, traffic, startDow);
  }

  private static int pick(double[] w, SplittableRandom rnd) {
    double t = 0;
    for (double x : w) t += x;
    double u = rnd.nextDouble() * t;
    for (int i = 0; i < w.length; i++) {
      if (u < w[i]) return i;
      u -= w[i];
    }
    return w.length - 1;
  }

  private static List<Product> loadCatalog(Scenario s) {
    var c = s.catalog();
    if (c.file() != null) {
      try {
        var r = CatalogJsonl.read(c.file(), CatalogJsonl.OnBadLine.FAIL);
        return r.products();
      } catch (CatalogJsonl.CatalogFormatException e) {
        throw new ScenarioException("catalog.file: " + c.file().getFileName() + ":" + e.lineNumber() + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CatalogGenerator(c.seed(), CatalogGenerator.Language.parse(c.language())).generate(c.products());
  }

  private static TrafficSource traffic(Scenario s, List<Product> catalog) {
    double[] shares = s.users().segments().stream().mapToDouble(x -> x.share()).toArray();
    List<String> names = s.users().segments().stream().map(x -> x.name()).toList();
    if (s.traffic() instanceof TrafficSpec.Replay r) {
      TrafficLog log = TrafficLog.read(r.file(), names);
      return new ReplayTraffic(log, r.timeScale(), r.volumeScale(), r.repeat(), shares);
    }
    TrafficSpec.Synthetic syn = (TrafficSpec.Synthetic) s.traffic();
    Vocabulary v = switch (syn.vocabulary()) {
      case "list" -> Vocabulary.of(syn.queries());
      case "catalog" -> catalogVocabulary(catalog, s);
      default -> syn.queryClasses().isEmpty() ? Vocabulary.wands() : Vocabulary.wands().onlyClasses(syn.queryClasses());
    };
    TrafficCurve curve = TrafficCurve.of("bat".equals(syn.weekly()), "bat".equals(syn.intraday()));
    return new SyntheticTraffic(v, curve, syn.searchesPerDay(), syn.zipfExponent(), syn.trendPerDay(), syn.noiseSigma(),
        syn.startDayOfWeek(), shares);
  }

  /** Queries made of each category's name, most common category first (works for any language). */
  private static Vocabulary catalogVocabulary(List<Product> catalog, Scenario s) {
    Map<String, Integer> count = new HashMap<>();
    for (Product p : catalog) count.merge(p.category().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    for (SellerSpec ss : s.sellers()) for (ProductSpec ps : ss.products()) count.merge(ps.category().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    List<String> q = new ArrayList<>(count.keySet());
    q.sort(Comparator.comparingInt((String k) -> -count.get(k)).thenComparing(Comparator.naturalOrder()));
    return Vocabulary.of(q);
  }

  static Product toProduct(String sellerId, ProductSpec ps) {
    List<Sku> skus = new ArrayList<>();
    if (ps.skus().isEmpty()) {
      skus.add(new Sku(ps.id(), ps.priceMicros(), ps.stock()));
    } else {
      for (ProductSpec.SkuSpec k : ps.skus()) skus.add(new Sku(k.id(), k.priceMicros(), k.stock()));
    }
    long s30 = ps.initialSales();
    long s7 = s30 * 7 / 30;
    Signals sig = new Signals(s7, s30, 0, 0, 0, ps.reviews() == 0 ? 0.0 : ps.rating(), ps.reviews());
    return new Product(ps.id(), sellerId, ps.title(), ps.category(), sellerId, Map.of(), skus, MONDAY, sig);
  }

  private static ProductFacts factsOf(ProductSpec ps) {
    if (ps.skus().isEmpty()) {
      return new ProductFacts(new long[] {ps.unitCostMicros()}, new double[] {1.0}, ps.appeal(), ps.quality());
    }
    long[] c = new long[ps.skus().size()];
    double[] a = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = ps.skus().get(i).unitCostMicros();
      a[i] = ps.skus().get(i).appeal();
    }
    return new ProductFacts(c, a, ps.appeal(), ps.quality());
  }

  private static ProductFacts catalogFacts(Product p, double margin) {
    long[] c = new long[p.skus().size()];
    double[] a = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.max(0, Math.round(p.skus().get(i).priceMicros() * (1 - margin)));
      a[i] = 1.0;
    }
    double rating = p.signals().reviewCount() > 0 ? p.signals().rating() : 4.3;
    return new ProductFacts(c, a, 1.0, Math.max(1.0, Math.min(5.0, rating)));
  }

  private static Product restock(Product p, long stock) {
    List<Sku> skus = new ArrayList<>();
    long per = Math.max(1, stock / p.skus().size());
    for (Sku k : p.skus()) skus.add(new Sku(k.skuId(), k.priceMicros(), per));
    return p.withSkus(skus);
  }

  /** Picks the vocabulary queries that best match a seller's titles (most popular first among ties). */
  static final class KeywordPicker {
    private final Vocabulary vocab;
    private final List<Set<String>> queryTokens = new ArrayList<>();

    KeywordPicker(Vocabulary vocab) {
      this.vocab = vocab;
      for (String q : vocab.queries()) queryTokens.add(new HashSet<>(TextAnalysis.tokens(q)));
    }

    List<String> pick(List<Product> products, int k) {
      Set<String> titleTokens = new HashSet<>();
      Set<String> categories = new HashSet<>();
      for (Product p : products) {
        titleTokens.addAll(TextAnalysis.tokens(p.title()));
        categories.add(p.category());
      }
      int n = vocab.size();
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        Set<String> q = queryTokens.get(i);
        if (q.isEmpty()) continue;
        int hit = 0;
        for (String t : q) if (titleTokens.contains(t)) hit++;
        double s = hit / (double) q.size();
        if (categories.contains(vocab.queryClass(i))) s += 1.0;
        score[i] = s;
      }
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < n; i++) if (score[i] >= 0.5) idx.add(i);
      idx.sort((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
      List<String> out = new ArrayList<>();
      for (int i = 0; i < Math.min(k, idx.size()); i++) out.add(vocab.query(idx.get(i)));
      if (out.isEmpty()) out.add(products.get(0).category().toLowerCase(java.util.Locale.ROOT));
      return out;
    }
  }
}
