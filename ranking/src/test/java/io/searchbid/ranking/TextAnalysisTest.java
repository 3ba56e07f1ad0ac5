package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextAnalysisTest {

  @ParameterizedTest
  @CsvSource({
    "Velvet Accent Chairs, velvet accent chair",
    "ＲＥＤ Ｓｏｆａ, red sofa",
    "Café Tables, cafe table",
    "table for the kids, table kid",
    "Pillows!!! (set of 2), pillow set 2"
  })
  void tokens_englishTitles_foldCaseWidthAccentsPluralsAndStopWords(String text, String expected) {
    assertThat(String.join(" ", TextAnalysis.tokens(text))).isEqualTo(expected);
  }

  @Test
  void tokens_chineseTitle_segmentsWords() {
    assertThat(TextAnalysis.tokens("夏季 连衣裙")).containsExactly("夏季", "连衣裙");
    assertThat(TextAnalysis.tokens("夏季新款连衣裙")).contains("夏季", "连衣裙");
  }

  @Test
  void tokens_englishWordsInsideChineseTitle_normaliseLikeEnglishOnlyText() {
    List<String> mixed = TextAnalysis.tokens("Nike 运动鞋 Running Shoes, Chairs");
    assertThat(mixed).contains("运动鞋");
    for (String english : List.of("Nike", "Running", "Chairs")) {
      assertThat(mixed).containsAll(TextAnalysis.tokens(english));
    }
  }

  @Test
  void tokens_emptyOrStopWordsOnly_isEmpty_andNullIsRejected() {
    assertThat(TextAnalysis.tokens("")).isEmpty();
    assertThat(TextAnalysis.tokens("the and of")).isEmpty();
    assertThatThrownBy(() -> TextAnalysis.tokens(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void search_chineseQuery_findsExactlyTheTitlesContainingItsWords() {
    List<Product> catalog = new CatalogGenerator(5, CatalogGenerator.Language.ZH).generate(3000);
    try (ProductIndex index = ProductIndex.inMemory(RankingProfile.defaults().withCandidates(1000))) {
      index.addAll(catalog);
      index.refresh();
      SearchResult result = index.search(SearchRequest.of("连衣裙 夏季", 1000));
      List<String> expected = new ArrayList<>();
      for (Product p : catalog) {
        List<String> t = TextAnalysis.tokens(p.title());
        if (t.contains("连衣裙") || t.contains("夏季")) {
          expected.add(p.productId());
        }
      }
      assertThat(expected).hasSizeGreaterThan(20);
      assertThat(result.hits()).extracting(Hit::productId).containsExactlyInAnyOrderElementsOf(expected);
      for (Hit h : result.hits()) {
        assertThat(h.title()).containsAnyOf("连衣裙", "夏季");
      }
      // titles with both words outrank titles with one on BM25 alone
      SearchResult plain = index.search(SearchRequest.of("连衣裙 夏季", 5), RankingProfile.bm25Only());
      assertThat(plain.hits()).allSatisfy(h -> assertThat(h.title()).contains("连衣裙", "夏季"));
    }
  }

  @Test
  void search_mixedChineseEnglishTitles_matchBothLanguages() {
    Product mixed = product("m1", "Nike 运动鞋 Running Shoes 夏季");
    Product english = product("e1", "Running Shoes for trail");
    Product chinese = product("c1", "夏季 运动鞋 透气");
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.upsertAll(List.of(mixed, english, chinese));
      index.refresh();
      assertThat(ids(index.search(SearchRequest.of("running shoe", 10)))).containsExactlyInAnyOrder("m1", "e1");
      assertThat(ids(index.search(SearchRequest.of("运动鞋", 10)))).containsExactlyInAnyOrder("m1", "c1");
      assertThat(ids(index.search(SearchRequest.of("nike 运动鞋", 10)))).first().isEqualTo("m1");
      assertThat(ids(index.search(SearchRequest.of("ＮＩＫＥ", 10)))).containsExactly("m1");
    }
  }

  static Product product(String id, String title) {
    return new Product(id, "s1", title, "shoes", "brand", Map.of(), List.of(new Sku("a", 10_000_000, 1)),
        LocalDate.of(2025, 1, 1), Signals.NONE);
  }

  private static List<String> ids(SearchResult r) {
    return r.hits().stream().map(Hit::productId).toList();
  }
}
