package io.searchbid.auction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reusable output of {@link AdIndex#match}: the eligible keywords of one query, one per ad group.
 * Also holds the query's token ids as scratch. Not thread-safe; reuse one per thread.
 */
public final class MatchBuffer {
  IndexedKeyword[] items = new IndexedKeyword[32];
  int size;
  int[] queryIds = new int[16];
  int queryLength;
  final int[] distinct = new int[Keyword.MAX_TOKENS];
  final int[] subset = new int[Keyword.MAX_TOKENS];
  /** Ad-group ordinal → index in items. */
  private final IntIntTable groups = new IntIntTable();

  public int size() {
    return size;
  }

  public IndexedKeyword get(int i) {
    assert i < size;
    return items[i];
  }

  /** A copy of the matches (for tests and tools; allocates). */
  public List<IndexedKeyword> toList() {
    return new ArrayList<>(Arrays.asList(items).subList(0, size));
  }

  void clear() {
    if (size > 0) {
      groups.clear();
      Arrays.fill(items, 0, size, null);
      size = 0;
    }
  }

  void ensureQueryCapacity(int n) {
    if (queryIds.length < n) {
      queryIds = new int[Math.max(n, queryIds.length * 2)];
    }
  }

  /** Adds a candidate; keeps one per ad group: most specific match type, then highest bid, then text. */
  void offer(IndexedKeyword k) {
    if (k.negatives != IndexedKeyword.AdGroupNegatives.NONE && k.negatives.excludes(queryIds, queryLength)) {
      return; // a negative keyword of the ad group matches the query
    }
    int at = groups.putIfAbsent(k.adGroupOrdinal, size);
    if (at >= 0) {
      if (better(k, items[at])) {
        items[at] = k;
      }
      return;
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = k;
  }

  static boolean better(IndexedKeyword a, IndexedKeyword b) {
    int c = Integer.compare(a.matchType().ordinal(), b.matchType().ordinal());
    if (c != 0) {
      return c < 0;
    }
    if (a.baseBidMicros != b.baseBidMicros) {
      return a.baseBidMicros > b.baseBidMicros;
    }
    return a.normalizedText.compareTo(b.normalizedText) < 0;
  }
}
