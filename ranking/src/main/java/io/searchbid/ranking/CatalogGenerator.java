package io.searchbid.ranking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.ParetoDistribution;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded synthetic product catalogs in English or Chinese.
 *
 * <p>A title is brand + attributes + product type + modifiers ("Harlow Modern Velvet Accent Chair,
 * Grey" / "暖阳 夏季 新款 碎花 连衣裙 白色"). The English vocabulary is shaped by the 480 real shopping
 * queries of WANDS (Wayfair ANnotation DataSet, Chen et al., ECIR 2022; MIT licence, shipped with its
 * licence text as a resource): every WANDS product class is a category, its name gives the product
 * types, and the words of that class's queries are the category's modifiers, so real queries find
 * products. Word, brand, category and seller popularity are Zipf-distributed; prices per category are
 * log-normal around a category median; signals are heavy-tailed (Pareto traffic, Beta CTR/CVR), so a
 * few best-sellers dominate and most products have little history.
 *
 * <p>Deterministic: the same seed, language and size give the same products, in the same order, on
 * every run (Commons Math {@link Well19937c}). Not thread-safe; use one generator per thread.
 */
public final class CatalogGenerator {

  /** Catalog language. */
  public enum Language {
    EN,
    ZH;

    /** Parses "en"/"zh" (any case). */
    public static Language parse(String s) {
      for (Language l : values()) {
        if (l.name().equalsIgnoreCase(s)) {
          return l;
        }
      }
      throw new IllegalArgumentException("language must be one of en, zh; got '" + s + "'");
    }
  }

  private static final LocalDate EPOCH = LocalDate.of(2025, 1, 1);

  private final RandomGenerator rng;
  private final Language language;
  private final List<CategorySpec> categories;
  private final ZipfDistribution categoryPick;
  private final List<String> brands;
  private final ZipfDistribution brandPick;
  private final ZipfDistribution sellerPick;
  private final String[] colors;
  private final String[] materials;
  private final String[] styles;
  private final ParetoDistribution traffic;
  private final BetaDistribution ctr;
  private final BetaDistribution cvr;
  private long nextId;

  /** A generator for {@code language} seeded with {@code seed}. */
  public CatalogGenerator(long seed, Language language) {
    this.rng = new Well19937c(seed);
    this.language = Objects.requireNonNull(language, "language");
    this.categories = language == Language.EN ? englishCategories(rng) : chineseCategories(rng);
    this.categoryPick = new ZipfDistribution(rng, categories.size(), 0.8);
    this.brands = brandNames(rng, language, 400);
    this.brandPick = new ZipfDistribution(rng, brands.size(), 1.0);
    this.sellerPick = new ZipfDistribution(rng, 5000, 0.9);
    this.colors = language == Language.EN ? EN_COLORS : ZH_COLORS;
    this.materials = language == Language.EN ? EN_MATERIALS : ZH_MATERIALS;
    this.styles = language == Language.EN ? EN_STYLES : ZH_STYLES;
    this.traffic = new ParetoDistribution(rng, 50, 1.1);
    this.ctr = new BetaDistribution(rng, 2, 80);
    this.cvr = new BetaDistribution(rng, 2, 35);
  }

  /**
   * The 480 real shopping queries of WANDS (query text only, file order), e.g. for benchmarks and
   * traffic generation against an English catalog.
   */
  public static List<String> wandsQueries() {
    List<String> out = new ArrayList<>(480);
    try (InputStream in = CatalogGenerator.class.getResourceAsStream("wands-queries.tsv")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // header
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", -1);
        if (f.length >= 2 && !f[1].isBlank()) {
          out.add(f[1].trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  /** Generates the next {@code n} products into a list. */
  public List<Product> generate(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    List<Product> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /**
   * The next {@code n} products, generated lazily (for catalogs too large to hold in memory). The
   * iterable may be iterated once.
   */
  public Iterable<Product> stream(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return () ->
        new Iterator<>() {
          long left = n;

          @Override
          public boolean hasNext() {
            return left > 0;
          }

          @Override
          public Product next() {
            if (left <= 0) {
              throw new NoSuchElementException();
            }
            left--;
            return CatalogGenerator.this.next();
          }
        };
  }

  /** One more product; ids are "p1", "p2", … in generation order. */
  public Product next() {
    long id = ++nextId;
    CategorySpec cat = categories.get(categoryPick.sample() - 1);
    String brand = brands.get(brandPick.sample() - 1);
    String type = cat.types[rng.nextInt(cat.types.length)];
    String color = colors[rng.nextInt(colors.length)];
    String material = materials[rng.nextInt(materials.length)];
    String style = styles[rng.nextInt(styles.length)];
    int nMods = 1 + rng.nextInt(3);
    StringBuilder mods = new StringBuilder();
    for (int i = 0; i < nMods && cat.modifiers.length > 0; i++) {
      String m = cat.modifiers[cat.modifierPick.sample() - 1];
      if (mods.indexOf(m) < 0) {
        if (mods.length() > 0) {
          mods.append(' ');
        }
        mods.append(m);
      }
    }
    String title;
    if (language == Language.EN) {
      title = brand + " " + cap(style) + " " + (mods.length() > 0 ? capWords(mods.toString()) + " " : "")
          + cap(material) + " " + type + ", " + cap(color);
    } else {
      title = brand + " " + style + " " + mods + " " + material + " " + type + " " + color;
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("color", color);
    attrs.put("material", material);
    attrs.put("style", style);

    long base = Math.max(10_000L, roundCents(cat.price.sample()));
    int nSkus = 1 + (rng.nextDouble() < 0.6 ? 0 : rng.nextInt(4));
    List<Sku> skus = new ArrayList<>(nSkus);
    for (int i = 0; i < nSkus; i++) {
      long price = i == 0 ? base : roundCents(base * (1.0 + 0.5 * rng.nextDouble()));
      skus.add(new Sku("sku" + (i + 1), Math.max(10_000L, price), rng.nextInt(500)));
    }

    long impressions = Math.min(50_000_000L, (long) traffic.sample() - 50 + rng.nextInt(50));
    long clicks = Math.min(impressions, Math.round(impressions * ctr.sample()));
    long orders = Math.round(clicks * cvr.sample());
    long sales30 = Math.round(orders * (0.3 + 0.7 * rng.nextDouble()));
    long sales7 = Math.round(sales30 * (0.1 + 0.3 * rng.nextDouble()));
    long reviews = Math.round(orders * (0.05 + 0.25 * rng.nextDouble()));
    double rating = 0;
    if (reviews > 0) {
      rating = Math.max(1.0, Math.min(5.0, 4.3 + 0.5 * gaussian()));
      rating = Math.round(rating * 10) / 10.0;
    }
    Signals signals = new Signals(sales7, sales30, impressions, clicks, orders, rating, reviews);
    LocalDate created = EPOCH.plusDays(rng.nextInt(700));
    return new Product(
        "p" + id, "s" + sellerPick.sample(), title, cat.name, brand, attrs, skus, created, signals);
  }

  private double gaussian() {
    return rng.nextGaussian();
  }

  private static long roundCents(double micros) {
    return Math.round(micros / 10_000.0) * 10_000L;
  }

  private static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String capWords(String s) {
    String[] parts = s.split(" ");
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(cap(p));
    }
    return b.toString();
  }

  // --- vocabularies ------------------------------------------------------------------------------

  private static final class CategorySpec {
    final String name;
    final String[] types;
    final String[] modifiers;
    final ZipfDistribution modifierPick;
    final LogNormalDistribution price;

    CategorySpec(RandomGenerator rng, String name, String[] types, String[] modifiers) {
      this.name = name;
      this.types = types;
      this.modifiers = modifiers;
      this.modifierPick = modifiers.length == 0 ? null : new ZipfDistribution(rng, modifiers.length, 1.0);
      // median price log-uniform in [5, 2000] units; spread sigma 0.6 (a factor ~1.8 either way)
      double medianUnits = Math.exp(Math.log(5) + rng.nextDouble() * (Math.log(2000) - Math.log(5)));
      this.price = new LogNormalDistribution(rng, Math.log(medianUnits * 1_000_000.0), 0.6);
    }
  }

  private static final String[] EN_COLORS = {
    "black", "white", "grey", "beige", "navy", "brown", "green", "blue", "red", "gold", "walnut",
    "oak", "ivory", "pink", "teal"
  };
  private static final String[] EN_MATERIALS = {
    "solid wood", "velvet", "linen", "leather", "metal", "rattan", "cotton", "marble", "glass",
    "bamboo", "wool", "polyester", "ceramic", "steel", "faux fur"
  };
  private static final String[] EN_STYLES = {
    "modern", "rustic", "farmhouse", "mid-century", "industrial", "coastal", "traditional",
    "minimalist", "bohemian", "scandinavian", "vintage", "contemporary"
  };
  private static final String[] ZH_COLORS = {"黑色", "白色", "红色", "蓝色", "粉色", "灰色", "绿色", "米色", "卡其色", "紫色"};
  private static final String[] ZH_MATERIALS = {"纯棉", "真丝", "雪纺", "亚麻", "不锈钢", "实木", "硅胶", "皮革", "羊毛", "涤纶"};
  private static final String[] ZH_STYLES = {"新款", "韩版", "复古", "简约", "百搭", "宽松", "修身", "时尚", "加厚", "ins风"};

  /** Chinese categories: name, product types, category-specific modifiers. */
  private static final String[][][] ZH_CATEGORIES = {
    {{"女装"}, {"连衣裙", "半身裙", "衬衫", "T恤"}, {"夏季", "碎花", "显瘦", "长款", "大码", "春秋"}},
    {{"男装"}, {"夹克", "卫衣", "牛仔裤", "休闲裤"}, {"春秋", "冬季", "商务", "休闲", "大码"}},
    {{"鞋靴"}, {"运动鞋", "帆布鞋", "凉鞋", "拖鞋"}, {"透气", "夏季", "防滑", "男女", "跑步"}},
    {{"手机配件"}, {"手机壳", "数据线", "充电宝", "钢化膜"}, {"苹果", "快充", "防摔", "透明", "磁吸"}},
    {{"数码"}, {"蓝牙耳机", "智能手表", "音箱", "键盘"}, {"无线", "降噪", "运动", "游戏", "便携"}},
    {{"家居"}, {"四件套", "枕头", "被子", "窗帘"}, {"纯棉", "夏季", "加厚", "遮光", "卧室"}},
    {{"厨具"}, {"保温杯", "电饭煲", "炒锅", "刀具"}, {"家用", "不粘", "大容量", "便携", "304"}},
    {{"美妆"}, {"口红", "面膜", "粉底液", "防晒霜"}, {"保湿", "补水", "持久", "夏季", "学生"}},
    {{"食品"}, {"零食", "坚果", "茶叶", "咖啡"}, {"礼盒", "散装", "特产", "新鲜", "进口"}},
    {{"箱包"}, {"双肩包", "行李箱", "手提包", "钱包"}, {"大容量", "旅行", "学生", "女士", "防水"}},
    {{"运动户外"}, {"瑜伽垫", "帐篷", "跳绳", "哑铃"}, {"加厚", "户外", "家用", "健身", "防滑"}},
    {{"家电"}, {"电风扇", "空气净化器", "吸尘器", "加湿器"}, {"静音", "家用", "夏季", "智能", "无线"}},
  };

  private static List<CategorySpec> chineseCategories(RandomGenerator rng) {
    List<CategorySpec> out = new ArrayList<>();
    for (String[][] c : ZH_CATEGORIES) {
      out.add(new CategorySpec(rng, c[0][0], c[1], c[2]));
    }
    return out;
  }

  /** Categories from the WANDS product classes, modifiers from the words of their queries. */
  private static List<CategorySpec> englishCategories(RandomGenerator rng) {
    Map<String, Map<String, Integer>> wordsByClass = new LinkedHashMap<>();
    try (InputStream in = CatalogGenerator.class.getResourceAsStream("wands-queries.tsv")) {
      if (in == null) {
        throw new IllegalStateException("resource wands-queries.tsv missing from the ranking jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // header
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t", -1);
        if (f.length < 3 || f[2].isBlank()) {
          continue;
        }
        Map<String, Integer> words = wordsByClass.computeIfAbsent(f[2].trim(), k -> new LinkedHashMap<>());
        for (String w : f[1].toLowerCase(Locale.ROOT).split("[^a-z0-9-]+")) {
          if (w.length() > 2 && !STOP.contains(w)) {
            words.merge(w, 1, Integer::sum);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CategorySpec> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : wordsByClass.entrySet()) {
      String cls = e.getKey();
      String[] types = productTypes(cls);
      List<String> typeWords = new ArrayList<>();
      for (String t : types) {
        for (String w : t.toLowerCase(Locale.ROOT).split(" ")) {
          typeWords.add(w);
        }
      }
      List<Map.Entry<String, Integer>> ws = new ArrayList<>(e.getValue().entrySet());
      ws.removeIf(x -> typeWords.contains(x.getKey()) || typeWords.contains(x.getKey() + "s"));
      ws.sort((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()));
      String[] mods = new String[ws.size()];
      for (int i = 0; i < mods.length; i++) {
        mods[i] = ws.get(i).getKey();
      }
      out.add(new CategorySpec(rng, cls, types, mods));
    }
    return out;
  }

  /** "Coffee & Cocktail Tables" → {"Coffee Table", "Cocktail Table"}; "Beds" → {"Bed"}. */
  static String[] productTypes(String cls) {
    String[] parts = cls.split("\\s*(,|&|/| and | And )\\s*");
    List<String> raw = new ArrayList<>();
    for (String p : parts) {
      if (!p.isBlank()) {
        raw.add(p.trim());
      }
    }
    String last = raw.get(raw.size() - 1);
    String head = last.contains(" ") ? last.substring(last.lastIndexOf(' ') + 1) : last;
    List<String> out = new ArrayList<>();
    for (String p : raw) {
      String t = p.contains(" ") || p.equals(last) || raw.size() == 1 ? p : p + " " + head;
      out.add(singular(t));
    }
    return out.toArray(new String[0]);
  }

  private static String singular(String phrase) {
    int sp = phrase.lastIndexOf(' ');
    String w = phrase.substring(sp + 1);
    String s;
    if (w.endsWith("ies") && w.length() > 4) {
      s = w.substring(0, w.length() - 3) + "y";
    } else if (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("sses") || w.endsWith("xes")) {
      s = w.substring(0, w.length() - 2);
    } else if (w.endsWith("s") && !w.endsWith("ss") && w.length() > 3) {
      s = w.substring(0, w.length() - 1);
    } else {
      s = w;
    }
    return phrase.substring(0, sp + 1) + s;
  }

  private static final java.util.Set<String> STOP =
      java.util.Set.of("the", "and", "for", "with", "set", "inch", "that", "from", "this", "not");

  private static final String[] SYLLABLES_EN = {
    "har", "low", "nor", "den", "vel", "ora", "bri", "ton", "ash", "ford", "lum", "ina", "kai", "ro",
    "sel", "wyn", "mar", "lo", "ver", "ity", "zen", "co", "al", "tra"
  };
  private static final String[] SYLLABLES_ZH = {
    "暖", "阳", "优", "品", "森", "木", "云", "朵", "小", "米", "花", "语", "东", "方", "悦", "美",
    "家", "乐", "星", "辰", "雅", "居", "青", "禾"
  };

  private static List<String> brandNames(RandomGenerator rng, Language lang, int n) {
    List<String> out = new ArrayList<>(n);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (out.size() < n) {
      String name;
      if (lang == Language.EN || rng.nextDouble() < 0.15) {
        // Chinese catalogs carry some latin brand names too: mixed titles are normal there
        StringBuilder b = new StringBuilder();
        int k = 2 + rng.nextInt(2);
        for (int i = 0; i < k; i++) {
          b.append(SYLLABLES_EN[rng.nextInt(SYLLABLES_EN.length)]);
        }
        name = cap(b.toString());
      } else {
        name = SYLLABLES_ZH[rng.nextInt(SYLLABLES_ZH.length)] + SYLLABLES_ZH[rng.nextInt(SYLLABLES_ZH.length)];
      }
      if (seen.add(name)) {
        out.add(name);
      }
    }
    return out;
  }
}
