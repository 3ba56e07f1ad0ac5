package io.searchbid.auction;

/**
 * A negative keyword: a query it matches never shows the ad group. Only {@link MatchType#EXACT}
 * (the query is exactly these tokens) and {@link MatchType#PHRASE} (the tokens appear contiguous and
 * in order in the query) are supported.
 */
public record NegativeKeyword(String text, MatchType matchType) {
  public NegativeKeyword {
    Checks.nonBlank(text, "negative keyword text", "");
    Checks.notNull(matchType, "matchType", " for negative keyword '" + text + "'");
    if (matchType == MatchType.BROAD) {
      throw new IllegalArgumentException(
          "matchType must be exact or phrase for a negative keyword, got broad for negative keyword '"
              + text + "'");
    }
  }

  public static NegativeKeyword exact(String text) {
    return new NegativeKeyword(text, MatchType.EXACT);
  }

  public static NegativeKeyword phrase(String text) {
    return new NegativeKeyword(text, MatchType.PHRASE);
  }
}
