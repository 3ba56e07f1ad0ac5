package io.searchbid.ranking;

import java.util.List;

/**
 * One page of organic results.
 *
 * @param hits the page, best first; empty when nothing matches
 * @param totalMatches number of matching products (a lower bound when {@code totalExact} is false:
 *     Lucene stops counting once it knows enough to skip non-competitive documents)
 * @param totalExact whether {@code totalMatches} is exact
 */
public record SearchResult(List<Hit> hits, long totalMatches, boolean totalExact) {
  public SearchResult {
    hits = List.copyOf(hits);
  }

  public static SearchResult empty() {
    return new SearchResult(List.of(), 0, true);
  }
}
