package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizersTest {
  @Test
  void english_isLowercasedWidthFoldedAndPluralStemmed() {
    Tokenizer t = Tokenizers.defaultTokenizer();
    assertThat(t.tokens("Red DRESSES")).containsExactly("red", "dress");
    assertThat(t.tokens("ＡＡ Ｂatteries")).containsExactly("aa", "battery");
    assertThat(t.tokens("office chairs, 2 pack!")).containsExactly("office", "chair", "2", "pack");
    assertThat(Tokenizers.standard().tokens("Red DRESSES")).containsExactly("red", "dress");
  }

  @Test
  void chinese_isSegmentedIntoWords_andMixedTextKeepsLatinWords() {
    Tokenizer t = Tokenizers.chinese();
    assertThat(t.tokens("红色连衣裙")).containsExactly("红色", "连衣裙");
    assertThat(t.tokens("iPhone 手机壳")).contains("iphone").doesNotContain(" ");
  }

  @Test
  void punctuationOnly_andEmpty_giveNoTokens() {
    assertThat(Tokenizers.defaultTokenizer().tokens("!!! ...")).isEmpty();
    assertThat(Tokenizers.defaultTokenizer().tokens("")).isEmpty();
    assertThat(Tokenizers.defaultTokenizer().tokens(null)).isEmpty();
  }
}
