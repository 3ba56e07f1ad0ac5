package io.searchbid.auction;

/**
 * A keyword as the {@link AdIndex} holds it: the model objects plus its normalised form. Immutable
 * to its users; created by the index, handed out by matching without copying.
 */
public final class IndexedKeyword {
  /** A bidder and the auction it belongs to (several auctions may share one index). */
  record BidderCache(Object owner, AutoBidder bidder) {}


  /** Per-campaign values shared by all keywords of one indexed version of a campaign. */
  static final class CampaignSlot {
    final long capMicros;
    final int advertiserOrdinal;
    /** Hash of the campaign id, half of the keyword's {@link IndexedKeyword#tieKey}. */
    final int campaignHash;
    /** Cache of one auction's bidder for this campaign (the auction keeps the state across upserts). */
    volatile BidderCache bidder;

    CampaignSlot(Campaign c, int advertiserOrdinal) {
      this.capMicros = c.spendCapMicros();
      this.advertiserOrdinal = advertiserOrdinal;
      this.campaignHash = c.campaignId().hashCode();
    }
  }

  /*
   * What the auction reads per candidate is copied onto the keyword (campaign status, schedule and
   * adjustment shortcuts, spend cap, advertiser, the ids a slot shows) and the caches of the
   * campaign's spend cell, pacer state and click-statistics cell sit here too: a candidate that is
   * filtered out or loses touches this object and the mutable cells only, never the campaign,
   * ad group or campaign-slot objects. See docs/AUCTION.md.
   */
  final long baseBidMicros;
  /** (ad group id hash, campaign id hash): the auction's tie-break key before mixing in the auction id. */
  final long tieKey;
  /** Spend cap today: {@link Campaign#spendCapMicros()}. */
  final long capMicros;
  final double matchFactor;
  /** Unique per ad group in the index (dedupe key during matching). */
  final int adGroupOrdinal;
  final int advertiserOrdinal;
  final int tokenCount;
  final int productOrdinal;
  /** Campaign status ACTIVE. */
  final boolean active;
  /** Campaign schedule is {@link Schedule#ALWAYS} (no time check needed). */
  final boolean alwaysOn;
  /** Campaign has no bid adjustments (multiplier 1 always). */
  final boolean unadjusted;
  /** Manual CPC: the bid is the keyword's base bid, no {@link AutoBidder} needed. */
  final boolean manualCpc;
  final MatchType matchType;
  final AdGroupNegatives negatives;
  /*
   * Caches of mutable per-campaign or per-ad state in the auction's collaborators, each knowing its
   * owner (checked on use, so several auctions may share an index). Written racily on purpose:
   * each value is created once per key by its owner, never replaced, and reached through final
   * fields only (safely published under the JMM, like String.hash); every thread computes the same one.
   */
  /** This campaign's cell in a {@link BudgetLedger}. */
  BudgetLedger.Cell spendCell;
  /** This keyword's click-statistics cell (linked to its prior chain) in a {@link ClickModel}. */
  ClickModel.AdCell clickCells;
  /** This campaign's state in a {@link ThrottlingPacer}. */
  ThrottlingPacer.State pacerState;
  final CampaignSlot slot;
  final Campaign campaign;
  /** Ids shown by a slot, copied from the campaign and ad group. */
  final String campaignId;
  final String advertiserId;
  final String adGroupId;
  final String productId;
  final String normalizedText;
  final AdGroup adGroup;
  final Keyword keyword;
  final int[] tokenIds;
  final int[] distinctSortedIds;
  final String statsKey;

  IndexedKeyword(Campaign campaign, AdGroup adGroup, Keyword keyword, int[] tokenIds,
      int[] distinctSortedIds, String normalizedText, AdGroupNegatives negatives, CampaignSlot slot,
      int adGroupOrdinal, int productOrdinal) {
    this.slot = slot;
    this.adGroupOrdinal = adGroupOrdinal;
    this.productOrdinal = productOrdinal;
    this.campaign = campaign;
    this.adGroup = adGroup;
    this.keyword = keyword;
    this.tokenIds = tokenIds;
    this.distinctSortedIds = distinctSortedIds;
    this.normalizedText = normalizedText;
    this.statsKey = adGroup.adGroupId() + '\u001f' + normalizedText;
    this.baseBidMicros = adGroup.baseBidMicros(keyword);
    this.negatives = negatives;
    this.matchType = keyword.matchType();
    this.tokenCount = tokenIds.length;
    this.matchFactor = ClickModel.matchFactor(matchType);
    this.tieKey = (long) adGroup.adGroupId().hashCode() << 32 | (slot.campaignHash & 0xffffffffL);
    this.capMicros = slot.capMicros;
    this.advertiserOrdinal = slot.advertiserOrdinal;
    this.active = campaign.status() == CampaignStatus.ACTIVE;
    this.alwaysOn = campaign.schedule().equals(Schedule.ALWAYS);
    this.unadjusted = campaign.adjustments().equals(BidAdjustments.NONE);
    this.manualCpc = campaign.bidStrategy() instanceof BidStrategy.ManualCpc;
    this.campaignId = campaign.campaignId();
    this.advertiserId = campaign.advertiserId();
    this.adGroupId = adGroup.adGroupId();
    this.productId = adGroup.productId();
  }

  public Campaign campaign() {
    return campaign;
  }

  public AdGroup adGroup() {
    return adGroup;
  }

  public Keyword keyword() {
    return keyword;
  }

  public MatchType matchType() {
    return matchType;
  }

  /** The keyword's tokens after normalisation, joined by single spaces. */
  public String normalizedText() {
    return normalizedText;
  }

  /** Key of the (ad group, keyword) click statistics: ad group id, U+001F, normalised text. */
  public String statsKey() {
    return statsKey;
  }

  /**
   * Dense ordinal (0, 1, 2, …) of the ad group's product id in the index that made this keyword:
   * the same id always has the same ordinal there, so per-product data can sit in an array
   * instead of a map keyed by id (see {@link ConversionModel#pcvr(IndexedKeyword)}).
   */
  public int productOrdinal() {
    return productOrdinal;
  }

  /** Keyword max CPC, else the ad group's default bid (before strategy and adjustments). */
  public long baseBidMicros() {
    return baseBidMicros;
  }

  /** Number of keyword tokens. */
  public int tokenCount() {
    return tokenCount;
  }

  @Override
  public String toString() {
    return adGroup.adGroupId() + ":" + keyword.matchType() + ":'" + normalizedText + "'";
  }

  /** Negative keywords of one ad group as token-id sequences. */
  static final class AdGroupNegatives {
    static final AdGroupNegatives NONE = new AdGroupNegatives(new int[0][], new int[0][]);
    final int[][] exact;
    final int[][] phrase;

    AdGroupNegatives(int[][] exact, int[][] phrase) {
      this.exact = exact;
      this.phrase = phrase;
    }

    /** Whether the query (token ids, -1 = unknown token) is excluded. */
    boolean excludes(int[] q, int n) {
      for (int[] neg : exact) {
        if (neg.length == n && AdIndex.regionEquals(q, 0, neg)) {
          return true;
        }
      }
      for (int[] neg : phrase) {
        for (int i = 0; i + neg.length <= n; i++) {
          if (AdIndex.regionEquals(q, i, neg)) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
