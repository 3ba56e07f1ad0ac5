package io.searchbid.simulator.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.searchbid.simulator.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads scenario YAML into {@link ScenarioFile}s. Every rule broken anywhere in the file is reported
 * at once in a {@link ScenarioException}, each naming its path ({@code sellers[2].strategy.launchDays:
 * must be ≥ 1, got 0}); unknown fields are rejected. Variants are the base tree with the variant's
 * mapping merged in (see {@link #merge}), then validated like the base.
 */
public final class ScenarioLoader {
  static final long MAX_MONEY = Money.MAX_MICROS;

  /** Sistrix 2020 organic CTR by position 1..10 (28.5, 15.7, 11.0, 8.0, 7.2, 5.1, 4.0, 3.2, 2.8, 2.5 %),
   *  "Why (almost) everything you knew about Google CTR is no longer valid", sistrix.com, July 2020;
   *  normalised to position 1 and used as the examination probability of the position-based model. */
  public static final double[] SISTRIX_2020 = {
    1.0, 15.7 / 28.5, 11.0 / 28.5, 8.0 / 28.5, 7.2 / 28.5, 5.1 / 28.5, 4.0 / 28.5, 3.2 / 28.5, 2.8 / 28.5, 2.5 / 28.5
  };

  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ScenarioLoader() {}

  public static ScenarioFile load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(file + ": no such file");
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read (" + e.getMessage() + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir, file);
  }

  /** Parses YAML text; relative file paths inside are resolved against {@code baseDir}. */
  public static ScenarioFile parse(String yaml, Path baseDir, Path source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ScenarioException("not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ScenarioException("(top level): the file is empty");
    }
    if (!root.isObject()) {
      throw new ScenarioException("(top level): must be a mapping (key: value lines)");
    }
    List<String> problems = new ArrayList<>();
    ObjectNode base = ((ObjectNode) root).deepCopy();
    JsonNode variantsNode = base.remove("variants");
    String description = base.path("description").asText("");
    Scenario baseScenario = bind(ConfigNode.root(base, problems), baseDir);

    List<ScenarioFile.Variant> variants = new ArrayList<>();
    if (variantsNode != null && !variantsNode.isNull()) {
      if (!variantsNode.isArray() || variantsNode.isEmpty()) {
        problems.add("variants: must be a non-empty list of mappings, each with a name");
      } else {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variantsNode.size(); i++) {
          String vpath = "variants[" + i + "]";
          JsonNode v = variantsNode.get(i);
          if (!v.isObject()) {
            problems.add(vpath + ": must be a mapping with a name and the fields it overrides");
            continue;
          }
          ObjectNode overrides = ((ObjectNode) v).deepCopy();
          JsonNode nameNode = overrides.remove("name");
          JsonNode descNode = overrides.remove("description");
          String vname = nameNode == null || nameNode.isNull() ? "" : nameNode.asText();
          if (vname.isBlank()) {
            problems.add(vpath + ".name: is required");
            continue;
          }
          if (!names.add(vname)) {
            problems.add(vpath + ".name: duplicate variant name '" + vname + "'");
            continue;
          }
          if (overrides.has("variants")) {
            problems.add(vpath + ".variants: a variant cannot have variants");
            continue;
          }
          JsonNode merged = merge(base, overrides);
          List<String> vproblems = new ArrayList<>();
          Scenario s = bind(ConfigNode.root(merged, vproblems), baseDir);
          for (String p : vproblems) {
            String q = vpath + " (merged into the base): " + p;
            if (!problems.contains(p)) problems.add(q);
          }
          variants.add(new ScenarioFile.Variant(vname, descNode == null ? "" : descNode.asText(), s));
        }
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    if (variants.isEmpty()) variants.add(new ScenarioFile.Variant("base", "", baseScenario));
    return new ScenarioFile(source, description, baseScenario, variants);
  }

  /**
   * Deep merge of a variant into the base: mappings merge field by field, except that a mapping
   * setting {@code type} or {@code class} to something else than the base replaces it whole (a new
   * strategy does not inherit the old one's parameters); lists whose items all carry an {@code id}
   * (or a {@code name}) merge item by item on that key, new keys appended; anything else replaces.
   */
  static JsonNode merge(JsonNode base, JsonNode over) {
    if (base instanceof ObjectNode b && over instanceof ObjectNode o) {
      if (replacesWhole(b, o)) return o.deepCopy();
      ObjectNode out = b.deepCopy();
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode old = out.get(e.getKey());
        out.set(e.getKey(), old == null ? e.getValue().deepCopy() : merge(old, e.getValue()));
      }
      return out;
    }
    if (base instanceof ArrayNode b && over instanceof ArrayNode o) {
      String key = commonKey(b, o);
      if (key == null) return o.deepCopy();
      Map<String, JsonNode> byKey = new LinkedHashMap<>();
      for (JsonNode n : b) byKey.put(n.get(key).asText(), n);
      for (JsonNode n : o) {
        String k = n.get(key).asText();
        JsonNode old = byKey.get(k);
        byKey.put(k, old == null ? n.deepCopy() : merge(old, n));
      }
      ArrayNode out = b.arrayNode();
      byKey.values().forEach(out::add);
      return out;
    }
    return over.deepCopy();
  }

  private static boolean replacesWhole(ObjectNode b, ObjectNode o) {
    for (String k : List.of("type", "class")) {
      if (o.has(k) && !o.get(k).equals(b.get(k))) return true;
    }
    return false;
  }

  private static String commonKey(ArrayNode b, ArrayNode o) {
    for (String key : List.of("id", "name")) {
      boolean all = true;
      for (JsonNode n : b) all &= n.isObject() && n.hasNonNull(key);
      for (JsonNode n : o) all &= n.isObject() && n.hasNonNull(key);
      if (all) return key;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // binding

  static Scenario bind(ConfigNode root, Path baseDir) {
    String name = root.str("name", "scenario");
    root.str("description", "");
    int days = root.integer("days", 30, 1, 3650);
    long seed = root.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
    int replicates = root.integer("replicates", 4, 1, 10_000);
    String currency = root.str("currency", "¥");
    CatalogSpec catalog = catalog(root.obj("catalog"), baseDir);
    TrafficSpec traffic = traffic(root.obj("traffic"), baseDir);
    UserModelSpec users = users(root.obj("users"));
    AuctionSpec auction = auction(root.obj("auction"));
    OrganicSpec organic = organic(root.obj("organic"));
    List<ActivitySpec> activities = activities(root);
    List<SellerSpec> sellers = sellers(root, activities);
    CompetitorSpec competitors = competitors(root.obj("competitors"));
    root.rejectUnknown();
    return new Scenario(
        name, days, seed, replicates, currency, catalog, traffic, users, auction, organic, activities, sellers, competitors);
  }

  private static CatalogSpec catalog(ConfigNode n, Path baseDir) {
    int products = n.integer("products", 2000, 1, 5_000_000);
    String language = n.choice("language", "en", "en", "zh");
    long seed = n.integer("seed", 7L, Long.MIN_VALUE, Long.MAX_VALUE);
    String file = n.str("file", null);
    Path path = null;
    if (file != null) {
      path = baseDir == null ? Path.of(file) : baseDir.resolve(file);
      if (!Files.isRegularFile(path)) n.problem("file", "no such file: " + path);
      if (n.has("products")) n.problem("products", "cannot be combined with file (the file decides)");
    }
    n.rejectUnknown();
    return new CatalogSpec(products, language, seed, path);
  }

  private static TrafficSpec traffic(ConfigNode n, Path baseDir) {
    boolean syn = n.has("synthetic");
    boolean rep = n.has("replay");
    if (syn && rep) n.problem("set either synthetic or replay, not both");
    TrafficSpec out;
    if (rep) {
      ConfigNode r = n.obj("replay");
      String file = r.requiredStr("file");
      Path path = baseDir == null ? Path.of(file) : baseDir.resolve(file);
      if (!file.isBlank() && !Files.isRegularFile(path)) r.problem("file", "no such file: " + path);
      double timeScale = r.number("timeScale", 1.0, 1e-6, 1e6);
      double volumeScale = r.number("volumeScale", 1.0, 0.0, 1000.0);
      boolean repeat = r.bool("repeat", true);
      r.rejectUnknown();
      out = new TrafficSpec.Replay(path, timeScale, volumeScale, repeat);
    } else {
      ConfigNode s = n.obj("synthetic");
      long perDay = s.integer("searchesPerDay", 20_000L, 1L, 1_000_000_000L);
      String vocab = s.choice("vocabulary", "wands", "wands", "catalog", "list");
      List<String> queries = s.strList("queries");
      if ("list".equals(vocab) && queries.isEmpty()) s.problem("queries", "must list at least one query when vocabulary is list");
      if (!"list".equals(vocab) && !queries.isEmpty()) s.problem("queries", "is only used with vocabulary: list");
      for (int i = 0; i < queries.size(); i++) {
        if (queries.get(i).isBlank()) s.problem("queries[" + i + "]", "must not be empty");
      }
      List<String> classes = s.strList("queryClasses");
      if (!classes.isEmpty()) {
        if (!"wands".equals(vocab)) s.problem("queryClasses", "is only used with vocabulary: wands");
        java.util.Set<String> known = new java.util.HashSet<>();
        var w = io.searchbid.simulator.traffic.Vocabulary.wands();
        for (int i = 0; i < w.size(); i++) known.add(w.queryClass(i));
        for (int i = 0; i < classes.size(); i++) {
          if (!known.contains(classes.get(i))) s.problem("queryClasses[" + i + "]", "no WANDS query class '" + classes.get(i) + "'");
        }
      }
      double zipf = s.number("zipfExponent", 1.0, 0.0, 5.0);
      String weekly = s.choice("weekly", "bat", "bat", "flat");
      String intraday = s.choice("intraday", "bat", "bat", "flat");
      double trend = s.number("trendPerDay", 0.0, -0.5, 0.5);
      double noise = s.number("noiseSigma", 0.05, 0.0, 2.0);
      int dow = s.integer("startDayOfWeek", 1, 1, 7);
      s.rejectUnknown();
      out = new TrafficSpec.Synthetic(perDay, vocab, queries, classes, zipf, weekly, intraday, trend, noise, dow);
    }
    n.rejectUnknown();
    return out;
  }

  private static UserModelSpec users(ConfigNode n) {
    List<UserModelSpec.Segment> segments = new ArrayList<>();
    List<ConfigNode> segNodes = n.list("segments");
    if (segNodes.isEmpty() && !n.has("segments")) {
      segments.add(new UserModelSpec.Segment("price-sensitive", 0.6, 2.5, 0.9, 1.0, 0.05, 0.05));
      segments.add(new UserModelSpec.Segment("quality-seeking", 0.4, 1.0, 1.2, 3.0, 0.15, 0.10));
    } else if (segNodes.isEmpty()) {
      n.problem("segments", "must list at least one segment");
    }
    double shareSum = 0;
    Set<String> names = new HashSet<>();
    for (ConfigNode s : segNodes) {
      String name = s.requiredStr("name");
      if (!names.add(name)) s.problem("name", "duplicate segment name '" + name + "'");
      double share = s.number("share", 1.0, 0.0, 1.0);
      shareSum += share;
      segments.add(
          new UserModelSpec.Segment(
              name,
              share,
              s.number("priceElasticity", 1.5, 0.0, 20.0),
              s.number("referencePrice", 1.0, 0.05, 20.0),
              s.number("ratingWeight", 1.0, 0.0, 20.0),
              s.number("reviewWeight", 0.1, 0.0, 5.0),
              s.number("socialProofWeight", 0.05, 0.0, 5.0)));
      s.rejectUnknown();
    }
    if (!segNodes.isEmpty() && Math.abs(shareSum - 1.0) > 1e-6) {
      n.problem("segments", "shares must sum to 1, got " + shareSum);
    }
    double[] exam = SISTRIX_2020;
    if (n.has("examination")) {
      JsonNode e = n.json().get("examination");
      if (e.isTextual() && e.asText().equals("sistrix2020")) {
        exam = SISTRIX_2020;
      } else if (e.isArray() && !e.isEmpty()) {
        exam = new double[e.size()];
        for (int i = 0; i < e.size(); i++) {
          double x = e.get(i).asDouble(Double.NaN);
          if (!e.get(i).isNumber() || !(x > 0 && x <= 1)) {
            n.problem("examination[" + i + "]", "must be a probability in (0, 1], got " + e.get(i));
          } else if (i > 0 && x > exam[i - 1] + 1e-12) {
            n.problem("examination[" + i + "]", "must not exceed the position above it (" + exam[i - 1] + "), got " + x);
          }
          exam[i] = x;
        }
      } else {
        n.problem("examination", "must be sistrix2020 or a list of probabilities by position, got " + e);
      }
    }
    int pageSize = n.integer("pageSize", 10, 1, 100);
    double adLabel = n.number("adLabelDiscount", 0.85, 0.01, 1.0);
    double baseAttr = n.number("baseAttraction", 0.35, 0.0, 1.0);
    double baseConv = n.number("baseConversion", 0.08, 0.0, 1.0);
    double maxConv = n.number("maxConversion", 0.6, 0.0, 1.0);
    if (maxConv < baseConv) n.problem("maxConversion", "must be ≥ baseConversion (" + baseConv + "), got " + maxConv);
    double returning = n.number("returningShare", 0.05, 0.0, 1.0);
    double loyalty = n.number("loyaltyBoost", 2.0, 1.0, 100.0);
    double reviewRate = n.number("reviewRate", 0.1, 0.0, 1.0);
    n.rejectUnknown();
    return new UserModelSpec(segments, exam, pageSize, adLabel, baseAttr, baseConv, maxConv, returning, loyalty, reviewRate);
  }

  private static AuctionSpec auction(ConfigNode n) {
    String mech = n.choice("mechanism", "GSP", "GSP", "VCG", "FIRST_PRICE");
    int slots = n.integer("slots", 4, 0, 50);
    long reserve = n.money("reserve", 100_000L, 0, MAX_MONEY);
    double allowance = n.number("overspendAllowance", 1.0, 1.0, 2.0);
    boolean pacing = n.bool("pacing", true);
    n.rejectUnknown();
    return new AuctionSpec(mech, slots, reserve, allowance, pacing);
  }

  private static OrganicSpec organic(ConfigNode n) {
    double feedback = n.number("feedback", 1.0, 0.0, 1.0);
    n.rejectUnknown();
    return new OrganicSpec(feedback);
  }

  private static List<ActivitySpec> activities(ConfigNode root) {
    List<ActivitySpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<ConfigNode> nodes = root.list("activities");
    for (ConfigNode a : nodes) {
      String name = a.requiredStr("name");
      if (!names.add(name)) a.problem("name", "duplicate activity name '" + name + "'");
      double share = a.number("trafficShare", 0.1, 0.0, 1.0);
      double discount = a.number("discountPercent", 10.0, 0.0, 95.0);
      int refDays = a.integer("referenceDays", 7, 1, 30);
      long minSales = a.integer("minSales", 0L, 0L, Long.MAX_VALUE);
      int window = a.integer("salesWindowDays", 7, 1, 30);
      int slots = a.integer("slots", 20, 1, 1000);
      String after = a.str("after", null);
      a.rejectUnknown();
      out.add(new ActivitySpec(name, share, discount, refDays, minSales, window, slots, after));
    }
    for (int i = 0; i < out.size(); i++) {
      String after = out.get(i).after();
      if (after != null && (!names.contains(after) || after.equals(out.get(i).name()))) {
        root.problem("activities[" + i + "].after", "must name another activity, got '" + after + "'");
      }
    }
    return out;
  }

  private static List<SellerSpec> sellers(ConfigNode root, List<ActivitySpec> activities) {
    List<SellerSpec> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> productIds = new HashSet<>();
    Set<String> activityNames = new HashSet<>();
    for (ActivitySpec a : activities) activityNames.add(a.name());
    for (ConfigNode s : root.list("sellers")) {
      String id = s.requiredStr("id");
      if (!ids.add(id)) s.problem("id", "duplicate seller id '" + id + "'");
      List<ProductSpec> products = new ArrayList<>();
      List<ConfigNode> pnodes = s.list("products");
      if (pnodes.isEmpty()) s.problem("products", "must list at least one product");
      for (ConfigNode p : pnodes) {
        ProductSpec ps = product(p);
        if (!ps.id().isBlank() && !productIds.add(ps.id())) p.problem("id", "duplicate product id '" + ps.id() + "'");
        products.add(ps);
      }
      List<String> keywords = s.strList("keywords");
      for (int i = 0; i < keywords.size(); i++) {
        if (keywords.get(i).isBlank()) s.problem("keywords[" + i + "]", "must not be empty");
      }
      long budget = s.money("dailyBudget", 100 * Money.MICROS, 0, MAX_MONEY);
      ConfigNode st = s.obj("strategy");
      StrategySpec strategy;
      if (!st.isPresent()) {
        s.problem("strategy", "is required (e.g. type: steady)");
        strategy = new StrategySpec("steady", null, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), st.path());
      } else {
        strategy = Strategies.validate(st, new Strategies.Context(products, keywords, activityNames));
      }
      s.rejectUnknown();
      out.add(new SellerSpec(id, products, keywords, budget, strategy));
    }
    return out;
  }

  private static ProductSpec product(ConfigNode p) {
    String id = p.requiredStr("id");
    String title = p.requiredStr("title");
    String category = p.str("category", "General");
    long price = p.requiredMoney("price", 10_000L, MAX_MONEY);
    long cost = p.money("unitCost", price / 2, 0, MAX_MONEY);
    long stock = p.integer("stock", 100_000L, 0L, Long.MAX_VALUE);
    double rating = p.number("rating", 4.5, 1.0, 5.0);
    long reviews = p.integer("reviews", 0L, 0L, Long.MAX_VALUE);
    long initialSales = p.integer("initialSales", 0L, 0L, Long.MAX_VALUE);
    double appeal = p.number("appeal", 1.0, 0.01, 100.0);
    double quality = p.number("quality", rating, 1.0, 5.0);
    List<ProductSpec.SkuSpec> skus = new ArrayList<>();
    Set<String> skuIds = new HashSet<>();
    for (ConfigNode k : p.list("skus")) {
      String kid = k.requiredStr("id");
      if (!skuIds.add(kid)) k.problem("id", "duplicate SKU id '" + kid + "'");
      long kp = k.requiredMoney("price", 10_000L, MAX_MONEY);
      long kc = k.money("unitCost", kp / 2, 0, MAX_MONEY);
      long ks = k.integer("stock", 100_000L, 0L, Long.MAX_VALUE);
      double ka = k.number("appeal", 1.0, 0.01, 100.0);
      k.rejectUnknown();
      skus.add(new ProductSpec.SkuSpec(kid, kp, kc, ks, ka));
    }
    if (!skus.isEmpty()) {
      if (p.has("unitCost") || p.has("stock")) {
        p.problem("skus", "a product with skus takes price, unitCost and stock from its SKUs; remove unitCost/stock here");
      }
      long min = Long.MAX_VALUE;
      long total = 0;
      for (var k : skus) {
        min = Math.min(min, k.priceMicros());
        total += k.stock();
      }
      price = min;
      stock = total;
      cost = skus.get(0).unitCostMicros();
    }
    p.rejectUnknown();
    return new ProductSpec(id, title, category, price, cost, stock, rating, reviews, initialSales, appeal, quality, skus);
  }

  private static CompetitorSpec competitors(ConfigNode n) {
    int count = n.integer("count", 20, 0, 100_000);
    Map<String, Double> mix = new LinkedHashMap<>();
    ConfigNode m = n.obj("strategyMix");
    if (m.isPresent()) {
      Iterator<String> it = m.json().fieldNames();
      List<String> fields = new ArrayList<>();
      it.forEachRemaining(fields::add);
      for (String f : fields) {
        if (!Strategies.COMPETITOR_TYPES.contains(f)) {
          m.problem(f, "is not a strategy competitors can use (one of " + String.join(", ", Strategies.COMPETITOR_TYPES) + ")");
          m.allow(f);
          continue;
        }
        mix.put(f, m.number(f, 1.0, 0.0, 1e6));
      }
      if (!fields.isEmpty() && mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
        n.problem("strategyMix", "weights must not all be 0");
      }
    } else {
      mix.put("steady", 0.6);
      mix.put("targetRoas", 0.25);
      mix.put("maxClicks", 0.15);
    }
    long minCpc = n.money("minCpc", 200_000L, 0, MAX_MONEY);
    long maxCpc = n.money("maxCpc", 1_500_000L, 0, MAX_MONEY);
    if (maxCpc < minCpc) n.problem("maxCpc", "must be ≥ minCpc (" + Money.format(minCpc) + "), got " + Money.format(maxCpc));
    long minBudget = n.money("minDailyBudget", 20 * Money.MICROS, 0, MAX_MONEY);
    long maxBudget = n.money("maxDailyBudget", 200 * Money.MICROS, 0, MAX_MONEY);
    if (maxBudget < minBudget) {
      n.problem("maxDailyBudget", "must be ≥ minDailyBudget (" + Money.format(minBudget) + "), got " + Money.format(maxBudget));
    }
    double marginMin = n.number("marginMin", 0.15, 0.0, 0.99);
    double marginMax = n.number("marginMax", 0.45, 0.0, 0.99);
    if (marginMax < marginMin) n.problem("marginMax", "must be ≥ marginMin (" + marginMin + "), got " + marginMax);
    int kw = n.integer("keywordsPerSeller", 5, 1, 1000);
    long stock = n.integer("stock", 100_000L, 0L, Long.MAX_VALUE);
    int ads = n.integer("adsPerSeller", 3, 1, 10_000);
    n.rejectUnknown();
    return new CompetitorSpec(count, mix, minCpc, maxCpc, minBudget, maxBudget, marginMin, marginMax, kw, stock, ads);
  }
}
