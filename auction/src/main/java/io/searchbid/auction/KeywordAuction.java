package io.searchbid.auction;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyword auction for one search: matching → status/schedule/budget/pacing filter → bid
 * (strategy × hour/segment adjustment, capped at the budget left today) → quality → ad rank →
 * reserve/threshold → pricing ({@link PositionAuction}) → slots, each with a signed click token.
 *
 * <p>Rules applied, in order, to each matched ad group (one keyword represents it, see {@link
 * AdIndex}): the campaign must be ACTIVE and inside its {@link Schedule}; its bid adjustment for the
 * hour and user segment must not be 0; its spend today must be below {@code budget × allowance};
 * the {@link Pacer} must admit it; the bid after adjustment must be > 0. With {@code
 * onePerAdvertiser}, only each advertiser's best-ranked ad stays. Ties in ad rank are broken by a
 * hash of (auction id, ad group id): fair rotation, identical on replay.
 *
 * <p>Thread-safe if its collaborators are (the defaults are); scratch space is per thread, and the
 * pricing step allocates nothing.
 */
public final class KeywordAuction {
  private final AuctionConfig config;
  private final double[] slotRates;
  private final AdIndex index;
  private final ClickModel clicks;
  private final ConversionModel conversions;
  private final SpendView spend;
  private final Pacer pacer;
  private final ClickTokenCodec tokens;
  private final ConcurrentHashMap<String, AutoBidder> bidders = new ConcurrentHashMap<>();
  private final ThreadLocal<Scratch> scratch;

