package io.searchbid.auction;

/**
 * How a keyword matches a query, after both are tokenised by the same {@link Tokenizer}.
 *
 * <ul>
 *   <li>{@link #EXACT}: the query's tokens equal the keyword's tokens, in order.
 *   <li>{@link #PHRASE}: the keyword's tokens appear contiguous and in order inside the query.
 *   <li>{@link #BROAD}: every keyword token appears somewhere in the query, in any order.
 * </ul>
 *
 * Declared from most to least specific: when several keywords of one ad group match, the one with the
 * lowest ordinal represents the ad group (then the highest bid).
 */
public enum MatchType {
  EXACT,
  PHRASE,
  BROAD;

  /** Parses {@code exact}, {@code phrase}, {@code broad} (any case). */
  public static MatchType parse(String s) {
    for (MatchType t : values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("matchType must be one of exact, phrase, broad, got '" + s + "'");
  }
}
