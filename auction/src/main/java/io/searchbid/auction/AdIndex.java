package io.searchbid.auction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Inverted keyword index: from a query's normalised tokens to every eligible (keyword, ad group).
 *
 * <h2>How matching works</h2>
 * Tokens are interned to int ids. Each keyword is stored under a 64-bit hash key:
 * <ul>
 *   <li>EXACT and PHRASE keywords under the hash of their token-id sequence (in order), in the
 *       sequence table;
 *   <li>BROAD keywords under the hash of their sorted set of distinct token ids, in the set table
 *       — except those of one distinct token, which match exactly when a PHRASE keyword of that
 *       token would and so sit in the sequence table.
 * </ul>
 * A query of n tokens (matched on its first {@link Keyword#MAX_TOKENS}) probes the sequence table
 * with each of its contiguous n-grams (n(n+1)/2 probes, only n-grams no longer than the longest
 * indexed keyword) — the full query finds EXACT, PHRASE and one-token BROAD keywords, the other
 * n-grams PHRASE and one-token BROAD only — and the set table with each subset of two or more of
 * its d distinct known tokens (2^d − d − 1 probes, d ≤ 10). Every
 * hit is verified token by token (hash collisions cannot produce false matches). The work per query
 * therefore depends on the query length and on the keywords that do match, never on the number of
 * keywords that do not. Then one keyword represents each ad group (most specific match type: EXACT
 * before PHRASE before BROAD; then highest base bid; then normalised text), and ad groups with a
 * matching negative keyword (exact: the whole query; phrase: contiguous in the query, over all its
 * tokens) are dropped.
 *
 * <p>Campaigns are upserted and removed incrementally; an upsert replaces all of the campaign's
 * keywords. The token dictionary only grows. Thread-safe: queries take a read lock, updates a write
 * lock.
 */
public final class AdIndex {
  private final io.searchbid.auction.Tokenizer tokenizer;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TermDictionary termIds = new TermDictionary();
  private final LongObjectMap<Posting> sequenceTable = new LongObjectMap<>();
  private final LongObjectMap<Posting> setTable = new LongObjectMap<>();
  private final HashMap<String, Integer> advertiserOrdinals = new HashMap<>();
  /** Dense ordinal per product id ever indexed (never reused): {@link IndexedKeyword#productOrdinal()}. */
  private final Map<String, Integer> productOrdinals = new HashMap<>();
  private int nextAdGroupOrdinal;

  /**
   * Keywords sharing one token sequence (or token set): verified once per probe. The table holds
   * the posting itself; the rare postings of other sequences with the same 64-bit hash follow in
   * {@code next}.
   */
  private static final class Posting {
    final int[] ids;
    IndexedKeyword[] entries;
    Posting next;

    Posting(int[] ids, IndexedKeyword first, Posting next) {
      this.ids = ids;
      this.entries = new IndexedKeyword[] {first};
      this.next = next;
    }
  }
  private final Map<String, List<IndexedKeyword>> byCampaign = new LinkedHashMap<>();
  private final Map<String, Campaign> campaigns = new HashMap<>();
  private int keywordCount;
  /** Histograms of indexed keyword lengths, to bound the probes. */
  private final int[] sequenceLengths = new int[Keyword.MAX_TOKENS + 1];
  private final int[] setSizes = new int[Keyword.MAX_TOKENS + 1];
  private int maxSequenceLength;
  private int maxSetSize;

  public AdIndex(io.searchbid.auction.Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public io.searchbid.auction.Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Adds or replaces a campaign and all its keywords. Campaigns of any status are indexed (the
   * auction filters on status); validation happens before anything changes.
   *
   * @throws IllegalArgumentException if a keyword or negative normalises to no tokens or to more
   *     than {@link Keyword#MAX_TOKENS}
   */
  public void upsert(Campaign campaign) {
    // Tokenise outside the lock; validate everything before mutating.
    List<List<String>> kwTokens = new ArrayList<>();
    List<List<List<String>>> negTokens = new ArrayList<>();
    for (AdGroup g : campaign.adGroups()) {
      for (Keyword k : g.keywords()) {
        kwTokens.add(checkedTokens(k.text(), "keyword", g, campaign));
      }
      List<List<String>> negs = new ArrayList<>();
      for (NegativeKeyword n : g.negatives()) {
        negs.add(checkedTokens(n.text(), "negative keyword", g, campaign));
      }
      negTokens.add(negs);
    }
    lock.writeLock().lock();
    try {
      removeLocked(campaign.campaignId());
      List<IndexedKeyword> entries = new ArrayList<>();
      Integer adv = advertiserOrdinals.get(campaign.advertiserId());
      if (adv == null) {
        adv = advertiserOrdinals.size();
        advertiserOrdinals.put(campaign.advertiserId(), adv);
      }
      IndexedKeyword.CampaignSlot slot = new IndexedKeyword.CampaignSlot(campaign, adv);
      int ki = 0;
      int gi = 0;
      for (AdGroup g : campaign.adGroups()) {
        List<int[]> ex = new ArrayList<>();
        List<int[]> ph = new ArrayList<>();
        List<List<String>> negs = negTokens.get(gi++);
        for (int i = 0; i < negs.size(); i++) {
          int[] ids = intern(negs.get(i));
          (g.negatives().get(i).matchType() == MatchType.EXACT ? ex : ph).add(ids);
        }
        IndexedKeyword.AdGroupNegatives negatives = ex.isEmpty() && ph.isEmpty()
            ? IndexedKeyword.AdGroupNegatives.NONE
            : new IndexedKeyword.AdGroupNegatives(ex.toArray(new int[0][]), ph.toArray(new int[0][]));
        int groupOrdinal = nextAdGroupOrdinal++;
        Integer productOrdinal = productOrdinals.get(g.productId());
        if (productOrdinal == null) {
          productOrdinal = productOrdinals.size();
          productOrdinals.put(g.productId(), productOrdinal);
        }
        for (Keyword k : g.keywords()) {
          List<String> toks = kwTokens.get(ki++);
          int[] ids = intern(toks);
          int[] set = Arrays.stream(ids).distinct().sorted().toArray();
          IndexedKeyword e = new IndexedKeyword(campaign, g, k, ids, set, String.join(" ", toks), negatives,
              slot, groupOrdinal, productOrdinal);
          entries.add(e);
          int[] key = tableKey(e);
          if (inSetTable(e)) {
            add(setTable, hash(key, 0, key.length), key, e);
            setSizes[key.length]++;
          } else {
            add(sequenceTable, hash(key, 0, key.length), key, e);
            sequenceLengths[key.length]++;
          }
        }
      }
      keywordCount += entries.size();
      byCampaign.put(campaign.campaignId(), entries);
      campaigns.put(campaign.campaignId(), campaign);
      recomputeMaxLengths();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes a campaign and its keywords; no-op if absent. */
  public void remove(String campaignId) {
    lock.writeLock().lock();
    try {
      removeLocked(campaignId);
      recomputeMaxLengths();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The indexed version of a campaign, or null. */
  public Campaign campaign(String campaignId) {
    lock.readLock().lock();
    try {
      return campaigns.get(campaignId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Snapshot of all indexed campaigns. */
  public List<Campaign> campaigns() {
    lock.readLock().lock();
    try {
      Collection<Campaign> c = campaigns.values();
      return List.copyOf(c);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of indexed (positive) keywords. */
  public int keywordCount() {
    lock.readLock().lock();
    try {
      return keywordCount;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Tokenises the query with this index's tokenizer and matches it (see {@link #match(List, MatchBuffer)}). */
  public void match(String query, MatchBuffer out) {
    match(tokenizer.tokens(query), out);
  }

  /** Convenience: matches a query into a new list (allocates; for tools and tests). */
  public List<IndexedKeyword> match(String query) {
    MatchBuffer b = new MatchBuffer();
    match(query, b);
    return b.toList();
  }

  /**
   * Fills {@code out} (cleared first) with one eligible keyword per ad group for already
   * normalised query tokens. Does not look at campaign status, schedule or budget.
   */
  public void match(List<String> queryTokens, MatchBuffer out) {
    out.clear();
    int total = queryTokens.size();
    if (total == 0) {
      return;
    }
    out.ensureQueryCapacity(total);
    int[] q = out.queryIds;
    lock.readLock().lock();
    try {
      for (int i = 0; i < total; i++) {
        q[i] = termIds.get(queryTokens.get(i));
      }
      out.queryLength = total;
      int n = Math.min(total, Keyword.MAX_TOKENS);
      probeSequences(q, n, total, out);
      probeSets(q, n, out);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void probeSequences(int[] q, int n, int total, MatchBuffer out) {
    for (int start = 0; start < n; start++) {
      long h = SEED;
      int maxLen = Math.min(maxSequenceLength, n - start);
      for (int len = 1; len <= maxLen; len++) {
        int id = q[start + len - 1];
        if (id < 0) {
          break; // an unknown token is in no keyword
        }
        h = step(h, id);
        if (sequenceLengths[len] == 0) {
          continue;
        }
        Posting hits = sequenceTable.get(finish(h, len));
        if (hits == null) {
          continue;
        }
        boolean whole = start == 0 && len == total;
        for (Posting p = hits; p != null; p = p.next) {
          if (p.ids.length == len && regionEquals(q, start, p.ids)) {
            for (IndexedKeyword k : p.entries) {
              if (whole || k.matchType() != MatchType.EXACT) { // PHRASE, or single-token BROAD
                out.offer(k);
              }
            }
          }
        }
      }
    }
  }

  private void probeSets(int[] q, int n, MatchBuffer out) {
    if (maxSetSize == 0) {
      return;
    }
    int[] d = out.distinct;
    int dn = 0;
    for (int i = 0; i < n; i++) {
      if (q[i] >= 0) {
        d[dn++] = q[i];
      }
    }
    Arrays.sort(d, 0, dn);
    int w = 0;
    for (int i = 0; i < dn; i++) {
      if (w == 0 || d[w - 1] != d[i]) {
        d[w++] = d[i];
      }
    }
    dn = w;
    int[] s = out.subset;
    for (int mask = 1, end = 1 << dn; mask < end; mask++) {
      int size = Integer.bitCount(mask);
      if (size > maxSetSize || setSizes[size] == 0) {
        continue;
      }
      long h = SEED;
      int sn = 0;
      for (int b = 0; b < dn; b++) {
        if ((mask & (1 << b)) != 0) {
          s[sn++] = d[b];
          h = step(h, d[b]);
        }
      }
      Posting hits = setTable.get(finish(h, sn));
      if (hits == null) {
        continue;
      }
      for (Posting p = hits; p != null; p = p.next) {
        if (p.ids.length == sn && regionEquals(s, 0, p.ids)) {
          for (IndexedKeyword k : p.entries) {
            out.offer(k);
          }
        }
      }
    }
  }

  static boolean regionEquals(int[] a, int from, int[] b) {
    for (int i = 0; i < b.length; i++) {
      if (a[from + i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static final long SEED = 0x243F6A8885A308D3L;

  private static long step(long h, int id) {
    return Long.rotateLeft((h ^ id) * 0x9E3779B97F4A7C15L, 27);
  }

  private static long finish(long h, int len) {
    h ^= len;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static long hash(int[] ids, int from, int len) {
    long h = SEED;
    for (int i = 0; i < len; i++) {
      h = step(h, ids[from + i]);
    }
    return finish(h, len);
  }

  private List<String> checkedTokens(String text, String what, AdGroup g, Campaign c) {
    List<String> toks = tokenizer.tokens(text);
    if (toks.isEmpty() || toks.size() > Keyword.MAX_TOKENS) {
      throw new IllegalArgumentException(what + " must have 1 to " + Keyword.MAX_TOKENS
          + " tokens after normalisation, got " + toks.size() + " for " + what + " '" + text
          + "' in ad group '" + g.adGroupId() + "' of campaign '" + c.campaignId() + "'");
    }
    return toks;
  }

  private int[] intern(List<String> toks) {
    int[] ids = new int[toks.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = termIds.intern(toks.get(i));
    }
    return ids;
  }

  private static void add(LongObjectMap<Posting> table, long key, int[] ids, IndexedKeyword e) {
    Posting head = table.get(key);
    for (Posting p = head; p != null; p = p.next) {
      if (Arrays.equals(p.ids, ids)) {
        IndexedKeyword[] next = Arrays.copyOf(p.entries, p.entries.length + 1);
        next[p.entries.length] = e;
        p.entries = next;
        return;
      }
    }
    table.put(key, new Posting(ids, e, head)); // new, or a hash collision (rare)
  }

  private static void removeEntry(LongObjectMap<Posting> table, long key, int[] ids, IndexedKeyword e) {
    Posting head = table.get(key);
    for (Posting prev = null, p = head; p != null; prev = p, p = p.next) {
      if (!Arrays.equals(p.ids, ids)) {
        continue;
      }
      int idx = -1;
      for (int i = 0; i < p.entries.length; i++) {
        if (p.entries[i] == e) {
          idx = i;
          break;
        }
      }
      if (idx < 0) {
        return;
      }
      if (p.entries.length > 1) {
        IndexedKeyword[] next = new IndexedKeyword[p.entries.length - 1];
        System.arraycopy(p.entries, 0, next, 0, idx);
        System.arraycopy(p.entries, idx + 1, next, idx, p.entries.length - idx - 1);
        p.entries = next;
      } else if (prev != null) {
        prev.next = p.next;
      } else if (p.next != null) {
        table.put(key, p.next);
      } else {
        table.remove(key);
      }
      return;
    }
  }

  private void removeLocked(String campaignId) {
    List<IndexedKeyword> old = byCampaign.remove(campaignId);
    campaigns.remove(campaignId);
    if (old == null) {
      return;
    }
    for (IndexedKeyword e : old) {
      int[] key = tableKey(e);
      if (inSetTable(e)) {
        removeEntry(setTable, hash(key, 0, key.length), key, e);
        setSizes[key.length]--;
      } else {
        removeEntry(sequenceTable, hash(key, 0, key.length), key, e);
        sequenceLengths[key.length]--;
      }
    }
    keywordCount -= old.size();
  }

  /**
   * BROAD keywords of two or more distinct tokens live in the set table. A BROAD keyword of one
   * distinct token matches exactly when a PHRASE keyword of that token would (the token occurs in
   * the query), so it lives in the sequence table under that one token: the single-token probe of
   * the sequence table finds it, and the set table is never probed with single tokens.
   */
  private static boolean inSetTable(IndexedKeyword e) {
    return e.matchType() == MatchType.BROAD && e.distinctSortedIds.length > 1;
  }

  /** The token ids a keyword is stored and verified under (see {@link #inSetTable}). */
  private static int[] tableKey(IndexedKeyword e) {
    return e.matchType() == MatchType.BROAD ? e.distinctSortedIds : e.tokenIds;
  }

  private void recomputeMaxLengths() {
    maxSequenceLength = 0;
    maxSetSize = 0;
    for (int i = 1; i <= Keyword.MAX_TOKENS; i++) {
      if (sequenceLengths[i] > 0) {
        maxSequenceLength = i;
      }
      if (setSizes[i] > 0) {
        maxSetSize = i;
      }
    }
  }
}
