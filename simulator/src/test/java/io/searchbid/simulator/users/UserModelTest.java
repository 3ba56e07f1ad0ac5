package io.searchbid.simulator.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.searchbid.simulator.scenario.ScenarioLoader;
import io.searchbid.simulator.scenario.UserModelSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UserModelTest {

  private static final UserModelSpec SPEC = new UserModelSpec(
      List.of(new UserModelSpec.Segment("price-sensitive", 0.6, 2.5, 0.9, 1.0, 0.05, 0.05),
          new UserModelSpec.Segment("quality-seeking", 0.4, 1.0, 1.2, 3.0, 0.15, 0.10)),
      ScenarioLoader.SISTRIX_2020, 10, 0.8, 0.3, 0.05, 0.5, 0.2, 1.5, 0.1);

  /** Products whose facts a test changes at will. */
  private static final class Facts implements ShopperFacts {
    final long[] price;
    final double[] rating;
    final long[] reviews;
    final long[] sales;

    Facts(int n, SplittableRandom r) {
      price = new long[n];
      rating = new double[n];
      reviews = new long[n];
      sales = new long[n];
      for (int p = 0; p < n; p++) {
        price[p] = 1_000_000L * (5 + r.nextInt(100));
        rating[p] = 1 + 4 * r.nextDouble();
        reviews[p] = r.nextInt(3000);
        sales[p] = r.nextInt(20_000);
      }
    }

    @Override public long priceMicros(int p) { return price[p]; }
    @Override public double rating(int p) { return rating[p]; }
    @Override public long reviews(int p) { return reviews[p]; }
    @Override public long recentSales(int p) { return sales[p]; }
    @Override public double appeal(int p) { return 0.5 + p % 7 / 7.0; }
    @Override public int skuCount(int p) { return 1; }
    @Override public long skuPriceMicros(int p, int k) { return price[p]; }
    @Override public double skuAppeal(int p, int k) { return 1; }
    @Override public boolean skuInStock(int p, int k) { return true; }
  }

  /** The cached model, told of every change, agrees bit for bit with a fresh model on random facts and changes. */
  @Test
  void cachedFactors_withForget_equalAFreshModel() {
    SplittableRandom r = new SplittableRandom(7);
    Facts f = new Facts(50, r);
    UserModel cached = new UserModel(SPEC);
    for (int step = 0; step < 5_000; step++) {
      int p = r.nextInt(50);
      switch (r.nextInt(4)) {
        case 0 -> f.rating[p] = 1 + 4 * r.nextDouble();
        case 1 -> f.reviews[p]++;
        case 2 -> f.sales[p] += r.nextInt(3);
        default -> f.price[p] = 1_000_000L * (5 + r.nextInt(100));
      }
      cached.forget(p);
      int q = r.nextInt(50);
      int seg = r.nextInt(2);
      double ref = 40_000_000.0 * (0.5 + r.nextDouble());
      UserModel fresh = new UserModel(SPEC);
      boolean ad = r.nextBoolean();
      boolean loyal = r.nextBoolean();
      assertThat(cached.attraction(f, q, ad, 0.7, seg, ref, loyal)).isEqualTo(fresh.attraction(f, q, ad, 0.7, seg, ref, loyal));
      assertThat(cached.conversion(f, q, seg, ref)).isEqualTo(fresh.conversion(f, q, seg, ref));
    }
  }

  /** With assertions on (as in every test run), a change the model was not told of is caught. */
  @Test
  void cachedFactors_changeWithoutForget_failsTheAssertion() {
    Facts f = new Facts(3, new SplittableRandom(1));
    UserModel m = new UserModel(SPEC);
    m.attraction(f, 1, false, 1.0, 0, 30_000_000.0, false);
    f.reviews[1] += 500;
    assertThatThrownBy(() -> m.attraction(f, 1, false, 1.0, 0, 30_000_000.0, false))
        .isInstanceOf(AssertionError.class).hasMessageContaining("product 1");
    m.forget(1);
    assertThat(m.attraction(f, 1, false, 1.0, 0, 30_000_000.0, false))
        .isEqualTo(new UserModel(SPEC).attraction(f, 1, false, 1.0, 0, 30_000_000.0, false));
  }

  /** The shortcut that skips attraction for high draws changes no click: same clicks as attraction for every result. */
  @Test
  void visit_clicksAsTheFormulaSays_forEveryDraw() {
    SplittableRandom r = new SplittableRandom(5);
    Facts f = new Facts(40, r);
    UserModel m = new UserModel(SPEC);
    Page page = new Page(14);
    Visit v = new Visit(14);
    for (int trial = 0; trial < 2_000; trial++) {
      page.clear();
      for (int i = 0; i < 14; i++) page.add(r.nextInt(40), i < 4, r.nextDouble(), i, i < 4 ? 0 : i - 3);
      int seg = r.nextInt(2);
      double ref = 40_000_000.0 * (0.5 + r.nextDouble());
      long seed = r.nextLong();
      m.visit(f, page, seg, ref, -1, new int[40], new SplittableRandom(seed), v);
      // reference: the unabridged loop (attraction for every result, then the draw)
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int i = 0; i < page.size; i++) {
        double a = m.attraction(f, page.product[i], page.ad[i], page.relevance[i], seg, ref, false);
        boolean click = rnd.nextDouble() < m.examination(i) * a;
        assertThat(v.clicked[i]).as("trial %d position %d", trial, i).isEqualTo(click);
        if (!click) continue;
        if (rnd.nextDouble() < m.conversion(f, page.product[i], seg, ref)) { // bought (one SKU: no draw), the visit ends
          assertThat(v.purchasePosition).as("trial %d", trial).isEqualTo(i);
          break;
        }
      }
    }
  }
}
