package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TermDictionaryTest {

  @Test
  void intern_assignsDenseIds_andGetAgreesWithAHashMap_underEqualHashCodes() {
    TermDictionary dict = new TermDictionary();
    Map<String, Integer> reference = new HashMap<>();
    SplittableRandom r = new SplittableRandom(5);
    String alphabet = "abAB红裙子連衣裙";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(12);
      for (int c = 0; c < len; c++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String term = sb.toString();
      if (r.nextBoolean()) {
        int id = dict.intern(term);
        assertThat(id).isEqualTo(reference.computeIfAbsent(term, x -> reference.size()));
      } else {
        assertThat(dict.get(term)).as(term).isEqualTo(reference.getOrDefault(term, -1));
      }
    }
    assertThat(dict.size()).isEqualTo(reference.size());
    // "Aa" and "BB" share String.hashCode (2112): both stay distinct
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    int aa = dict.intern("Aa");
    int bb = dict.intern("BB");
    assertThat(aa).isNotEqualTo(bb);
    assertThat(dict.get("Aa")).isEqualTo(aa);
    assertThat(dict.get("BB")).isEqualTo(bb);
    assertThat(dict.get("AaBB")).isEqualTo(reference.getOrDefault("AaBB", -1));
    String longTerm = "x".repeat(70_000); // longer than one char of length
    int id = dict.intern(longTerm);
    assertThat(dict.get(longTerm)).isEqualTo(id);
    assertThat(dict.get("x".repeat(70_000 - 65_536))).isEqualTo(-1);
  }
}
