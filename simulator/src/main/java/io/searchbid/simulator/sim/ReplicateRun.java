package io.searchbid.simulator.sim;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.BidAdjustments;
import io.searchbid.auction.BidFeedback;
import io.searchbid.auction.BidStrategy;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.ClickModel;
import io.searchbid.auction.ConversionModel;
import io.searchbid.auction.IndexedKeyword;
import io.searchbid.auction.Keyword;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.Schedule;
import io.searchbid.engine.ClickOutcome;
import io.searchbid.engine.SearchEngine;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.Signals;
import io.searchbid.ranking.Sku;
import io.searchbid.ranking.TextAnalysis;
import io.searchbid.simulator.scenario.ActivitySpec;
import io.searchbid.simulator.scenario.Scenario;
import io.searchbid.simulator.strategy.Bidding;
import io.searchbid.simulator.strategy.KeywordDay;
import io.searchbid.simulator.strategy.ProductDay;
import io.searchbid.simulator.strategy.ProductState;
import io.searchbid.simulator.strategy.SellerDay;
import io.searchbid.simulator.strategy.SellerPlan;
import io.searchbid.simulator.strategy.SellerStrategy;
import io.searchbid.simulator.strategy.SellerView;
import io.searchbid.simulator.strategy.Strategies;
import io.searchbid.simulator.traffic.DayTraffic;
import io.searchbid.simulator.traffic.Sampling;
import io.searchbid.simulator.users.Page;
import io.searchbid.simulator.users.ShopperFacts;
import io.searchbid.simulator.users.UserModel;
import io.searchbid.simulator.users.Visit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One replicate of one variant: the day loop over a private market (its own product index, auction
 * state, budget ledger, sellers and strategies). Searches go through the production ranking and
 * auction ({@link MarketEngine}); shoppers click and buy ({@link UserModel}); ad clicks are charged
 * through the auction core's budget ledger at their auction prices; at the end of each day the
 * products' signals are written back into the ranking index (the organic flywheel), every seller's
 * strategy sees its report and sets tomorrow's prices, bids, budgets and activity enrolments, and the
 * promotion channels admit tomorrow's products.
 *
 * <p>Deterministic: every random stream derives from (replicate seed, day, purpose); no shared
 * mutable state with other replicates, so replicates may run on any threads in any order. Not
 * thread-safe itself.
 */
final class ReplicateRun implements ShopperFacts {
  static final long DAY_MILLIS = 86_400_000L;
  private static final int RING = 30;
  private static final double CVR_PRIOR = 0.05;
  private static final double CVR_STRENGTH = 20;

  private final World world;
  private final Scenario sc;
  private final String variant;
  private final int replicate;
  private final long seed;
  private final UserModel users;
  private final MarketEngine engine;

  // products
  private final int n;
  private final String[] pid;
  private final Map<String, Integer> pidx = new HashMap<>();
  private final int[] sellerOf; // active seller index or −1
  private final Product[] product;
  private final long[][] skuPrice;
  private final long[][] skuStock;
  private final long[][] skuCost;
  private final double[][] skuAppeal;
  private final double[] appeal;
  private final double[] quality;
  private final Signals[] initialSignals;
  private final double[] ratingSum;
  private final long[] reviews;
  private final long[] initialSales;
  private final long[][] salesRing; // [p][day % RING]
  /** Per product: initial 30-day sales + the sales ring's sum (the "sold N" shoppers see). */
  private final long[] recentSales;
  private final long[] simImpressions;
  private final long[] simClicks;
  private final long[] simOrders;
  private final long[][] priceRing; // list price per day
  private final boolean[][] promoRing; // admitted to any activity that day
  private final long[] shownPrice; // cheapest in-stock SKU price (what shoppers see)
  private final boolean[] listed; // in the index (in stock)
  /** Per product: the ids of its title's tokens ({@link #tokenIds}), sorted, distinct; computed on first use. */
  private final int[][] titleTokens;

  // today's counters per product
  private final long[] adImp, adClk, charged, spend, orgImp, orgClk, orgPos, actImp, actClk, orders, adOrders, actOrders, gmv,
      adGmv, cogs;
  private final long[][] skuOrders;

  // sellers
  private final List<SellerRt> sellers = new ArrayList<>();
  private final Map<String, SellerRt> byCampaign = new HashMap<>();
  private double[] customerCdf = new double[0];

  // activities
  private final List<ActivitySpec> activities;
  private final boolean[][] admitted; // [activity][product] for today
  private final long[][][] activitySalesRing; // [activity][product][day % RING]
  private int[][] channelOrder = new int[0][];

  // scratch
  private final Page page;
  private final Page channelPage;
  private final Visit visit;
  private final long[] priceScratch;
  /** The page's ads as resolved by {@link #adRef}, by their index in the engine's result. */
  private AdRef[] pageAds = new AdRef[4];
  private long searches;

  /** A seller's runtime state. */
  private final class SellerRt implements SellerView {
    final World.SellerDef def;
    final int index;
    final int[] products;
    final Set<String> advertised;
    final SellerStrategy strategy;
    final SplittableRandom random;
    final List<SellerDay> history = new ArrayList<>();
    final SellerPlan initial;
    SellerPlan plan;
    Campaign campaign;
    /** Today's counters per keyword: imp, clk, spend, orders, gmv; kept across days, zeroed by the report (imp 0 = not shown today). */
    final TreeMap<String, long[]> keywordCounters = new TreeMap<>();
    long customers;
    final List<String> pendingNotes = new ArrayList<>();
    int today;

