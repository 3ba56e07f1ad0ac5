package io.searchbid.engine;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.AdIndex;
import io.searchbid.auction.AdSlot;
import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.AuctionContext;
import io.searchbid.auction.AuctionResult;
import io.searchbid.auction.BudgetLedger;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickToken;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.auction.TokenVerification;
import io.searchbid.ranking.Hit;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.SearchRequest;
import io.searchbid.ranking.SearchResult;
import io.searchbid.ranking.TextAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One search result page = organic products ({@code ranking}) + keyword ads (the auction core),
 * and the click path behind the ads. The simulator drives this class in-process; the HTTP service
 * is a thin shell over it. Nothing on the search path touches an actor, a future or I/O.
 *
 * <h2>Page layout</h2>
 * Every page (any page number) carries up to {@code AuctionConfig.slotClickRates().size()} ads
 * (default 4) in auction order, <em>above</em> the organic results of that page; ad slot 1 is the
 * top of the page. Ads are labelled as such by the client; an advertised product may also appear
 * organically (the two are ranked independently, as on the large marketplaces). Organic results are
 * numbered {@code rank} from 1 across pages ({@code page × size + i + 1}). An ad whose product is
 * not in the catalog is dropped from the page (its slot number stays, its token is never issued to
 * the client).
 *
 * <h2>Clicks</h2>
 * {@link #click} verifies the signed token (HMAC, time to live), then charges through the {@link
 * ClickCharger}: exactly once per token id ({@link #tokenId}), whatever the number of clicks.
 *
 * <p>Thread-safe: searches run in parallel; campaign and product updates may run concurrently with
 * them (the ad index takes a write lock per campaign, the product index refreshes atomically).
 */
public final class SearchEngine {

  /** A search: query text, zero-based page, page size, optional user segment (bid adjustments). */
  public record Query(String text, int page, int size, String userSegment) {
    public Query {
      Objects.requireNonNull(text, "text");
      userSegment = userSegment == null ? "" : userSegment;
    }

    public static Query of(String text) {
      return new Query(text, 0, 10, "");
    }
  }

  /**
   * A shown ad.
   *
   * @param cpcMicros price per click the auction set (charged on click, capped by the budget)
   * @param priceMicros the product's listing price
   * @param clickUrl {@code clickUrlPrefix + clickToken}
   */
  public record Ad(int slot, String adId, String campaignId, String advertiserId, String productId, String title,
      long priceMicros, long cpcMicros, String keyword, String clickToken, String clickUrl) {}

  /** An organic result; {@code rank} is 1-based over all pages. */
  public record Organic(int rank, String productId, String title, long priceMicros, double score) {}

  /**
   * A result page.
   *
   * @param auctionId identity of the auction behind the ads (part of every click token id)
   * @param tookMicros time spent building the page (ticker-based; 0 with a zero ticker)
   * @param auctionMicros part of {@code tookMicros} spent in the auction
   */
  public record ResultPage(String query, List<Ad> ads, List<Organic> organic, long totalMatches, long auctionId,
      long tookMicros, long auctionMicros) {
    public ResultPage {
      ads = List.copyOf(ads);
      organic = List.copyOf(organic);
    }
  }

  /** Receives each ad shown (impression counting). Called on the search thread: keep it cheap. */
  @FunctionalInterface
  public interface AdListener {
    void shown(Ad ad, long nowMillis);

    AdListener NONE = (ad, now) -> {};
  }

  private final ProductIndex products;
  private final Catalog catalog;
  private final KeywordAuction auction;
  private final ClickCharger charger;
  private final String clickUrlPrefix;
  private final LongSupplier auctionIds;
  private final LongSupplier ticker;
  private final AdListener adListener;
  /**
   * Organic results and query tokens per (text, page, size) computed since the last {@link
   * #refreshProducts()}, or null when caching is off. Exact: the product index only changes what
   * searches see on refresh.
   *
   * <p>A refresh (or a full map) swaps in a new empty map instead of clearing this one: a search
   * reads the map <em>before</em> it acquires a searcher, so a map published after a refresh only
   * ever receives results of the refreshed index; a search that raced with the refresh writes into
   * the old map, which nobody reads any more. (Clearing in place could keep such a stale result.)
   */
  private final AtomicReference<ConcurrentHashMap<OrganicKey, Organics>> organicCache;
  private final int organicCacheMaxEntries;
  private final LongAdder organicCacheHits = new LongAdder();
  private final LongAdder organicCacheMisses = new LongAdder();

  /** When true, ads carry no click token/URL; {@link #signClick} signs one on demand. */
  private final boolean signOnDemand;

  private record OrganicKey(String text, int page, int size) {}

  /** The organic part of a page: the ranking's result, the query's tokens, the page's rows (immutable). */
  private record Organics(SearchResult result, List<String> tokens, List<Organic> rows) {}

  private SearchEngine(Builder b) {
    this.products = b.products;
    this.catalog = b.catalog;
    this.auction = b.auction;
    this.charger = b.charger;
    this.clickUrlPrefix = b.clickUrlPrefix;
    this.auctionIds = b.auctionIds;
    this.ticker = b.ticker;
    this.adListener = b.adListener;
    this.organicCache = b.organicCacheMaxEntries > 0 ? new AtomicReference<>(new ConcurrentHashMap<>()) : null;
    this.organicCacheMaxEntries = b.organicCacheMaxEntries;
    this.signOnDemand = b.signOnDemand;
  }

  /**
   * An in-process engine: a fresh {@link BudgetLedger} as the spend view and click charger, an
   * empty {@link AdIndex} with ranking's tokenizer, deterministic auction ids from {@code seed}, and
   * a zero ticker (so results never depend on timing).
   */
  public static SearchEngine inProcess(ProductIndex products, AuctionConfig config, ClickKeyRing keys,
      long tokenTtlMillis, long seed) {
    AdIndex index = new AdIndex(RankingTokenizer.INSTANCE);
    BudgetLedger ledger = new BudgetLedger();
    KeywordAuction auction = KeywordAuction.builder(index, new ClickTokenCodec(keys, tokenTtlMillis, 60_000))
        .config(config).spend(ledger).build();
    return builder(products, auction)
        .charger(new InProcessClickCharger(ledger, index))
        .auctionIds(seededIds(seed))
        .ticker(() -> 0L)
        .build();
  }

  /** Auction ids: a SplitMix64 sequence from {@code seed} (thread-safe, deterministic order per call order). */
  public static LongSupplier seededIds(long seed) {
    AtomicLong counter = new AtomicLong(seed);
    return () -> mix(counter.addAndGet(0x9E3779B97F4A7C15L));
  }

  /** Starts wiring an engine around a product index and a built auction. */
  public static Builder builder(ProductIndex products, KeywordAuction auction) {
    return new Builder(products, auction);
  }

  /** Wiring of a {@link SearchEngine}; only the product index and the auction are required. */
  public static final class Builder {
    private final ProductIndex products;
    private final KeywordAuction auction;
    private Catalog catalog = new Catalog();
    private ClickCharger charger;
    private String clickUrlPrefix = "/v1/click/";
    private LongSupplier auctionIds = seededIds(1);
    private LongSupplier ticker = System::nanoTime;
    private AdListener adListener = AdListener.NONE;
    private int organicCacheMaxEntries;
    private boolean signOnDemand;

    private Builder(ProductIndex products, KeywordAuction auction) {
      this.products = Objects.requireNonNull(products, "products");
      this.auction = Objects.requireNonNull(auction, "auction");
    }

    public Builder catalog(Catalog c) {
      this.catalog = Objects.requireNonNull(c);
      return this;
    }

    /** Default: an {@link InProcessClickCharger} on a fresh ledger (only right if the auction's spend view is that ledger). */
    public Builder charger(ClickCharger c) {
      this.charger = Objects.requireNonNull(c);
      return this;
    }

    /** Prefix of click URLs, e.g. {@code https://ads.example.com/v1/click/}. */
    public Builder clickUrlPrefix(String p) {
      this.clickUrlPrefix = Objects.requireNonNull(p);
      return this;
    }

    /** Source of auction ids; must not repeat within the click tokens' lifetime. */
    public Builder auctionIds(LongSupplier ids) {
      this.auctionIds = Objects.requireNonNull(ids);
      return this;
    }

    /** Nanosecond ticker for {@code tookMicros}; {@code () -> 0L} for deterministic output. */
    public Builder ticker(LongSupplier t) {
      this.ticker = Objects.requireNonNull(t);
      return this;
    }

    public Builder adListener(AdListener l) {
      this.adListener = Objects.requireNonNull(l);
      return this;
    }

    /**
     * Caches organic results and query tokens per (text, page, size) until the next {@link
     * SearchEngine#refreshProducts()}. Exact only if every refresh of the product index goes through
     * the engine (never {@code productIndex().refresh()} directly): the index shows writes to searches
     * only on refresh. For the simulator, whose catalog changes once per simulated day.
     */
    public Builder cacheOrganicUntilRefresh(boolean on) {
      this.organicCacheMaxEntries = on ? Integer.MAX_VALUE : 0;
      return this;
    }

    /**
     * As {@link #cacheOrganicUntilRefresh(boolean)}, holding at most {@code maxEntries} (query text,
     * page, size) entries: when full, the cache starts over empty (the popular queries are back
     * after their next search). For a service, whose queries come from users; 0 turns it off.
     *
     * @throws IllegalArgumentException if {@code maxEntries < 0}
     */
    public Builder cacheOrganicUntilRefresh(int maxEntries) {
      if (maxEntries < 0) {
        throw new IllegalArgumentException("organic cache maxEntries must be >= 0, got " + maxEntries);
      }
      this.organicCacheMaxEntries = maxEntries;
      return this;
    }

    /**
     * When on, {@link #search} signs no click tokens: every {@link Ad#clickToken()} and {@link
     * Ad#clickUrl()} is null and {@link SearchEngine#signClick} signs the token of an ad that is
     * actually clicked (the same token the eager path would have issued). For in-process callers
     * that click few of the ads they see (the simulator); never for pages sent to clients.
     */
    public Builder signClicksOnDemand(boolean on) {
      this.signOnDemand = on;
      return this;
    }

    public SearchEngine build() {
      if (charger == null) {
        charger = new InProcessClickCharger(new BudgetLedger(), auction.index());
      }
      return new SearchEngine(this);
    }
  }

  // --- catalog and campaigns ----------------------------------------------------------------------

  public Catalog catalog() {
    return catalog;
  }

  public KeywordAuction auction() {
    return auction;
  }

  public ClickCharger charger() {
    return charger;
  }

  public ProductIndex productIndex() {
    return products;
  }

  /** Adds or replaces a product (index + catalog); searchable after {@link #refreshProducts()}. */
  public void upsertProduct(Product p) {
    products.upsert(p);
    catalog.put(p);
  }

  /** Indexes a product without touching the catalog (store recovery). */
  public void indexProduct(Product p) {
    products.upsert(p);
  }

  /** Makes product writes visible to searches (and drops the organic cache, if on). */
  public void refreshProducts() {
    products.refresh();
    if (organicCache != null) {
      organicCache.set(new ConcurrentHashMap<>()); // after the refresh: see organicCache
    }
  }

  /** Searches answered from the organic cache so far (0 when it is off). */
  public long organicCacheHits() {
    return organicCacheHits.sum();
  }

  /** Searches that computed their organic results (with the cache on) so far. */
  public long organicCacheMisses() {
    return organicCacheMisses.sum();
  }

  public void commitProducts() {
    products.commit();
  }

  /** Adds or replaces a campaign in the ad index (takes effect for the next search). */
  public void upsertCampaign(Campaign c) {
    auction.upsert(c);
  }

  public void removeCampaign(String campaignId) {
    auction.remove(campaignId);
  }

  // --- search -------------------------------------------------------------------------------------

  /**
   * Builds the result page for {@code q} at {@code nowMillis} (budgets and schedules use its day and
   * hour; tokens carry it as issue time).
   *
   * @throws IllegalArgumentException for a query longer than {@link SearchRequest#MAX_QUERY_CHARS}
   *     characters or {@link SearchRequest#MAX_QUERY_TERMS} terms, a bad page/size, or a page beyond
   *     the ranking's candidate window; the message names the rule
   */
  public ResultPage search(Query q, long nowMillis) {
    long start = ticker.getAsLong();
    Organics o = organicCache != null ? cachedOrganics(q) : organics(q);
    long auctionStart = ticker.getAsLong();
    long auctionId = auctionIds.getAsLong();
    AuctionResult ar = auction.run(o.tokens(), new AuctionContext(auctionId, nowMillis, q.userSegment()), !signOnDemand);
    long auctionEnd = ticker.getAsLong();
    List<Ad> ads = ar.slots().isEmpty() ? List.of() : new ArrayList<>(ar.slots().size());
    for (AdSlot s : ar.slots()) {
      Catalog.Entry p = catalog.get(s.productId());
      if (p == null) {
        continue;
      }
      Ad ad = new Ad(s.slot(), s.adGroupId(), s.campaignId(), s.advertiserId(), s.productId(), p.title(),
          p.priceMicros(), s.priceMicros(), s.keywordText(), s.clickToken(),
          s.clickToken() == null ? null : clickUrlPrefix + s.clickToken());
      ads.add(ad);
      adListener.shown(ad, nowMillis);
    }
    long end = ticker.getAsLong();
    return new ResultPage(q.text(), ads, o.rows(), o.result().totalMatches(), auctionId, (end - start) / 1000,
        (auctionEnd - auctionStart) / 1000);
  }

  /** Runs the organic search of {@code q} (validating it) and builds its rows. */
  private Organics organics(Query q) {
    SearchRequest req = new SearchRequest(q.text(), null, null, 0, Long.MAX_VALUE, q.page(), q.size(), false);
    SearchResult organic = products.search(req);
    List<Hit> hits = organic.hits();
    Organic[] rows = new Organic[hits.size()];
    int base = req.from();
    for (int i = 0; i < rows.length; i++) {
      Hit h = hits.get(i);
      rows[i] = new Organic(base + i + 1, h.productId(), h.title(), h.priceMicros(), h.score());
    }
    return new Organics(organic, List.copyOf(TextAnalysis.tokens(q.text())), List.of(rows));
  }

  /** The cached organic results of {@code q}, computed (and cached) on a miss. */
  private Organics cachedOrganics(Query q) {
    ConcurrentHashMap<OrganicKey, Organics> map = organicCache.get(); // before the searcher: see organicCache
    OrganicKey key = new OrganicKey(q.text(), q.page(), q.size());
    Organics o = map.get(key);
    if (o != null) {
      organicCacheHits.increment();
      return o;
    }
    organicCacheMisses.increment();
    o = organics(q);
    if (map.size() >= organicCacheMaxEntries) {
      organicCache.compareAndSet(map, new ConcurrentHashMap<>()); // full: start over (a refresh may have won)
      return o;
    }
    // two searches of the same new query may both compute it: equal results, the first one is kept
    Organics raced = map.putIfAbsent(key, o);
    return raced != null ? raced : o;
  }

  // --- clicks -------------------------------------------------------------------------------------

  /**
   * Signs the click token of {@code ad} as shown on the page of auction {@code auctionId} built at
   * {@code issuedAtMillis} (the search's {@code nowMillis}): the token the eager path puts in
   * {@link Ad#clickToken()}. For engines built with {@link Builder#signClicksOnDemand}.
   */
  public String signClick(long auctionId, Ad ad, long issuedAtMillis) {
    return auction.tokenCodec().sign(new ClickToken(auctionId, ad.campaignId(), ad.adId(), ad.keyword(), ad.slot(),
        ad.cpcMicros(), issuedAtMillis));
  }

  /** The identity of a click: one per shown ad (auction id and slot). */
  public static String tokenId(ClickToken t) {
    return Long.toUnsignedString(t.auctionId(), 36) + "-" + t.slot();
  }

  /**
   * Verifies a click token at {@code nowMillis}. Rejections carry the reason as
   * {@link ClickOutcome#reason()}: {@code malformed}, {@code forged} (unknown key or bad signature),
   * {@code expired}, {@code not_yet_valid}.
   */
  public TokenVerification verify(String token, long nowMillis) {
    return auction.verifyClick(token, nowMillis);
  }

  /** Verifies and charges a click (exactly once per token id); never throws for a bad token. */
  public CompletionStage<ClickOutcome> click(String token, long nowMillis) {
    TokenVerification v = verify(token, nowMillis);
    if (v instanceof TokenVerification.Rejected r) {
      return CompletableFuture.completedFuture(ClickOutcome.rejected(reason(r.reason()), r.message()));
    }
    ClickToken t = ((TokenVerification.Valid) v).token();
    return charger.charge(t, tokenId(t), productOf(t), nowMillis);
  }

  /** The product an ad promoted (from the ad index; the service's ad ids also encode it). */
  public String productOf(ClickToken t) {
    Campaign c = auction.index().campaign(t.campaignId());
    if (c != null) {
      for (AdGroup g : c.adGroups()) {
        if (g.adGroupId().equals(t.adGroupId())) {
          return g.productId();
        }
      }
    }
    int sep = t.adGroupId().indexOf('~');
    return sep >= 0 ? t.adGroupId().substring(sep + 1) : t.adGroupId();
  }

  /** Wire name of a rejection reason. */
  public static String reason(TokenVerification.Reason r) {
    return switch (r) {
      case MALFORMED -> "malformed";
      case UNKNOWN_KEY, BAD_SIGNATURE -> "forged";
      case EXPIRED -> "expired";
      case NOT_YET_VALID -> "not_yet_valid";
    };
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
