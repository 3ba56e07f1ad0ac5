package io.searchbid.auction;

/**
 * A keyword as the {@link AdIndex} holds it: the model objects plus its normalised form. Immutable;
 * created by the index, handed out by matching without copying.
 */
public final class IndexedKeyword {
  final Campaign campaign;
  final AdGroup adGroup;
  final Keyword keyword;
  final int[] tokenIds;
  final int[] distinctSortedIds;
  final String normalizedText;
  final String statsKey;
  final long baseBidMicros;
  final AdGroupNegatives negatives;

  IndexedKeyword(Campaign campaign, AdGroup adGroup, Keyword keyword, int[] tokenIds,
      int[] distinctSortedIds, String normalizedText, AdGroupNegatives negatives) {
    this.campaign = campaign;
    this.adGroup = adGroup;
    this.keyword = keyword;
    this.tokenIds = tokenIds;
    this.distinctSortedIds = distinctSortedIds;
    this.normalizedText = normalizedText;
    this.statsKey = adGroup.adGroupId() + '\u001f' + normalizedText;
    this.baseBidMicros = adGroup.baseBidMicros(keyword);
    this.negatives = negatives;
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
    return keyword.matchType();
  }

  /** The keyword's tokens after normalisation, joined by single spaces. */
  public String normalizedText() {
    return normalizedText;
  }

  /** Key of the (ad group, keyword) click statistics: ad group id, U+001F, normalised text. */
  public String statsKey() {
    return statsKey;
  }

  /** Keyword max CPC, else the ad group's default bid (before strategy and adjustments). */
  public long baseBidMicros() {
    return baseBidMicros;
  }

  /** Number of keyword tokens. */
  public int tokenCount() {
    return tokenIds.length;
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