    SellerRt(World.SellerDef def, int index) {
      this.def = def;
      this.index = index;
      this.products = def.productIds().stream().mapToInt(pidx::get).toArray();
      this.advertised = new HashSet<>(def.advertisedIds());
      this.strategy = Strategies.create(def.strategy(), def.context());
      this.random = Seeds.random(seed, Seeds.SELLER, index);
      Map<String, Long> prices = new TreeMap<>();
      Map<String, Long> skuPrices = new TreeMap<>();
      for (int p : products) {
        if (hasSkus(p)) {
          for (int k = 0; k < skuPrice[p].length; k++) skuPrices.put(product[p].skus().get(k).skuId(), skuPrice[p][k]);
        } else {
          prices.put(pid[p], skuPrice[p][0]);
        }
      }
      this.initial = new SellerPlan(prices, skuPrices, def.dailyBudgetMicros(), Bidding.manual(500_000L), Set.of(), Map.of(), List.of());
      this.plan = initial;
    }

    boolean hasSkus(int p) {
      return !(product[p].skus().size() == 1 && product[p].skus().get(0).skuId().equals(pid[p]));
    }

    @Override
    public String sellerId() {
      return def.id();
    }

    @Override
    public int today() {
      return today;
    }

    @Override
    public int horizonDays() {
      return sc.days();
    }

    @Override
    public List<ProductState> products() {
      List<ProductState> out = new ArrayList<>(products.length);
      for (int p : products) {
        List<ProductState.Sku> ks = new ArrayList<>();
        long stock = 0;
        for (int k = 0; k < skuPrice[p].length; k++) {
          ks.add(new ProductState.Sku(product[p].skus().get(k).skuId(), skuPrice[p][k], skuCost[p][k], skuStock[p][k]));
          stock += skuStock[p][k];
        }
        out.add(new ProductState(pid[p], product[p].title(), product[p].category(), listPrice(p), skuCost[p][0], stock,
            rating(p), reviews[p], initialSales[p] + simOrders[p], ks));
      }
      return out;
    }

    @Override
    public List<String> keywords() {
      return def.keywords();
    }

    @Override
    public List<SellerDay> history() {
      return java.util.Collections.unmodifiableList(history);
    }

    @Override
    public SellerPlan current() {
      return plan;
    }

    @Override
    public SellerPlan initial() {
      return initial;
    }

    @Override
    public List<ActivityStatus> activities() {
      List<ActivityStatus> out = new ArrayList<>();
      for (int a = 0; a < activities.size(); a++) {
        ActivitySpec as = activities.get(a);
        Map<String, Long> max = new TreeMap<>();
        Set<String> qualified = new HashSet<>();
        Set<String> yesterday = new HashSet<>();
        for (int p : products) {
          max.put(pid[p], maxActivityPrice(as, p));
          if (meetsSales(a, p)) qualified.add(pid[p]);
          if (admitted[a][p]) yesterday.add(pid[p]);
        }
        out.add(new ActivityStatus(as.name(), as.after(), as.discountPercent(), as.minSales(), max, qualified, yesterday));
      }
      return out;
    }

    @Override
    public Map<String, Double> categoryAdCtr() {
      return categoryCtr;
    }

    @Override
    public Map<String, Long> categoryMedianPriceMicros() {
      return world.categoryMedianPrice;
    }

    @Override
    public SplittableRandom random() {
      return random;
    }
  }

  private Map<String, Double> categoryCtr = Map.of();

  ReplicateRun(World world, String variant, int replicate) {
    this.world = world;
    this.sc = world.scenario;
    this.variant = variant;
    this.replicate = replicate;
    this.seed = Seeds.mix(sc.seed(), Seeds.REPLICATE, replicate);
    this.users = new UserModel(sc.users());
    this.activities = sc.activities();
    this.organicRows = new OrganicRows[world.vocabulary.size()];
    this.queryTokenIds = new int[organicRows.length][];

    List<Product> ps = world.products;
    n = ps.size();
    pid = new String[n];
    sellerOf = new int[n];
    product = new Product[n];
    skuPrice = new long[n][];
    skuStock = new long[n][];
    skuCost = new long[n][];
    skuAppeal = new double[n][];
    appeal = new double[n];
    quality = new double[n];
    initialSignals = new Signals[n];
    ratingSum = new double[n];
    reviews = new long[n];
    initialSales = new long[n];
    salesRing = new long[n][RING];
    recentSales = new long[n];
    simImpressions = new long[n];
    simClicks = new long[n];
    simOrders = new long[n];
    priceRing = new long[n][RING];
    promoRing = new boolean[n][RING];
    shownPrice = new long[n];
    listed = new boolean[n];
    titleTokens = new int[n][];
    Arrays.fill(sellerOf, -1);
    for (int p = 0; p < n; p++) {
      Product x = ps.get(p);
      pid[p] = x.productId();
      pidx.put(pid[p], p);
      product[p] = x;
      World.ProductFacts f = world.facts.get(pid[p]);
      int k = x.skus().size();
      skuPrice[p] = new long[k];
      skuStock[p] = new long[k];
      skuCost[p] = f.skuCostMicros().clone();
      skuAppeal[p] = f.skuAppeal().clone();
      for (int j = 0; j < k; j++) {
        skuPrice[p][j] = x.skus().get(j).priceMicros();
        skuStock[p][j] = x.skus().get(j).stock();
      }
      appeal[p] = f.appeal();
      quality[p] = f.quality();
      Signals s = x.signals();
      initialSignals[p] = s;
      reviews[p] = s.reviewCount();
      ratingSum[p] = s.reviewCount() > 0 ? s.rating() * s.reviewCount() : 0;
      initialSales[p] = s.sales30d();
      recentSales[p] = s.sales30d();
      Arrays.fill(priceRing[p], x.priceMicros());
      updateShownPrice(p);
    }
    adImp = new long[n];
    adClk = new long[n];
    charged = new long[n];
    spend = new long[n];
    orgImp = new long[n];
    orgClk = new long[n];
    orgPos = new long[n];
    actImp = new long[n];
    actClk = new long[n];
    orders = new long[n];
    adOrders = new long[n];
    actOrders = new long[n];
    gmv = new long[n];
    adGmv = new long[n];
    cogs = new long[n];
    skuOrders = new long[n][];
    for (int p = 0; p < n; p++) skuOrders[p] = new long[skuPrice[p].length];
    admitted = new boolean[activities.size()][n];
    activitySalesRing = new long[activities.size()][][];
    for (int a = 0; a < activities.size(); a++) activitySalesRing[a] = new long[n][];

    int pageSize = sc.users().pageSize();
    page = new Page(pageSize + Math.max(0, sc.auction().slots()));
    channelPage = new Page(activities.stream().mapToInt(ActivitySpec::slots).max().orElse(1));
    visit = new Visit(Math.max(page.capacity, channelPage.capacity));
    priceScratch = new long[Math.max(page.capacity, channelPage.capacity)];

    engine = new MarketEngine(sc, seed, conversions);
    for (int p = 0; p < n; p++) {
      listed[p] = stock(p) > 0;
    }
    List<Product> initialIndex = new ArrayList<>();
    for (int p = 0; p < n; p++) if (listed[p]) initialIndex.add(product[p]);
    engine.index(initialIndex);

    for (int i = 0; i < world.sellers.size(); i++) {
      SellerRt s = new SellerRt(world.sellers.get(i), i);
      sellers.add(s);
      for (int p : s.products) sellerOf[p] = i;
      for (int p : s.products) {
        for (int a = 0; a < activities.size(); a++) activitySalesRing[a][p] = new long[RING];
      }
    }
    customerCdf = new double[sellers.size()];
  }

