package io.searchbid.auction;

import static io.searchbid.auction.Fixtures.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdIndexMatchingTest {
  static final Tokenizer DEFAULT = Tokenizers.defaultTokenizer();

  /** Negatives: "e:text" exact, "p:text" phrase, separated by ';'. */
  @ParameterizedTest(name = "[{index}] query ''{0}'' keyword ''{1}'' {2} negatives ''{3}'' -> {4}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      red dress             | red dress   | EXACT  | -               | true
      Red Dresses           | red dress   | EXACT  | -               | true
      dress red             | red dress   | EXACT  | -               | false
      long red dress        | red dress   | EXACT  | -               | false
      long red dress        | red dress   | PHRASE | -               | true
      red dresses on sale   | red dress   | PHRASE | -               | true
      red long dress        | red dress   | PHRASE | -               | false
      dress red             | red dress   | PHRASE | -               | false
      dress red             | red dress   | BROAD  | -               | true
      red long dress        | red dress   | BROAD  | -               | true
      red shoes             | red dress   | BROAD  | -               | false
      dress                 | red dress   | BROAD  | -               | false
      red dress             | red dress   | BROAD  | p:cheap         | true
      cheap red dress       | red dress   | BROAD  | p:cheap         | false
      red dress             | red dress   | BROAD  | e:red dress     | false
      red dress sale        | red dress   | BROAD  | e:red dress     | true
      red dress for kids    | red dress   | PHRASE | p:for kids      | false
      kids red dress for    | red dress   | BROAD  | p:for kids      | true
      red dress for kid     | red dress   | PHRASE | p:for kids      | false
      ＲＥＤ　ＤＲＥＳＳ        | red dress   | EXACT  | -               | true
      batteries             | battery     | EXACT  | -               | true
      AA Batteries          | aa battery  | PHRASE | -               | true
      lamps                 | lamp        | BROAD  | -               | true
      desk lamps            | lamp        | BROAD  | -               | true
      desk lamps            | lamp lamp   | BROAD  | -               | true
      lamps desk lamp       | lamp        | BROAD  | p:desk lamp     | false
      desk                  | lamp        | BROAD  | -               | false
      office chair          | Office Chairs | EXACT | -              | true
      红色连衣裙             | 连衣裙       | PHRASE | -               | true
      红色连衣裙             | 连衣裙       | EXACT  | -               | false
      连衣裙 红色            | 红色连衣裙   | BROAD  | -               | true
      连衣裙 红色            | 红色连衣裙   | PHRASE | -               | false
      连衣裙                 | 红色连衣裙   | BROAD  | -               | false
      红色连衣裙 便宜         | 红色连衣裙   | BROAD  | p:便宜          | false
      red 连衣裙             | 连衣裙 red   | BROAD  | -               | true
      ''                    | red dress   | BROAD  | -               | false
      !!!                   | red dress   | BROAD  | -               | false
      """)
  void match_table(String query, String keyword, MatchType type, String negatives, boolean expected) {
    List<NegativeKeyword> negs = new ArrayList<>();
    if (negatives != null) {
      for (String n : negatives.split(";")) {
        String text = n.substring(2);
        negs.add(n.startsWith("e:") ? NegativeKeyword.exact(text) : NegativeKeyword.phrase(text));
      }
    }
    AdIndex index = new AdIndex(DEFAULT);
    index.upsert(Fixtures.campaign("c", "adv", 10 * D,
        Fixtures.group("g", D, List.of(Keyword.of(keyword, type)), negs)));
    assertThat(index.match(query == null ? "" : query)).as("tokens %s vs %s", DEFAULT.tokens(query), DEFAULT.tokens(keyword))
        .hasSize(expected ? 1 : 0);
  }

  @Test
  void representative_isMostSpecificMatchType_thenHighestBid() {
    AdIndex index = new AdIndex(DEFAULT);
    index.upsert(Fixtures.campaign("c", "adv", 10 * D,
        Fixtures.group("g", D, List.of(
            Keyword.of("dress", MatchType.BROAD, 9 * D),
            Keyword.of("red dress", MatchType.PHRASE, 2 * D),
            Keyword.of("red", MatchType.PHRASE, 3 * D),
            Keyword.of("red dress sale", MatchType.EXACT)), List.of())));
    List<IndexedKeyword> m = index.match("red dress");
    assertThat(m).hasSize(1);
    // PHRASE beats BROAD despite the lower bid; among phrases the higher bid ("red", $3) wins
    assertThat(m.get(0).keyword().text()).isEqualTo("red");
    List<IndexedKeyword> exact = index.match("red dress sale");
    assertThat(exact.get(0).matchType()).isEqualTo(MatchType.EXACT);
  }

  @Test
  void upsertAndRemove_areIncremental() {
    AdIndex index = new AdIndex(DEFAULT);
    index.upsert(Fixtures.campaign("c1", "a1", D, Fixtures.group("g1", D, List.of(Keyword.of("lamp", MatchType.BROAD)), List.of())));
    index.upsert(Fixtures.campaign("c2", "a2", D, Fixtures.group("g2", D, List.of(Keyword.of("desk lamp", MatchType.PHRASE)), List.of())));
    assertThat(index.match("desk lamp")).extracting(k -> k.adGroup().adGroupId()).containsExactlyInAnyOrder("g1", "g2");
    index.upsert(Fixtures.campaign("c1", "a1", D, Fixtures.group("g1", D, List.of(Keyword.of("chair", MatchType.BROAD)), List.of())));
    assertThat(index.match("desk lamp")).extracting(k -> k.adGroup().adGroupId()).containsExactly("g2");
    assertThat(index.match("office chair")).extracting(k -> k.adGroup().adGroupId()).containsExactly("g1");
    index.remove("c2");
    assertThat(index.match("desk lamp")).isEmpty();
    assertThat(index.keywordCount()).isEqualTo(1);
    index.remove("c1");
    assertThat(index.keywordCount()).isZero();
    assertThat(index.match("office chair")).isEmpty();
  }

  @Test
  void keywordWithoutTokens_isRejected_namingKeywordAndGroup() {
    AdIndex index = new AdIndex(DEFAULT);
    Campaign bad = Fixtures.campaign("c", "a", D, Fixtures.group("g", D, List.of(Keyword.of("!!!", MatchType.BROAD)), List.of()));
    assertThatThrownBy(() -> index.upsert(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyword '!!!'").hasMessageContaining("ad group 'g'").hasMessageContaining("1 to 10 tokens");
    assertThat(index.keywordCount()).isZero();
  }

  // --- duel against brute force ------------------------------------------------------------

  static final Tokenizer SPACES = text -> text.isBlank() ? List.of() : List.of(text.trim().split(" +"));

  static boolean matches(List<String> q, List<String> k, MatchType t) {
    return switch (t) {
      case EXACT -> q.equals(k);
      case PHRASE -> Collections.indexOfSubList(q, k) >= 0;
      case BROAD -> q.containsAll(k);
    };
  }

  @Test
  void match_equalsBruteForceOverEveryKeyword_onRandomIndexAndQueries() {
    SplittableRandom rnd = new SplittableRandom(2024);
    String[] vocab = new String[25];
    for (int i = 0; i < vocab.length; i++) {
      vocab[i] = "w" + i;
    }
    AdIndex index = new AdIndex(SPACES);
    Map<String, Campaign> live = new HashMap<>();
    for (int round = 0; round < 40; round++) {
      // upsert or remove a few campaigns
      for (int c = 0; c < 10; c++) {
        String id = "c" + rnd.nextInt(60);
        if (rnd.nextInt(5) == 0) {
          index.remove(id);
          live.remove(id);
          continue;
        }
        List<AdGroup> groups = new ArrayList<>();
        for (int g = 0; g < rnd.nextInt(1, 4); g++) {
          List<Keyword> kws = new ArrayList<>();
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (int k = 0; k < rnd.nextInt(1, 6); k++) {
            String text = phrase(rnd, vocab, rnd.nextInt(1, 4));
            MatchType t = MatchType.values()[rnd.nextInt(3)];
            if (seen.add(t + text)) {
              kws.add(Keyword.of(text, t, rnd.nextLong(1, 5) * D));
            }
          }
          List<NegativeKeyword> negs = new ArrayList<>();
          if (rnd.nextInt(3) == 0) {
            String text = phrase(rnd, vocab, rnd.nextInt(1, 3));
            negs.add(rnd.nextBoolean() ? NegativeKeyword.exact(text) : NegativeKeyword.phrase(text));
          }
          groups.add(new AdGroup(id + "g" + g, "p", "", D, kws, negs));
        }
        Campaign camp = Campaign.simple(id, "a", D, groups);
        index.upsert(camp);
        live.put(id, camp);
      }
      for (int qn = 0; qn < 50; qn++) {
        List<String> q = SPACES.tokens(phrase(rnd, vocab, rnd.nextInt(1, 6)));
        Map<String, String> expected = bruteForce(live, q);
        MatchBuffer out = new MatchBuffer();
        index.match(q, out);
        Map<String, String> actual = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
          IndexedKeyword k = out.get(i);
          assertThat(actual.put(k.adGroup().adGroupId(), k.matchType() + ":" + k.normalizedText())).isNull();
        }
        assertThat(actual).as("query %s", q).isEqualTo(expected);
      }
    }
  }

  private static Map<String, String> bruteForce(Map<String, Campaign> live, List<String> q) {
    Map<String, String> out = new HashMap<>();
    for (Campaign c : live.values()) {
      for (AdGroup g : c.adGroups()) {
        boolean negated = false;
        for (NegativeKeyword n : g.negatives()) {
          negated |= matches(q, SPACES.tokens(n.text()), n.matchType());
        }
        if (negated) {
          continue;
        }
        Keyword best = null;
        for (Keyword k : g.keywords()) {
          if (matches(q, SPACES.tokens(k.text()), k.matchType())
              && (best == null || better(k, best, g))) {
            best = k;
          }
        }
        if (best != null) {
          out.put(g.adGroupId(), best.matchType() + ":" + best.text());
        }
      }
    }
    return out;
  }

  private static boolean better(Keyword a, Keyword b, AdGroup g) {
    if (a.matchType() != b.matchType()) {
      return a.matchType().ordinal() < b.matchType().ordinal();
    }
    if (g.baseBidMicros(a) != g.baseBidMicros(b)) {
      return g.baseBidMicros(a) > g.baseBidMicros(b);
    }
    return a.text().compareTo(b.text()) < 0;
  }

  private static String phrase(SplittableRandom rnd, String[] vocab, int n) {
    String[] w = new String[n];
    for (int i = 0; i < n; i++) {
      w[i] = vocab[rnd.nextInt(vocab.length)];
    }
    return String.join(" ", Arrays.asList(w));
  }
}
