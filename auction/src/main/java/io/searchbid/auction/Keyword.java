package io.searchbid.auction;

import java.util.OptionalLong;

/**
 * A keyword an ad group bids on.
 *
 * @param text the keyword as the advertiser typed it (tokenised by the index's {@link Tokenizer})
 * @param matchType how it matches queries
 * @param maxCpcMicros optional own maximum cost per click in micros (> 0); when empty the ad
 *     group's default bid applies
 */
public record Keyword(String text, MatchType matchType, OptionalLong maxCpcMicros) {
  /** Most tokens a keyword may have (queries are matched on their first this-many tokens). */
  public static final int MAX_TOKENS = 10;

  public Keyword {
    Checks.nonBlank(text, "keyword text", "");
    Checks.notNull(matchType, "matchType", " for keyword '" + text + "'");
    Checks.notNull(maxCpcMicros, "maxCpcMicros", " for keyword '" + text + "'");
    if (maxCpcMicros.isPresent() && maxCpcMicros.getAsLong() <= 0) {
      throw new IllegalArgumentException(
          "maxCpcMicros must be > 0, got " + maxCpcMicros.getAsLong() + " for keyword '" + text + "'");
    }
  }

  public static Keyword of(String text, MatchType matchType) {
    return new Keyword(text, matchType, OptionalLong.empty());
  }

  public static Keyword of(String text, MatchType matchType, long maxCpcMicros) {
    return new Keyword(text, matchType, OptionalLong.of(maxCpcMicros));
  }
}