  /** Conversion estimates the auction's CPA/ROAS bidders see: each product's smoothed observed CVR and its price. */
  private final SimConversions conversions = new SimConversions();

  private final class SimConversions implements ConversionModel {
    @Override
    public double pcvr(AdGroup g) {
      return pcvrOf(index(g.productId()));
    }

    @Override
    public long orderValueMicros(AdGroup g) {
      return valueOf(index(g.productId()));
    }

    @Override
    public double pcvr(IndexedKeyword k) {
      return pcvrOf(productOf(k));
    }

    @Override
    public long orderValueMicros(IndexedKeyword k) {
      return valueOf(productOf(k));
    }

    private double pcvrOf(int p) {
      return p < 0 ? CVR_PRIOR : (simOrders[p] + CVR_PRIOR * CVR_STRENGTH) / (simClicks[p] + CVR_STRENGTH);
    }

    private long valueOf(int p) {
      return p < 0 ? 0 : shownPrice[p];
    }

    private int index(String productId) {
      Integer p = pidx.get(productId);
      return p == null ? -1 : p;
    }

    /** The market's index of the keyword's product (-1 if not in the market), by the ad index's product ordinal. */
    private int productOf(IndexedKeyword k) {
      int o = k.productOrdinal();
      if (o >= byOrdinal.length) {
        int old = byOrdinal.length;
        byOrdinal = Arrays.copyOf(byOrdinal, Math.max(o + 1, old * 2));
        Arrays.fill(byOrdinal, old, byOrdinal.length, UNRESOLVED);
      }
      int p = byOrdinal[o];
      if (p == UNRESOLVED) {
        p = index(k.adGroup().productId());
        byOrdinal[o] = p;
      }
      return p;
    }

    private static final int UNRESOLVED = Integer.MIN_VALUE;
    private int[] byOrdinal = new int[0];
  }

  // ---------------------------------------------------------------------------------------------
  // ShopperFacts

  @Override
  public long priceMicros(int p) {
    return shownPrice[p];
  }

  @Override
  public double rating(int p) {
    return reviews[p] == 0 ? 4.5 : Math.max(1, Math.min(5, ratingSum[p] / reviews[p]));
  }

  @Override
  public long reviews(int p) {
    return reviews[p];
  }

  @Override
  public long recentSales(int p) {
    assert recentSales[p] == initialSignals[p].sales30d() + sum(salesRing[p], RING);
    return recentSales[p];
  }

  @Override
  public double appeal(int p) {
    return appeal[p];
  }

  @Override
  public int skuCount(int p) {
    return skuPrice[p].length;
  }

  @Override
  public long skuPriceMicros(int p, int k) {
    return skuPrice[p][k];
  }

  @Override
  public double skuAppeal(int p, int k) {
    return skuAppeal[p][k];
  }

