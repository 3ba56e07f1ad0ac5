package io.searchbid.ranking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small random catalogs with a tiny vocabulary, so queries match many products and ties happen. */
final class TestCatalogs {
  static final String[] EN_WORDS = {
    "chair", "chairs", "table", "red", "blue", "velvet", "oak", "lamp", "sofa", "bed", "rug",
    "modern", "rustic", "kids", "outdoor", "desk", "mirror", "pillow", "pillows", "grey", "small",
    "large", "wooden", "metal"
  };
  static final String[] ZH_WORDS = {"连衣裙", "夏季", "新款", "手机壳", "纯棉", "运动鞋", "韩版", "白色"};
  static final String[] CATEGORIES = {"chairs", "tables", "lighting", "decor"};
  static final String[] BRANDS = {"acme", "nordic", "zen"};

  private TestCatalogs() {}

  static List<Product> random(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Product> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(product(r, "p" + i));
    }
    return out;
  }

  static Product product(SplittableRandom r, String id) {
    int len = 1 + r.nextInt(8);
    StringBuilder t = new StringBuilder();
    for (int j = 0; j < len; j++) {
      if (j > 0) t.append(' ');
      t.append(word(r));
    }
    return new Product(id, "s" + r.nextInt(20), t.toString(),
        CATEGORIES[r.nextInt(CATEGORIES.length)], BRANDS[r.nextInt(BRANDS.length)], Map.of(),
        List.of(new Sku("a", 1_000_000L * (1 + r.nextInt(300)), 5)), LocalDate.of(2025, 1, 1),
        signals(r));
  }

  static String word(SplittableRandom r) {
    // skewed: low indexes far more often; 1 in 6 words Chinese
    if (r.nextInt(6) == 0) {
      return ZH_WORDS[(int) Math.floor(Math.pow(r.nextDouble(), 2) * ZH_WORDS.length)];
    }
    return EN_WORDS[(int) Math.floor(Math.pow(r.nextDouble(), 2) * EN_WORDS.length)];
  }

  static Signals signals(SplittableRandom r) {
    long imp = r.nextInt(5) == 0 ? 0 : r.nextLong(1, 100_000);
    long clk = imp == 0 ? 0 : r.nextLong(0, Math.max(1, imp / 10));
    long ord = clk == 0 ? 0 : r.nextLong(0, Math.max(1, clk / 5));
    long s30 = r.nextLong(0, 1000);
    long s7 = s30 == 0 ? 0 : r.nextLong(0, s30 + 1);
    long rev = r.nextInt(3) == 0 ? 0 : r.nextLong(0, 500);
    double rating = rev == 0 ? 0 : Math.round(r.nextDouble(1, 5) * 10) / 10.0;
    return new Signals(s7, s30, imp, clk, ord, rating, rev);
  }

  static String query(SplittableRandom r) {
    int n = 1 + r.nextInt(3);
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) q.append(' ');
      q.append(r.nextInt(10) == 0 ? "nomatchword" : word(r));
    }
    return q.toString();
  }
}
