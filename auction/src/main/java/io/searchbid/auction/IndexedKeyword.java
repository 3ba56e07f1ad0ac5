package io.searchbid.auction;

/**
 * A keyword as the {@link AdIndex} holds it: the model objects plus its normalised form. Immutable
 * to its users; created by the index, handed out by matching without copying.
 */
public final class IndexedKeyword {
  /** A bidder and the auction it belongs to (several auctions may share one index). */
  record BidderCache(Object owner, AutoBidder bidder) {}


  /** Per-campaign runtime shared by all keywords of one indexed version of a campaign. */
  static final class CampaignSlot {
    final long capMicros;
    final int advertiserOrdinal;
    /** Status ACTIVE. */
    final boolean active;
    /** Schedule is {@link Schedule#ALWAYS} (no time check needed). */
    final boolean alwaysOn;
    /** No bid adjustments (multiplier 1 always). */
    final boolean unadjusted;
    /** Manual CPC: the bid is the keyword's base bid, no {@link AutoBidder} needed. */
    final boolean manualCpc;
    /** Hash of the campaign id, half of the keyword's {@link IndexedKeyword#tieKey}. */
    final int campaignHash;
    /** Cache of one auction's bidder for this campaign (the auction keeps the state across upserts). */
    volatile BidderCache bidder;
    /** Cache of this campaign's cell in a {@link BudgetLedger} (the cell knows its ledger). */
    volatile BudgetLedger.Cell spendCell;
    /** Cache of this campaign's state in a {@link ThrottlingPacer} (the state knows its pacer). */
    volatile ThrottlingPacer.State pacerState;

    CampaignSlot(Campaign c, int advertiserOrdinal) {
      this.capMicros = c.spendCapMicros();
      this.advertiserOrdinal = advertiserOrdinal;
      this.active = c.status() == CampaignStatus.ACTIVE;
      this.alwaysOn = c.schedule().equals(Schedule.ALWAYS);
      this.unadjusted = c.adjustments().equals(BidAdjustments.NONE);
      this.manualCpc = c.bidStrategy() instanceof BidStrategy.ManualCpc;
      this.campaignHash = c.campaignId().hashCode();
    }
  }

  final Campaign campaign;
  final AdGroup adGroup;
  final Keyword keyword;
  final int[] tokenIds;
  final int[] distinctSortedIds;
  final String normalizedText;
  final String statsKey;
  final long baseBidMicros;
  final AdGroupNegatives negatives;
  final CampaignSlot slot;
  /** Unique per ad group in the index (dedupe key during matching). */
  final int adGroupOrdinal;
  final int productOrdinal;
  /** Match type, token count and relevance factor copied here so the auction loop reads one object. */
  final MatchType matchType;
  final int tokenCount;
  final double matchFactor;
  /** (ad group id hash, campaign id hash): the auction's tie-break key before mixing in the auction id. */
  final long tieKey;
  /**
   * Cache of this keyword's click-statistics cell (linked to its prior chain) in a {@link ClickModel}. Written racily on
   * purpose: the value is an immutable object with final fields (safely published under the JMM, like
   * {@code String.hash}), and every thread computes an equivalent one from the model's maps.
   */
  ClickModel.AdCell clickCells;

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