  @Override
  public boolean skuInStock(int p, int k) {
    return skuStock[p][k] > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // the run

  ReplicateResult run(Runnable afterEachDay) {
    for (SellerRt s : sellers) applyPlan(s, decide(s, 0));
    admitForDay(0);
    engine.refresh();
    for (int day = 0; day < sc.days(); day++) {
      simulateDay(day);
      endOfDay(day);
      if (afterEachDay != null) afterEachDay.run();
    }
    List<ReplicateResult.SellerSeries> series = new ArrayList<>();
    for (SellerRt s : sellers) {
      series.add(new ReplicateResult.SellerSeries(s.def.id(), s.def.competitor(), s.def.strategy().type(), s.history));
    }
    return new ReplicateResult(variant, replicate, seed, searches, series);
  }

  private SellerPlan decide(SellerRt s, int today) {
    s.today = today;
    SellerPlan p = s.strategy.plan(s);
    if (p == null) throw new IllegalStateException("strategy of seller " + s.def.id() + " returned no plan for day " + today);
    return p;
  }

  private void simulateDay(int day) {
    DayTraffic t = world.traffic.day(day, Seeds.random(seed, Seeds.TRAFFIC, day));
    SplittableRandom rnd = Seeds.random(seed, Seeds.USERS, day);
    buildCustomerCdf();
    users.forgetAll(); // the recent-sales window moved
    long dayStart = (world.startEpochDay + day) * DAY_MILLIS;
    int segments = sc.users().segments().size();
    String[] segNames = world.segmentNames.toArray(new String[0]);
    for (int i = 0; i < t.size(); i++) {
      int q = t.queryIds()[i];
      int seg = Math.min(segments - 1, t.segments()[i]);
      long time = dayStart + t.seconds()[i] * 1000L;
      search(q, seg, segNames[seg], time, rnd);
      for (int a = 0; a < activities.size(); a++) {
        if (rnd.nextDouble() < activities.get(a).trafficShare()) channelVisit(a, seg, rnd);
      }
    }
    searches += t.size();
  }

  private void buildCustomerCdf() {
    double s = 0;
    for (int i = 0; i < sellers.size(); i++) {
      s += sellers.get(i).customers;
      customerCdf[i] = s;
    }
  }

  /** Per query: the organic rows last seen (by identity), their products' indexes (-1 = not in the market) and relevances. */
  private final OrganicRows[] organicRows;

  /**
   * A query's organic rows as the day loop needs them, rebuilt when the engine returns a new rows
   * list (after a refresh): the products' indexes (−1 = not in the market), relevances, ranks, and
   * the shown prices of the products in the market, sorted (as of {@link #shownPriceVersion}).
   */
  private static final class OrganicRows {
    final Object seen;
    final int[] product;
    final double[] relevance;
    final int[] rank;
    final long[] sortedPrices;
    int priceVersion = -1;

    OrganicRows(Object seen, int[] product, double[] relevance, int[] rank, int inMarket) {
      this.seen = seen;
      this.product = product;
      this.relevance = relevance;
      this.rank = rank;
      this.sortedPrices = new long[inMarket];
    }
  }

  /** Bumped whenever a shown price changes (stale sorted prices of {@link OrganicRows}). */
  private int shownPriceVersion;

  private void search(int q, int seg, String segName, long time, SplittableRandom rnd) {
    SearchEngine.ResultPage result = engine.search(world.vocabulary.query(q), sc.users().pageSize(), segName, time);
    List<SearchEngine.Ad> ads = result.ads();
    List<SearchEngine.Organic> organic = result.organic();
    OrganicRows rows = organicRows[q];
    if (rows == null || rows.seen != organic) { // the engine returns the same rows until the next refresh
      int[] op = new int[organic.size()];
      double[] rel = new double[op.length];
      int[] rank = new int[op.length];
      int inMarket = 0;
      for (int i = 0; i < op.length; i++) {
        Integer p = pidx.get(organic.get(i).productId());
        op[i] = p == null ? -1 : p;
        rel[i] = p == null ? 0 : relevance(q, p);
        rank[i] = organic.get(i).rank();
        if (p != null) inMarket++;
      }
      rows = organicRows[q] = new OrganicRows(organic, op, rel, rank, inMarket);
    }
    int[] orgP = rows.product;
    double[] orgR = rows.relevance;
    page.clear();
    if (pageAds.length < ads.size()) pageAds = new AdRef[ads.size()];
    for (int j = 0; j < ads.size(); j++) {
      AdRef r = adRef(ads.get(j));
      pageAds[j] = r;
      int p = r.product;
      if (p < 0) continue;
      page.add(p, true, Math.max(0.2, relevance(q, p)), j, 0);
    }
    int adsOnPage = page.size;
    for (int i = 0; i < orgP.length && page.size < page.capacity; i++) {
      if (orgP[i] < 0) continue;
      page.add(orgP[i], false, orgR[i], i, rows.rank[i]);
    }
    if (page.size == 0) return;
    double median = page.size - adsOnPage == rows.sortedPrices.length ? median(rows, adsOnPage) : medianShownPrice(page);
    assert median == medianShownPrice(page);
    double ref = users.referencePrice(seg, median);
    int loyal = -1;
    double total = customerCdf.length == 0 ? 0 : customerCdf[customerCdf.length - 1];
    if (total > 0 && rnd.nextDouble() < sc.users().returningShare()) loyal = Sampling.pick(customerCdf, rnd);
    users.visit(this, page, seg, ref, loyal, sellerOf, rnd, visit);

    for (int i = 0; i < page.size; i++) {
      int p = page.product[i];
      simImpressions[p]++;
      if (page.ad[i]) {
        SearchEngine.Ad ad = ads.get(page.source[i]);
        AdRef shown = pageAds[page.source[i]];
        adImp[p]++;
        long[] kc = shown.counters;
        if (kc != null) kc[0]++;
        boolean clicked = visit.clicked[i];
        if (clicked) {
          adClk[p]++;
          simClicks[p]++;
          ClickOutcome r = engine.click(result.auctionId(), ad, time);
          if (r.status() != ClickOutcome.Status.CHARGED) {
            throw new IllegalStateException("click on " + ad.adId() + " not charged: " + r.status() + " " + r.reason() + " " + r.message());
          }
          spend[p] += r.chargedMicros();
          if (r.chargedMicros() > 0) charged[p]++;
          if (kc != null) {
            kc[1]++;
            kc[2] += r.chargedMicros();
          }
        }
        if (shown.stats == null) shown.stats = engine.clickStats(ad, product[p].category());
        engine.recordShown(shown.stats, ad.slot(), clicked);
      } else {
        orgImp[p]++;
        orgPos[p] += page.organicPosition[i];
        if (visit.clicked[i]) {
          orgClk[p]++;
          simClicks[p]++;
        }
      }
    }
    if (visit.purchasePosition >= 0) {
      int i = visit.purchasePosition;
      int p = page.product[i];
      long price = buy(p, visit.purchaseSku, rnd);
      if (page.ad[i]) {
        adOrders[p]++;
        adGmv[p] += price;
        long[] kc = pageAds[page.source[i]].counters;
        if (kc != null) {
          kc[3]++;
          kc[4] += price;
        }
      }
    }
  }

  private void channelVisit(int a, int seg, SplittableRandom rnd) {
    int[] order = channelOrder.length > a ? channelOrder[a] : null;
    if (order == null || order.length == 0) return;
    channelPage.clear();
    for (int i = 0; i < order.length && channelPage.size < channelPage.capacity; i++) {
      channelPage.add(order[i], false, 1.0, i, 0);
    }
    double ref = users.referencePrice(seg, medianShownPrice(channelPage));
    users.visit(this, channelPage, seg, ref, -1, sellerOf, rnd, visit);
    for (int i = 0; i < channelPage.size; i++) {
      int p = channelPage.product[i];
      actImp[p]++;
      simImpressions[p]++;
      if (visit.clicked[i]) {
        actClk[p]++;
        simClicks[p]++;
      }
    }
    if (visit.purchasePosition >= 0) {
      int p = channelPage.product[visit.purchasePosition];
      buy(p, visit.purchaseSku, rnd);
      actOrders[p]++;
      long[] ring = activitySalesRing[a][p];
      if (ring != null) ring[currentDay % RING]++;
    }
  }

  private int currentDay;

  /** Books one unit of SKU k of product p; returns its price. */
  private long buy(int p, int k, SplittableRandom rnd) {
    assert skuStock[p][k] > 0;
    long price = skuPrice[p][k];
    skuStock[p][k]--;
    skuOrders[p][k]++;
    orders[p]++;
    simOrders[p]++;
    gmv[p] += price;
    cogs[p] += skuCost[p][k];
    salesRing[p][currentDay % RING]++;
    recentSales[p]++;
    if (sellerOf[p] >= 0) sellers.get(sellerOf[p]).customers++;
    if (rnd.nextDouble() < sc.users().reviewRate()) {
      double r = Math.rint(quality[p] + 0.8 * Sampling.gaussian(rnd));
      ratingSum[p] += Math.max(1, Math.min(5, r));
      reviews[p]++;
    }
    users.forget(p); // recent sales, maybe rating and reviews changed
    if (skuStock[p][k] == 0) updateShownPrice(p);
    return price;
  }

  /**
   * A shown ad as the day loop needs it, resolved once per (ad group, keyword): its product's index
   * in the market (−1 if none), its seller's counters for the keyword (null without a seller) and
   * its click-model statistics (resolved when first shown).
   */
  private static final class AdRef {
    final String adId;
    final String keyword;
    final int product;
    final long[] counters;
    ClickModel.AdStats stats;

    AdRef(String adId, String keyword, int product, long[] counters) {
      this.adId = adId;
      this.keyword = keyword;
      this.product = product;
      this.counters = counters;
    }
  }

  /** Open-addressing table of {@link AdRef}s by (ad id, keyword); ids and keywords are the ad index's own strings, so equals mostly ends at ==. */
  private AdRef[] adRefs = new AdRef[256];
  private int adRefCount;

  private AdRef adRef(SearchEngine.Ad ad) {
    String id = ad.adId();
    String kw = ad.keyword();
    int mask = adRefs.length - 1;
    int h = id.hashCode() * 31 + kw.hashCode();
    int i = (h ^ (h >>> 16)) & mask;
    for (AdRef r; (r = adRefs[i]) != null; i = (i + 1) & mask) {
      if ((r.adId == id || r.adId.equals(id)) && (r.keyword == kw || r.keyword.equals(kw))) return r;
    }
    Integer p = pidx.get(ad.productId());
    int product = p == null ? -1 : p;
    long[] counters = null;
    if (product >= 0 && sellerOf[product] >= 0) {
      counters = sellers.get(sellerOf[product]).keywordCounters.computeIfAbsent(kw, k -> new long[5]);
    }
    AdRef r = new AdRef(id, kw, product, counters);
    adRefs[i] = r;
    if (++adRefCount * 2 > adRefs.length) {
      AdRef[] old = adRefs;
      adRefs = new AdRef[old.length * 2];
      int m = adRefs.length - 1;
      for (AdRef o : old) {
        if (o == null) continue;
        int oh = o.adId.hashCode() * 31 + o.keyword.hashCode();
        int j = (oh ^ (oh >>> 16)) & m;
        while (adRefs[j] != null) j = (j + 1) & m;
        adRefs[j] = o;
      }
    }
    return r;
  }

  /**
   * {@link #medianShownPrice} of the page, whose first {@code ads} entries are ads and the rest all
   * of {@code rows}' products in the market: the ads' prices sorted, merged with the rows' sorted
   * prices up to the middle.
   */
  private double median(OrganicRows rows, int ads) {
    long[] org = rows.sortedPrices;
    if (rows.priceVersion != shownPriceVersion) {
      int k = 0;
      for (int p : rows.product) if (p >= 0) org[k++] = shownPrice[p];
      Arrays.sort(org);
      rows.priceVersion = shownPriceVersion;
    }
    long[] ad = priceScratch;
    for (int i = 0; i < ads; i++) {
      long v = shownPrice[page.product[i]];
      int j = i;
      for (; j > 0 && ad[j - 1] > v; j--) ad[j] = ad[j - 1];
      ad[j] = v;
    }
    int m = org.length + ads;
    long prev = 0;
    long cur = 0;
    for (int r = 0, i = 0, j = 0; r <= m / 2; r++) {
      prev = cur;
      cur = j >= ads || (i < org.length && org[i] <= ad[j]) ? org[i++] : ad[j++];
    }
    return m % 2 == 1 ? cur : (prev + cur) / 2.0;
  }

  private double medianShownPrice(Page pg) {
    int m = pg.size;
    for (int i = 0; i < m; i++) priceScratch[i] = shownPrice[pg.product[i]];
    Arrays.sort(priceScratch, 0, m);
    return m % 2 == 1 ? priceScratch[m / 2] : (priceScratch[m / 2 - 1] + priceScratch[m / 2]) / 2.0;
  }

  /** Share of the query's tokens (with repeats) found among the product's title tokens, in [0, 1]. */
  private double relevance(int q, int p) {
    int[] qt = queryTokens(q);
    if (qt.length == 0) return 0;
    int[] tt = titleTokens[p];
    if (tt == null) tt = titleTokens[p] = titleTokens(p);
    int hit = 0;
    for (int t : qt) if (Arrays.binarySearch(tt, t) >= 0) hit++;
    return hit / (double) qt.length;
  }

  /** Token ids: one per distinct token of the titles and queries seen so far. */
  private final Map<String, Integer> tokenIds = new HashMap<>();

  private int tokenId(String token) {
    return tokenIds.computeIfAbsent(token, t -> tokenIds.size());
  }

  private int[] titleTokens(int p) {
    List<String> ts = TextAnalysis.tokens(product[p].title());
    int[] ids = new int[ts.size()];
    for (int i = 0; i < ids.length; i++) ids[i] = tokenId(ts.get(i));
    return Arrays.stream(ids).sorted().distinct().toArray();
  }

  /** Per query id: the ids of its tokens, repeats kept; computed on first use. */
  private final int[][] queryTokenIds;

  private int[] queryTokens(int q) {
    int[] ids = queryTokenIds[q];
    if (ids == null) {
      List<String> ts = TextAnalysis.tokens(world.vocabulary.query(q));
      ids = new int[ts.size()];
      for (int i = 0; i < ids.length; i++) ids[i] = tokenId(ts.get(i));
      queryTokenIds[q] = ids;
    }
    return ids;
  }

  // ---------------------------------------------------------------------------------------------
  // end of day

  private void endOfDay(int day) {
    // 1. reports, checked against the accounting identities
    Map<String, long[]> catCtr = new TreeMap<>();
    for (int p = 0; p < n; p++) {
      if (adImp[p] == 0) continue;
      long[] c = catCtr.computeIfAbsent(product[p].category(), k -> new long[2]);
      c[0] += adImp[p];
      c[1] += adClk[p];
    }
    Map<String, Double> ctr = new TreeMap<>();
    catCtr.forEach((k, v) -> ctr.put(k, v[1] / (double) v[0]));
    categoryCtr = java.util.Collections.unmodifiableMap(ctr);
    for (SellerRt s : sellers) {
      SellerDay d = report(s, day);
      Accounting.check(d, s.campaign == null ? 0 : engine.spentMicros(s.campaign, world.startEpochDay + day), capOf(s));
      s.history.add(d);
      if (s.campaign != null && s.campaign.status() == CampaignStatus.ACTIVE && !(s.campaign.bidStrategy() instanceof BidStrategy.ManualCpc)) {
        long adOrd = 0, adVal = 0;
        for (int p : s.products) {
          adOrd += adOrders[p];
          adVal += adGmv[p];
        }
        engine.feedback(s.campaign, new BidFeedback(d.spendMicros(), d.budgetMicros(), d.adClicks(), adOrd, adVal));
      }
    }
    // 2. price history for activity reference prices
    for (int p = 0; p < n; p++) {
      priceRing[p][day % RING] = listPrice(p);
      boolean any = false;
      for (int a = 0; a < activities.size(); a++) any |= admitted[a][p];
      promoRing[p][day % RING] = any;
    }
    // 3. strategies decide tomorrow
    int next = day + 1;
    currentDay = next;
    for (int p = 0; p < n; p++) {
      recentSales[p] -= salesRing[p][next % RING];
      salesRing[p][next % RING] = 0;
    }
    for (int a = 0; a < activities.size(); a++) {
      for (int p = 0; p < n; p++) if (activitySalesRing[a][p] != null) activitySalesRing[a][p][next % RING] = 0;
    }
    if (next < sc.days()) {
      for (SellerRt s : sellers) applyPlan(s, decide(s, next));
    }
    // 4. the flywheel: signals back into the index
    Map<String, Signals> updates = new HashMap<>();
    double fb = sc.organic().feedback();
    for (int p = 0; p < n; p++) {
      Signals s = signals(p, fb);
      if (!s.equals(product[p].signals())) {
        product[p] = product[p].withSignals(s);
        if (listed[p]) updates.put(pid[p], s);
      }
    }
    if (!updates.isEmpty()) engine.updateSignals(updates);
    // 5. stock-outs leave the index
    for (int p = 0; p < n; p++) {
      if (listed[p] && stock(p) == 0) {
        listed[p] = false;
        engine.delete(pid[p]);
      }
    }
    if (next < sc.days()) admitForDay(next);
    engine.refresh();
    engine.forgetClicksBefore((world.startEpochDay + day) * DAY_MILLIS);
    resetCounters();
  }

  private long capOf(SellerRt s) {
    return s.campaign == null ? Long.MAX_VALUE : s.campaign.spendCapMicros();
  }

  private Signals signals(int p, double fb) {
    Signals base = initialSignals[p];
    long s7 = 0, s30 = 0;
    for (int i = 0; i < RING; i++) {
      long v = salesRing[p][i];
      s30 += v;
    }
    int d = currentDay; // the day about to start; ring slot d is empty
    for (int i = 1; i <= 7; i++) s7 += salesRing[p][Math.floorMod(d - i, RING)];
    long sales7 = base.sales7d() + Math.round(fb * s7);
    long sales30 = Math.max(sales7, base.sales30d() + Math.round(fb * s30));
    long imp = base.impressions() + Math.round(fb * simImpressions[p]);
    long clk = Math.min(imp, base.clicks() + Math.round(fb * simClicks[p]));
    long ord = base.orders() + Math.round(fb * simOrders[p]);
    long simReviews = reviews[p] - base.reviewCount();
    long rc = base.reviewCount() + Math.round(fb * simReviews);
    double rating;
    if (rc == 0) {
      rating = 0;
    } else if (fb == 1.0 || simReviews == 0) {
      rating = reviews[p] == 0 ? 0 : Math.max(0, Math.min(5, ratingSum[p] / reviews[p]));
    } else {
      double simSum = ratingSum[p] - base.rating() * base.reviewCount();
      rating = Math.max(0, Math.min(5, (base.rating() * base.reviewCount() + fb * simSum) / (base.reviewCount() + fb * simReviews)));
    }
    return new Signals(sales7, sales30, imp, clk, ord, rating, rc);
  }

  private SellerDay report(SellerRt s, int day) {
    List<ProductDay> pds = new ArrayList<>();
    long aI = 0, aC = 0, ch = 0, sp = 0, oI = 0, oC = 0, oP = 0, tI = 0, tC = 0, ord = 0, g = 0, cg = 0, st = 0;
    int admittedCount = 0;
    for (int p : s.products) {
      int adm = 0;
      for (int a = 0; a < activities.size(); a++) if (admitted[a][p]) adm++;
      long stock = stock(p);
      pds.add(new ProductDay(pid[p], listPrice(p), adImp[p], adClk[p], spend[p], orgImp[p], orgClk[p], orgPos[p], actImp[p],
          actClk[p], orders[p], adOrders[p], actOrders[p], gmv[p], adGmv[p], cogs[p], stock, adm));
      aI += adImp[p];
      aC += adClk[p];
      ch += charged[p];
      sp += spend[p];
      oI += orgImp[p];
      oC += orgClk[p];
      oP += orgPos[p];
      tI += actImp[p];
      tC += actClk[p];
      ord += orders[p];
      g += gmv[p];
      cg += cogs[p];
      st += stock;
      admittedCount += adm;
    }
    List<KeywordDay> kds = new ArrayList<>();
    for (Map.Entry<String, long[]> e : s.keywordCounters.entrySet()) {
      long[] c = e.getValue();
      if (c[0] == 0) continue; // not shown today (every count follows an impression)
      kds.add(new KeywordDay(e.getKey(), c[0], c[1], c[2], c[3], c[4]));
      Arrays.fill(c, 0);
    }
    List<String> notes = new ArrayList<>(s.pendingNotes);
    s.pendingNotes.clear();
    long budget = s.campaign == null ? 0 : s.campaign.status() == CampaignStatus.ACTIVE ? s.campaign.dailyBudgetMicros() : 0;
    SellerDay d = new SellerDay(day, s.def.id(), budget, aI, aC, ch, sp, oI, oC, oP, tI, tC, ord, g, cg, st, admittedCount,
        listPrice(s.products[0]), pds, kds, notes);
    // independent recount for the GMV and COGS identities: Σ orders × price per SKU
    long gCheck = 0, cCheck = 0;
    for (int p : s.products) {
      for (int k = 0; k < skuOrders[p].length; k++) {
        gCheck += skuOrders[p][k] * skuPrice[p][k];
        cCheck += skuOrders[p][k] * skuCost[p][k];
      }
    }
    Accounting.checkSkuSums(d, gCheck, cCheck);
    return d;
  }

  private void resetCounters() {
    for (long[] a : new long[][] {adImp, adClk, charged, spend, orgImp, orgClk, orgPos, actImp, actClk, orders, adOrders, actOrders,
        gmv, adGmv, cogs}) {
      Arrays.fill(a, 0);
    }
    for (long[] k : skuOrders) Arrays.fill(k, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // plans

  private void applyPlan(SellerRt s, SellerPlan plan) {
    s.pendingNotes.addAll(plan.notes());
    s.plan = plan.withoutNotes();
    // prices
    for (int p : s.products) {
      boolean changed = false;
      for (int k = 0; k < skuPrice[p].length; k++) {
        String key = product[p].skus().get(k).skuId();
        Long v = s.hasSkus(p) ? plan.skuPriceMicros().get(key) : plan.priceMicros().get(pid[p]);
        if (v != null && v != skuPrice[p][k]) {
          skuPrice[p][k] = v;
          changed = true;
        }
      }
      if (changed) {
        updateShownPrice(p);
        List<Sku> skus = new ArrayList<>();
        for (int k = 0; k < skuPrice[p].length; k++) skus.add(new Sku(product[p].skus().get(k).skuId(), skuPrice[p][k], skuStock[p][k]));
        product[p] = product[p].withSkus(skus);
        if (listed[p]) engine.upsert(product[p]);
      }
    }
    // campaign
    Campaign c = campaignFor(s, plan);
    if (c == null) {
      if (s.campaign != null) {
        byCampaign.remove(s.campaign.campaignId());
        engine.removeCampaign(s.campaign.campaignId());
      }
      s.campaign = null;
      return;
    }
    if (!c.equals(s.campaign)) {
      engine.upsertCampaign(c);
      s.campaign = c;
      byCampaign.put(c.campaignId(), s);
    }
  }

  private Campaign campaignFor(SellerRt s, SellerPlan plan) {
    Bidding b = plan.bidding();
    List<AdGroup> groups = new ArrayList<>();
    long defaultBid = b.mode() == Bidding.Mode.MANUAL_CPC ? b.defaultCpcMicros() : b.maxCpcMicros();
    for (int p : s.products) {
      if (!s.advertised.contains(pid[p]) || plan.adsPaused().contains(pid[p]) || stock(p) == 0 || s.def.keywords().isEmpty()) continue;
      List<Keyword> kws = new ArrayList<>();
      for (String kw : s.def.keywords()) {
        long cpc = b.mode() == Bidding.Mode.MANUAL_CPC ? b.cpcFor(kw) : defaultBid;
        if (cpc <= 0) continue;
        kws.add(Keyword.of(kw, MatchType.BROAD, cpc));
      }
      if (kws.isEmpty() || defaultBid <= 0) continue;
      groups.add(new AdGroup(pid[p], pid[p], product[p].category(), defaultBid, kws, List.of()));
    }
    if (groups.isEmpty() && s.campaign == null) return null;
    BidStrategy strategy = switch (b.mode()) {
      case MANUAL_CPC -> BidStrategy.MANUAL;
      case TARGET_CPA -> new BidStrategy.TargetCpa(Math.max(1, Math.round(b.target())));
      case TARGET_ROAS -> new BidStrategy.TargetRoas(b.target());
      case MAX_CLICKS -> new BidStrategy.MaximizeClicks(Math.max(1, b.maxCpcMicros()));
    };
    boolean active = !groups.isEmpty() && plan.dailyBudgetMicros() > 0;
    if (groups.isEmpty()) {
      // keep the campaign object (paused) so its spend history stays addressable
      groups = s.campaign.adGroups();
    }
    return new Campaign(s.def.id() + "/ads", s.def.id(), Math.max(1, plan.dailyBudgetMicros()),
        active ? CampaignStatus.ACTIVE : CampaignStatus.PAUSED, strategy, sc.auction().overspendAllowance(), Schedule.ALWAYS,
        BidAdjustments.NONE, groups);
  }

  // ---------------------------------------------------------------------------------------------
  // activities

  /** Highest list price admitted tomorrow: the mean regular (non-promotion) price over the reference window × (1 − discount). */
  private long maxActivityPrice(ActivitySpec a, int p) {
    long sum = 0;
    int cnt = 0;
    int d = currentDay;
    for (int i = 1; i <= a.referenceDays(); i++) {
      int slot = Math.floorMod(d - i, RING);
      if (d - i < 0) break;
      if (promoRing[p][slot]) continue;
      sum += priceRing[p][slot];
      cnt++;
    }
    long ref = cnt == 0 ? product[p].priceMicros() : sum / cnt;
    if (cnt == 0 && currentDay > 0) ref = regularFallback(p);
    return (long) Math.floor(ref * (100 - a.discountPercent()) / 100.0);
  }

  private long regularFallback(int p) {
    for (int i = 1; i <= RING && currentDay - i >= 0; i++) {
      int slot = Math.floorMod(currentDay - i, RING);
      if (!promoRing[p][slot]) return priceRing[p][slot];
    }
    // never had a regular day in the window: the listing's starting price
    return world.products.get(p).priceMicros();
  }

  private boolean meetsSales(int a, int p) {
    ActivitySpec as = activities.get(a);
    if (as.minSales() == 0) return true;
    long s = 0;
    int d = currentDay;
    if (as.after() != null) {
      int b = activityIndex(as.after());
      long[] ring = activitySalesRing[b][p];
      if (ring == null) return false;
      for (int i = 1; i <= as.salesWindowDays() && d - i >= 0; i++) s += ring[Math.floorMod(d - i, RING)];
    } else {
      for (int i = 1; i <= as.salesWindowDays() && d - i >= 0; i++) s += salesRing[p][Math.floorMod(d - i, RING)];
      if (d < as.salesWindowDays()) s += initialSignals[p].sales7d();
    }
    return s >= as.minSales();
  }

  private int activityIndex(String name) {
    for (int i = 0; i < activities.size(); i++) if (activities.get(i).name().equals(name)) return i;
    return -1;
  }

  private void admitForDay(int day) {
    currentDay = day;
    channelOrder = new int[activities.size()][];
    for (int a = 0; a < activities.size(); a++) {
      ActivitySpec as = activities.get(a);
      List<Integer> in = new ArrayList<>();
      Arrays.fill(admitted[a], false);
      for (SellerRt s : sellers) {
        for (int p : s.products) {
          if (!s.plan.enrolled(as.name(), pid[p]) || !listed[p]) continue;
          if (listPrice(p) <= maxActivityPrice(as, p) && meetsSales(a, p)) {
            admitted[a][p] = true;
            in.add(p);
          }
        }
      }
      in.sort((x, y) -> {
        long sx = recentSales(x), sy = recentSales(y);
        if (sx != sy) return Long.compare(sy, sx);
        if (shownPrice[x] != shownPrice[y]) return Long.compare(shownPrice[x], shownPrice[y]);
        return Integer.compare(x, y);
      });
      channelOrder[a] = in.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private long stock(int p) {
    long s = 0;
    for (long k : skuStock[p]) s += k;
    return s;
  }

  /** List price: the cheapest SKU's price (as the index shows it). */
  private long listPrice(int p) {
    long m = Long.MAX_VALUE;
    for (long v : skuPrice[p]) m = Math.min(m, v);
    return m;
  }

  private void updateShownPrice(int p) {
    long m = Long.MAX_VALUE;
    for (int k = 0; k < skuPrice[p].length; k++) if (skuStock[p][k] > 0) m = Math.min(m, skuPrice[p][k]);
    shownPrice[p] = m == Long.MAX_VALUE ? listPrice(p) : m;
    shownPriceVersion++;
  }

  private static long sum(long[] a, int len) {
    long s = 0;
    for (int i = 0; i < len; i++) s += a[i];
    return s;
  }
}
