package io.searchbid.bench.auction;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.AdIndex;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.Keyword;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.Tokenizer;
import io.searchbid.auction.Tokenizers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded keyword market for the auction benchmarks: {@code queryCount} queries of 1–3 words and
 * {@code keywordCount} keywords in total, of which {@code eligible} ad groups per query carry a
 * keyword matching it (exact, phrase or broad, in turn). The rest are filler keywords that share a
 * word with some query half of the time but never match one whole, so the index's posting lists hold
 * the non-matching keywords a real market has.
 *
 * <p>Words are synthetic ("kalo", "mipuvo", ...: consonant–vowel syllables, never ending in "s", so
 * no stemming changes them); the auction module's standard tokenizer indexes them unchanged.
 */
public final class AuctionFixture {

  public final List<String> queries = new ArrayList<>();
  /** Tokens as the fixture generated them (the naive baseline's input). */
  public final List<List<String>> queryTokens = new ArrayList<>();
  /** Tokens as the auction module's tokenizer normalises them (the real auction's input). */
  public final List<List<String>> normalizedQueryTokens = new ArrayList<>();
  public final List<Campaign> campaigns = new ArrayList<>();
  public final List<NaiveKeywordAuction.Kw> naiveKeywords = new ArrayList<>();
  public final AdIndex index;
  public int keywords;

  private static final String C = "bdfgklmnprtvz";
  private static final String V = "aeiou";

  public AuctionFixture(long seed, int keywordCount, int eligible, int queryCount) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> queryWords = words(r, 3000, new HashSet<>());
    List<String> fillerWords = words(r, 20000, new HashSet<>(queryWords));
    Set<String> seen = new HashSet<>();
    while (queries.size() < queryCount) {
      int n = 1 + r.nextInt(3);
      List<String> t = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String w = queryWords.get(r.nextInt(queryWords.size()));
        if (!t.contains(w)) {
          t.add(w);
        }
      }
      String q = String.join(" ", t);
      if (seen.add(q)) {
        queries.add(q);
        queryTokens.add(List.copyOf(t));
      }
    }
    int group = 0;
    MatchType[] types = {MatchType.EXACT, MatchType.PHRASE, MatchType.BROAD};
    for (int qi = 0; qi < queryCount; qi++) {
      List<String> t = queryTokens.get(qi);
      for (int e = 0; e < eligible; e++) {
        MatchType mt = types[e % 3];
        List<String> kt = mt == MatchType.BROAD ? reversed(t) : t;
        addGroup(r, group++, List.of(String.join(" ", kt)), mt, kt);
      }
    }
    int planted = group;
    int perGroup = 10;
    while (keywords < keywordCount) {
      List<String> texts = new ArrayList<>();
      for (int k = 0; k < perGroup && keywords + texts.size() < keywordCount; k++) {
        List<String> t = new ArrayList<>();
        if (r.nextBoolean()) {
          t.add(queryWords.get(r.nextInt(queryWords.size())));
        }
        int extra = 1 + r.nextInt(2);
        for (int i = 0; i < extra; i++) {
          t.add(fillerWords.get(r.nextInt(fillerWords.size())));
        }
        texts.add(String.join(" ", t));
      }
      addGroup(r, group++, texts, types[r.nextInt(3)], null);
    }
    Tokenizer tok = Tokenizers.standard();
    index = new AdIndex(tok);
    for (Campaign c : campaigns) {
      index.upsert(c);
    }
    for (String q : queries) {
      normalizedQueryTokens.add(List.copyOf(tok.tokens(q)));
    }
    if (planted == 0 && eligible > 0) {
      throw new AssertionError("nothing planted");
    }
  }

  private void addGroup(SplittableRandom r, int g, List<String> texts, MatchType mt, List<String> naiveTokens) {
    long bid = 100_000 + r.nextLong(4_900_000);
    List<Keyword> kws = new ArrayList<>();
    Set<String> dedupe = new HashSet<>();
    for (String t : texts) {
      if (dedupe.add(t)) {
        kws.add(Keyword.of(t, mt));
      }
    }
    AdGroup ag = new AdGroup("g" + g, "p" + g, "cat" + (g % 50), bid, kws, List.of());
    campaigns.add(Campaign.simple("c" + g, "a" + (g % 1000), 1_000_000_000_000L, List.of(ag)));
    keywords += kws.size();
    if (naiveTokens != null) {
      naiveKeywords.add(new NaiveKeywordAuction.Kw(g, naiveTokens, NaiveKeywordAuction.Match.valueOf(mt.name()), bid, 0.02));
    } else {
      for (Keyword k : kws) {
        naiveKeywords.add(new NaiveKeywordAuction.Kw(g, NaiveKeywordAuction.split(k.text()),
            NaiveKeywordAuction.Match.valueOf(mt.name()), bid, 0.02));
      }
    }
  }

  private static List<String> reversed(List<String> t) {
    List<String> c = new ArrayList<>(t);
    java.util.Collections.reverse(c);
    return c;
  }

  private static List<String> words(SplittableRandom r, int n, Set<String> exclude) {
    List<String> out = new ArrayList<>(n);
    Set<String> seen = new HashSet<>(exclude);
    while (out.size() < n) {
      int syl = 2 + r.nextInt(2);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < syl; i++) {
        sb.append(C.charAt(r.nextInt(C.length()))).append(V.charAt(r.nextInt(V.length())));
      }
      String w = sb.toString();
      if (seen.add(w)) {
        out.add(w);
      }
    }
    return out;
  }
}
