package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Duel: {@link KeywordAuction#run} (index, cached cells, per-thread scratch, top-K pricing) against
 * a dumb reference written from docs/AUCTION.md — brute-force matching of every keyword of every
 * campaign, string-keyed click, spend and pacing lookups, a full sort and the textbook price
 * formulas — on random seeded markets. Each side has its own click model, ledger, pacer and
 * bidders, fed the same impressions, clicks, charges and campaign updates, so a stale cache in the
 * fast path (after an upsert, a charge, a click, a new day) shows up as a difference.
 */
class KeywordAuctionDuelTest {
  static final long T0 = 1_764_028_800_000L; // 2025-11-25 00:00 UTC
  static final String[] WORDS = {"red", "blue", "dress", "dresses", "shoe", "lamp", "desk", "wood", "oak",
      "kid", "summer", "sale"};
  static final String[] SEGMENTS = {null, "mobile", "desktop"};

  @ParameterizedTest
  @EnumSource(PricingRule.class)
  void fastAuction_equalsReference_onRandomMarkets(PricingRule rule) {
    int shown = 0;
    int full = 0;
    for (long seed = 1; seed <= 6; seed++) {
      int[] counts = duel(seed * 31 + rule.ordinal(), rule);
      shown += counts[0];
      full += counts[1];
    }
    assertThat(shown).as("ads shown").isGreaterThan(3000);
    assertThat(full).as("auctions with every slot filled and a priced loser").isGreaterThan(300);
  }

  /** One random market; returns {ads shown, auctions with every slot filled and a priced loser}. */
  private int[] duel(long seed, PricingRule rule) {
    SplittableRandom r = new SplittableRandom(seed);
    Tokenizer tok = Tokenizers.defaultTokenizer();
    List<Double> rates = List.of(0.30, 0.20, 0.12, 0.08, 0.05).subList(0, 1 + r.nextInt(5));
    AuctionConfig config = new AuctionConfig(rule, rates, r.nextBoolean() ? 0 : r.nextLong(300_000),
        r.nextBoolean() ? 0 : r.nextDouble() * 2_000, r.nextBoolean() ? 0 : r.nextLong(10_000), r.nextBoolean());
    double[] slotRates = config.slotClickRatesArray();
    long paceSeed = r.nextLong();
    boolean paced = r.nextBoolean();
    BudgetLedger fastLedger = new BudgetLedger();
    ClickModel fastClicks = ClickModel.withDefaults(slotRates);
    KeywordAuction fast = KeywordAuction.builder(new AdIndex(tok), Fixtures.codec()).config(config)
        .clickModel(fastClicks).spend(fastLedger)
        .pacer(paced ? Pacer.throttling(TrafficCurve.defaultCurve(), paceSeed) : Pacer.none()).build();
    Reference ref = new Reference(tok, config, paced ? Pacer.throttling(TrafficCurve.defaultCurve(), paceSeed) : Pacer.none());

    Map<String, Campaign> campaigns = new LinkedHashMap<>();
    int campaignCount = 10 + r.nextInt(40);
    for (int i = 0; i < campaignCount; i++) {
      Campaign c = randomCampaign(r, "c" + i, "a" + r.nextInt(Math.max(1, campaignCount / 3)));
      campaigns.put(c.campaignId(), c);
      fast.upsert(c);
      ref.upsert(c);
    }
    long t = T0 + r.nextLong(3_600_000);
    int shown = 0;
    int full = 0;
    for (int a = 0; a < 800; a++) {
      t += r.nextLong(5 * 60_000); // crosses hours, schedules, pacing intervals and a day boundary
      if (r.nextInt(100) == 0) { // change a campaign in flight (status, bids, keywords)
        String id = "c" + r.nextInt(campaignCount);
        Campaign c = r.nextInt(4) == 0 ? campaigns.get(id).withStatus(r.nextBoolean() ? CampaignStatus.PAUSED
            : CampaignStatus.ACTIVE) : randomCampaign(r, id, campaigns.get(id).advertiserId());
        campaigns.put(id, c);
        fast.upsert(c);
        ref.upsert(c);
      }
      List<String> query = tok.tokens(randomText(r, 1 + r.nextInt(r.nextInt(8) == 0 ? 12 : 4)));
      AuctionContext ctx = new AuctionContext(1_000 + a, t, SEGMENTS[r.nextInt(SEGMENTS.length)]);
      AuctionResult got = fast.run(query, ctx, false);
      AuctionResult want = ref.run(query, ctx);
      assertThat(got).as("seed %d auction %d query %s", seed, a, query).isEqualTo(want);
      shown += got.slots().size();
      full += got.slots().size() == rates.size() && got.candidates() > rates.size() ? 1 : 0;
      for (AdSlot s : got.slots()) { // same feedback to both worlds
        Campaign c = campaigns.get(s.campaignId());
        String category = c.adGroups().stream().filter(g -> g.adGroupId().equals(s.adGroupId())).findFirst()
            .orElseThrow().category();
        String statsKey = s.adGroupId() + '\u001f' + s.keywordText();
        fastClicks.record(category, s.keywordText(), statsKey, s.slot(), 0);
        ref.clicks.record(category, s.keywordText(), statsKey, s.slot(), 0);
        if (r.nextDouble() < 0.3 * s.pctr() / 0.02) {
          fastClicks.record(category, s.keywordText(), statsKey, s.slot(), 1);
          ref.clicks.record(category, s.keywordText(), statsKey, s.slot(), 1);
          assertThat(fastLedger.charge(c, t, s.priceMicros())).isEqualTo(ref.ledger.charge(c, t, s.priceMicros()));
        }
      }
    }
    return new int[] {shown, full};
  }

  private static Campaign randomCampaign(SplittableRandom r, String id, String advertiser) {
    List<AdGroup> groups = new ArrayList<>();
    int gn = 1 + r.nextInt(3);
    for (int g = 0; g < gn; g++) {
      List<Keyword> kws = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int kn = 1 + r.nextInt(3);
      for (int k = 0; k < kn; k++) {
        String text = randomText(r, 1 + r.nextInt(3));
        MatchType mt = MatchType.values()[r.nextInt(3)];
        if (seen.add(mt + text)) {
          kws.add(r.nextInt(3) == 0 ? Keyword.of(text, mt, 50_000 + r.nextLong(3_000_000)) : Keyword.of(text, mt));
        }
      }
      List<NegativeKeyword> negs = new ArrayList<>();
      if (r.nextInt(4) == 0) {
        negs.add(r.nextBoolean() ? NegativeKeyword.exact(randomText(r, 1 + r.nextInt(2)))
            : NegativeKeyword.phrase(randomText(r, 1)));
      }
      // few distinct bids and categories: exact ties in ad rank are common
      groups.add(new AdGroup(id + "-g" + g, "p" + r.nextInt(20), "cat" + r.nextInt(3),
          (1 + r.nextInt(8)) * 250_000L, kws, negs));
    }
    BidStrategy strategy = switch (r.nextInt(5)) {
      case 0 -> new BidStrategy.MaximizeClicks(500_000 + r.nextLong(2_000_000));
      case 1 -> new BidStrategy.TargetCpa(5_000_000 + r.nextLong(50_000_000));
      case 2 -> new BidStrategy.TargetRoas(1 + r.nextDouble() * 4);
      default -> BidStrategy.MANUAL;
    };
    Schedule schedule = r.nextInt(4) == 0 ? Schedule.hours(r.nextInt(12), 12 + r.nextInt(13)) : Schedule.ALWAYS;
    BidAdjustments adj = BidAdjustments.NONE;
    if (r.nextInt(4) == 0) {
      double[] hours = new double[24];
      for (int h = 0; h < 24; h++) {
        hours[h] = r.nextInt(8) == 0 ? 0 : 0.5 + r.nextInt(4) * 0.25;
      }
      Map<String, Double> seg = r.nextBoolean() ? Map.of() : Map.of("mobile", 1.5, "desktop", 0.0);
      adj = new BidAdjustments(java.util.Arrays.stream(hours).boxed().toList(), seg);
    }
    long budget = r.nextInt(3) == 0 ? 2_000_000 + r.nextLong(5_000_000) : 1_000_000_000L;
    CampaignStatus status = r.nextInt(8) == 0 ? CampaignStatus.PAUSED : CampaignStatus.ACTIVE;
    return new Campaign(id, advertiser, budget, status, strategy, 1.0 + r.nextInt(3) * 0.25, schedule, adj, groups);
  }

  private static String randomText(SplittableRandom r, int words) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      w.add(WORDS[r.nextInt(WORDS.length)]);
    }
    return String.join(" ", w);
  }

  /** The auction as docs/AUCTION.md states it, with no index, no caches and no scratch. */
  static final class Reference {
    final Tokenizer tok;
    final AuctionConfig config;
    final double[] slotRates;
    final Pacer pacer;
    final ClickModel clicks;
    final BudgetLedger ledger = new BudgetLedger();
    final ConversionModel conversions = ConversionModel.constant(0.02);
    final Map<String, Campaign> campaigns = new LinkedHashMap<>();
    final Map<String, AutoBidder> bidders = new HashMap<>();
    /** Only to hand an {@link IndexedKeyword} to the bidders (they read its base bid). */
    final AdIndex keywordsForBidders;
    final Map<String, List<String>> tokens = new HashMap<>();

    Reference(Tokenizer tok, AuctionConfig config, Pacer pacer) {
      this.tok = tok;
      this.config = config;
      this.slotRates = config.slotClickRatesArray();
      this.pacer = pacer;
      this.clicks = ClickModel.withDefaults(slotRates);
      this.keywordsForBidders = new AdIndex(tok);
    }

    void upsert(Campaign c) {
      Campaign old = campaigns.put(c.campaignId(), c);
      if (old == null || !old.bidStrategy().equals(c.bidStrategy())) {
        bidders.put(c.campaignId(), AutoBidder.of(c.bidStrategy()));
      }
      keywordsForBidders.upsert(c);
    }

    record Cand(Campaign c, AdGroup g, Keyword k, List<String> kt, String text, long bid, double pctr,
        double quality, double rank, long tie) {}

    AuctionResult run(List<String> q, AuctionContext ctx) {
      List<String> first = q.subList(0, Math.min(q.size(), Keyword.MAX_TOKENS));
      // 1. matching: one representative keyword per ad group, negatives exclude
      List<Object[]> matched = new ArrayList<>(); // {campaign, group, keyword, tokens}
      for (Campaign c : campaigns.values()) {
        for (AdGroup g : c.adGroups()) {
          if (excluded(g, q)) {
            continue;
          }
          Keyword best = null;
          List<String> bestTokens = null;
          for (Keyword k : g.keywords()) {
            List<String> kt = tokens(k.text());
            if (!matches(k.matchType(), kt, q, first)) {
              continue;
            }
            if (best == null || better(k, kt, g, best, bestTokens)) {
              best = k;
              bestTokens = kt;
            }
          }
          if (best != null) {
            matched.add(new Object[] {c, g, best, bestTokens});
          }
        }
      }
      // 2. filters, bid, quality, rank
      long t = ctx.epochMillis();
      long day = Times.epochDay(t);
      List<Cand> cands = new ArrayList<>();
      List<IndexedKeyword> forBidders = null;
      for (Object[] m : matched) {
        Campaign c = (Campaign) m[0];
        AdGroup g = (AdGroup) m[1];
        Keyword k = (Keyword) m[2];
        @SuppressWarnings("unchecked")
        List<String> kt = (List<String>) m[3];
        if (c.status() != CampaignStatus.ACTIVE || !c.schedule().isActive(t)) {
          continue;
        }
        double adj = c.adjustments().multiplier(Times.hourOfDay(t), ctx.userSegment());
        if (adj == 0) {
          continue;
        }
        long cap = c.spendCapMicros();
        long spent = ledger.spentMicros(c.campaignId(), day);
        if (spent >= cap || !pacer.admit(c, spent, t, ctx.auctionId())) {
          continue;
        }
        String text = String.join(" ", kt);
        double pctr = clicks.pctr(g.category(), text, g.adGroupId() + '\u001f' + text);
        double quality = pctr * ClickModel.relevance(k.matchType(), kt.size(), q.size());
        long base = g.baseBidMicros(k);
        if (!(c.bidStrategy() instanceof BidStrategy.ManualCpc)) {
          if (forBidders == null) {
            MatchBuffer b = new MatchBuffer();
            keywordsForBidders.match(q, b);
            forBidders = b.toList();
          }
          IndexedKeyword ik = forBidders.stream()
              .filter(x -> x.adGroup() == g && x.keyword() == k).findFirst().orElseThrow();
          base = bidders.get(c.campaignId()).bidMicros(ik, pctr, conversions.pcvr(ik), conversions.orderValueMicros(ik));
        }
        long bid = Math.min(adj == 1.0 ? base : Math.round(base * adj), cap - spent);
        if (bid <= 0) {
          continue;
        }
        long tieKey = (long) g.adGroupId().hashCode() << 32 | (c.campaignId().hashCode() & 0xffffffffL);
        cands.add(new Cand(c, g, k, kt, text, bid, pctr, quality, bid * quality, mix(ctx.auctionId() ^ tieKey)));
      }
      int candidates = cands.size();
      if (config.onePerAdvertiser()) { // each advertiser's best-ranked ad only, before eligibility
        Map<String, Cand> best = new LinkedHashMap<>();
        for (Cand x : cands) {
          best.merge(x.c.advertiserId(), x, (a, b) -> before(b, a) ? b : a);
        }
        cands = new ArrayList<>(best.values());
        candidates = cands.size();
      }
      // 3. eligibility, full sort, textbook prices
      List<Cand> eligible = new ArrayList<>();
      for (Cand x : cands) {
        if (x.bid > 0 && x.bid >= config.reservePriceMicros() && x.quality > 0 && x.rank >= config.minAdRank()) {
          eligible.add(x);
        }
      }
      Collections.sort(eligible, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
      int k = slotRates.length;
      int filled = Math.min(k, eligible.size());
      List<AdSlot> slots = new ArrayList<>();
      for (int j = 0; j < filled; j++) {
        Cand x = eligible.get(j);
        double next = j + 1 < eligible.size() ? eligible.get(j + 1).rank : 0;
        double p = switch (config.rule()) {
          case GSP -> j + 1 < eligible.size() ? next / x.quality + config.incrementMicros() : 0;
          case VCG -> {
            double ext = 0;
            for (int i = j; i < filled; i++) {
              double below = i + 1 < eligible.size() ? eligible.get(i + 1).rank : 0;
              ext += (slotRates[i] - (i + 1 < k ? slotRates[i + 1] : 0)) * below;
            }
            yield ext / (slotRates[j] * x.quality);
          }
          case FIRST_PRICE -> x.bid;
        };
        double floor = Math.max(config.reservePriceMicros(), config.minAdRank() > 0 ? config.minAdRank() / x.quality : 0);
        long price = Math.min(x.bid, PositionAuction.ceilMicros(Math.max(floor, p)));
        slots.add(new AdSlot(j + 1, x.c.campaignId(), x.c.advertiserId(), x.g.adGroupId(), x.g.productId(), x.text,
            x.k.matchType(), x.bid, price, x.quality, x.rank, x.pctr * clicks.positionBias(j + 1), null));
      }
      return new AuctionResult(ctx.auctionId(), slots, matched.size(), candidates);
    }

    /** Higher rank first, then the smaller tie key. */
    private static boolean before(Cand a, Cand b) {
      return a.rank != b.rank ? a.rank > b.rank : a.tie < b.tie;
    }

    private boolean excluded(AdGroup g, List<String> q) {
      for (NegativeKeyword n : g.negatives()) {
        List<String> nt = tokens(n.text());
        if (n.matchType() == MatchType.EXACT ? nt.equals(q) : Collections.indexOfSubList(q, nt) >= 0) {
          return true;
        }
      }
      return false;
    }

    private List<String> tokens(String text) {
      return tokens.computeIfAbsent(text, tok::tokens);
    }

    private static boolean matches(MatchType type, List<String> kt, List<String> q, List<String> first) {
      return switch (type) {
        case EXACT -> kt.equals(q) && q.size() <= Keyword.MAX_TOKENS;
        case PHRASE -> Collections.indexOfSubList(first, kt) >= 0;
        case BROAD -> first.containsAll(kt);
      };
    }

    /** The documented representative rule: most specific match type, then highest base bid, then text. */
    private static boolean better(Keyword a, List<String> at, AdGroup g, Keyword b, List<String> bt) {
      if (a.matchType() != b.matchType()) {
        return a.matchType().ordinal() < b.matchType().ordinal();
      }
      if (g.baseBidMicros(a) != g.baseBidMicros(b)) {
        return g.baseBidMicros(a) > g.baseBidMicros(b);
      }
      return String.join(" ", at).compareTo(String.join(" ", bt)) < 0;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }
}