  private KeywordAuction(Builder b) {
    this.config = b.config;
    this.slotRates = b.config.slotClickRatesArray();
    this.index = b.index;
    this.clicks = b.clicks != null ? b.clicks : ClickModel.withDefaults(slotRates);
    this.conversions = b.conversions != null ? b.conversions : ConversionModel.constant(0.02);
    this.spend = b.spend != null ? b.spend : new BudgetLedger();
    this.pacer = b.pacer != null ? b.pacer : Pacer.none();
    this.tokens = b.tokens;
    int slots = slotRates.length;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(slots));
  }

  /** Starts a builder; the index and the token codec are required, the rest have defaults. */
  public static Builder builder(AdIndex index, ClickTokenCodec tokens) {
    return new Builder(index, tokens);
  }

  /** Wiring of a {@link KeywordAuction}. */
  public static final class Builder {
    private final AdIndex index;
    private final ClickTokenCodec tokens;
    private AuctionConfig config = AuctionConfig.defaults();
    private ClickModel clicks;
    private ConversionModel conversions;
    private SpendView spend;
    private Pacer pacer;

    private Builder(AdIndex index, ClickTokenCodec tokens) {
      this.index = Checks.notNull(index, "index", "");
      this.tokens = Checks.notNull(tokens, "tokens", "");
    }

    public Builder config(AuctionConfig c) {
      this.config = c;
      return this;
    }

    /** Default: {@link ClickModel#withDefaults} over the config's slot click rates. */
    public Builder clickModel(ClickModel c) {
      this.clicks = c;
      return this;
    }

    /** Default: 2 % conversion rate, value unknown. */
    public Builder conversions(ConversionModel c) {
      this.conversions = c;
      return this;
    }

    /** Default: a fresh {@link BudgetLedger}. */
    public Builder spend(SpendView s) {
      this.spend = s;
      return this;
    }

    /** Default: {@link Pacer#none()}. */
    public Builder pacer(Pacer p) {
      this.pacer = p;
      return this;
    }

    public KeywordAuction build() {
      return new KeywordAuction(this);
    }
  }

  private static final class Scratch {
    final MatchBuffer matches = new MatchBuffer();
    final IntIntTable advertisers = new IntIntTable();
    final PositionAuction pricing = new PositionAuction(32);
    /*
     * Per-auction arrays, primitives only: a reference stored into a long-lived array costs a GC
     * write barrier (with G1 a StoreLoad fence for a store across regions), so candidates are
     * named by their index in the match buffer.
     */
    /** Pass 1 (see {@link #run}): matches through the static filters, their adjustment, spend and pCTR. */
    int[] open = new int[32];
    double[] adjustment = new double[32];
    long[] spent = new long[32];
    double[] openPctr = new double[32];
    /** Pass 2: the candidates that enter the ranking. */
    int[] cands = new int[32];
    long[] bids = new long[32];
    double[] quality = new double[32];
    double[] pctr = new double[32];
    long[] tie = new long[32];
    final int[] winners;
    final long[] prices;

    Scratch(int slots) {
      winners = new int[slots];
      prices = new long[slots];
    }

    void ensure(int n) {
      if (cands.length < n) {
        int c = Math.max(n, cands.length * 2);
        open = java.util.Arrays.copyOf(open, c);
        adjustment = java.util.Arrays.copyOf(adjustment, c);
        spent = java.util.Arrays.copyOf(spent, c);
        openPctr = java.util.Arrays.copyOf(openPctr, c);
        cands = java.util.Arrays.copyOf(cands, c);
        bids = java.util.Arrays.copyOf(bids, c);
        quality = java.util.Arrays.copyOf(quality, c);
        pctr = java.util.Arrays.copyOf(pctr, c);
        tie = java.util.Arrays.copyOf(tie, c);
      }
    }
  }

  public AuctionConfig config() {
    return config;
  }

  public AdIndex index() {
    return index;
  }

  public ClickModel clickModel() {
    return clicks;
  }

  public ClickTokenCodec tokenCodec() {
    return tokens;
  }

  /** Adds or replaces a campaign in the index (and resets its bidder if the strategy changed). */
  public void upsert(Campaign campaign) {
    index.upsert(campaign);
    bidders.compute(campaign.campaignId(), (id, b) ->
        b != null && b.strategy().equals(campaign.bidStrategy()) ? b : AutoBidder.of(campaign.bidStrategy()));
  }

  /** Removes a campaign from the index. */
  public void remove(String campaignId) {
    index.remove(campaignId);
    bidders.remove(campaignId);
  }

  /**
   * The campaign's bidder (created on first use), e.g. to give it {@link BidFeedback}. Its state
   * survives re-indexing of the campaign; a changed strategy starts a fresh bidder.
   */
  public AutoBidder bidder(Campaign campaign) {
    AutoBidder b = bidders.get(campaign.campaignId());
    if (b == null || !b.strategy().equals(campaign.bidStrategy())) {
      b = AutoBidder.of(campaign.bidStrategy());
      bidders.put(campaign.campaignId(), b);
    }
    return b;
  }

  /** Runs the auction for a raw query (tokenised with the index's tokenizer). */
  public AuctionResult run(String query, AuctionContext ctx) {
    return run(index.tokenizer().tokens(query), ctx);
  }

  /** Runs the auction for already normalised query tokens; every slot carries a signed click token. */
  public AuctionResult run(List<String> queryTokens, AuctionContext ctx) {
    return run(queryTokens, ctx, true);
  }

  /**
   * Runs the auction for already normalised query tokens.
   *
   * @param signTokens whether to sign a click token per slot (HMAC costs about a microsecond per
   *     slot); when false, {@link AdSlot#clickToken()} is null and {@link #signClick} can sign a slot
   *     later (e.g. only for the slots a simulated user clicks)
   */
  public AuctionResult run(List<String> queryTokens, AuctionContext ctx, boolean signTokens) {
    Scratch s = scratch.get();
    MatchBuffer mb = s.matches;
    index.match(queryTokens, mb);
    int matched = mb.size();
    if (matched == 0) {
      return new AuctionResult(ctx.auctionId(), List.of(), 0, 0);
    }
    s.ensure(matched);
    long t = ctx.epochMillis();
    long day = Times.epochDay(t);
    int hour = Times.hourOfDay(t);
    int queryLen = queryTokens.size();
    long auctionId = ctx.auctionId();
    /*
     * Two passes, for memory-level parallelism: what one candidate costs is mostly cache misses on
     * its keyword and on its mutable cells (spend, clicks). Pass 1 only reads: for every matched
     * keyword, the static filters (status, schedule, adjustment), its campaign's spend today and,
     * if its click cell is already cached, its pCTR; keywords are independent, so the CPU
     * overlaps their misses. Pass 2 decides (spend cap, pacing, bid, rank, one per advertiser) in
     * the order of a single pass: cell creation, pacer updates and bidder calls happen for the
     * same keywords in the same order as before the split.
     */
    BudgetLedger ledger = spend instanceof BudgetLedger l ? l : null;
    double globalCtr = clicks.globalCtr();
    int open = 0;
    for (int i = 0; i < matched; i++) {
      IndexedKeyword k = mb.get(i);
      if (!k.active || (!k.alwaysOn && !k.campaign.schedule().isActive(t))) {
        continue;
      }
      double adj = k.unadjusted ? 1.0 : k.campaign.adjustments().multiplier(hour, ctx.userSegment());
      if (adj == 0) {
        continue;
      }
      s.open[open] = i;
      s.adjustment[open] = adj;
      s.spent[open] = ledger == null ? 0 : BudgetLedger.spentMicros(spendCell(ledger, k), day);
      ClickModel.AdCell cell = k.clickCells;
      s.openPctr[open] = cell != null && cell.owner == clicks ? clicks.pctr(cell, globalCtr) : Double.NaN;
      open++;
    }
    int n = 0;
    for (int o = 0; o < open; o++) {
      int i = s.open[o];
      IndexedKeyword k = mb.get(i);
      long cap = k.capMicros;
      long spent = ledger != null ? s.spent[o] : spend.spentMicros(k.campaignId, day);
      if (spent >= cap || !admit(k, spent, t, auctionId)) {
        continue;
      }
      double pctr = s.openPctr[o];
      if (Double.isNaN(pctr)) { // first auction of this keyword with this click model
        pctr = clicks.pctr(clicks.cells(k), globalCtr);
      }
      double quality = pctr * ClickModel.relevance(k.matchFactor, k.tokenCount, queryLen);
      long base = k.manualCpc ? k.baseBidMicros : bidder(k).bidMicros(k, pctr,
          conversions.pcvr(k), conversions.orderValueMicros(k));
      double adj = s.adjustment[o];
      long bid = Math.min(adj == 1.0 ? base : Math.round(base * adj), cap - spent);
      if (bid <= 0) {
        continue;
      }
      long tie = mix(auctionId ^ k.tieKey);
      if (config.onePerAdvertiser()) {
        int same = s.advertisers.putIfAbsent(k.advertiserOrdinal, n);
        if (same >= 0) {
          double r0 = s.bids[same] * s.quality[same];
          double r1 = bid * quality;
          if (r1 > r0 || (r1 == r0 && tie < s.tie[same])) {
            put(s, same, i, bid, quality, pctr, tie);
          }
          continue;
        }
      }
      put(s, n++, i, bid, quality, pctr, tie);
    }
    s.advertisers.clear();
    int filled = s.pricing.run(n, s.bids, s.quality, s.tie, slotRates, slotRates.length,
        config.reservePriceMicros(), config.minAdRank(), config.incrementMicros(), config.rule(),
        s.winners, s.prices);
    AdSlot[] slots = new AdSlot[filled];
    for (int j = 0; j < filled; j++) {
      int w = s.winners[j];
      IndexedKeyword k = mb.get(s.cands[w]);
      String token = !signTokens ? null : tokens.sign(new ClickToken(auctionId, k.campaignId,
          k.adGroupId, k.normalizedText, j + 1, s.prices[j], t));
      slots[j] = new AdSlot(j + 1, k.campaignId, k.advertiserId, k.adGroupId, k.productId, k.normalizedText,
          k.matchType, s.bids[w], s.prices[j], s.quality[w], s.bids[w] * s.quality[w],
          s.pctr[w] * clicks.positionBias(j + 1), token);
    }
    return new AuctionResult(auctionId, List.of(slots), matched, n);
  }

  /** The auto-bidder of a keyword's campaign, through the campaign's cache (no map lookup). */
  private AutoBidder bidder(IndexedKeyword k) {
    IndexedKeyword.BidderCache cached = k.slot.bidder;
    if (cached != null && cached.owner() == this) {
      return cached.bidder();
    }
    AutoBidder b = bidder(k.campaign);
    k.slot.bidder = new IndexedKeyword.BidderCache(this, b);
    return b;
  }

  /** The campaign's cell in the ledger, through the keyword's cache (no map lookup). */
  private static BudgetLedger.Cell spendCell(BudgetLedger ledger, IndexedKeyword k) {
    BudgetLedger.Cell cell = k.spendCell;
    if (cell == null || cell.owner != ledger) {
      cell = ledger.cell(k.campaignId);
      k.spendCell = cell;
    }
    return cell;
  }

  /** Pacing decision; for a {@link ThrottlingPacer} through the keyword's cached state. */
  private boolean admit(IndexedKeyword k, long spent, long t, long auctionId) {
    if (pacer instanceof ThrottlingPacer tp) {
      ThrottlingPacer.State st = k.pacerState;
      if (st == null || st.owner != tp) {
        st = tp.state(k.campaignId);
        k.pacerState = st;
      }
      return tp.admit(st, k.campaign, spent, t, auctionId);
    }
    return pacer.admit(k.campaign, spent, t, auctionId);
  }

  private static void put(Scratch s, int i, int match, long bid, double q, double pctr, long tie) {
    s.cands[i] = match;
    s.bids[i] = bid;
    s.quality[i] = q;
    s.pctr[i] = pctr;
    s.tie[i] = tie;
  }

  /** Signs the click token of a slot shown by auction {@code auctionId} at {@code issuedAtMillis}. */
  public String signClick(long auctionId, AdSlot slot, long issuedAtMillis) {
    return tokens.sign(new ClickToken(auctionId, slot.campaignId(), slot.adGroupId(), slot.keywordText(),
        slot.slot(), slot.priceMicros(), issuedAtMillis));
  }

  /** Verifies a click token (delegates to the codec). */
  public TokenVerification verifyClick(String token, long nowMillis) {
    return tokens.verify(token, nowMillis);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
