package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is rejected at the boundary with a message naming field, value and rule. */
class ValidationTest {

  private static final Sku SKU = new Sku("a", 5_000_000, 3);

  private static Product product(String title, List<Sku> skus, Signals signals) {
    return new Product("p1", "s1", title, "chairs", "acme", Map.of(), skus, LocalDate.of(2025, 1, 1), signals);
  }

  @Test
  void product_blankTitle_isRejectedNamingFieldAndProduct() {
    assertThatThrownBy(() -> product("  ", List.of(SKU), Signals.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("title must not be blank, got '  ' for product 'p1'");
  }

  @Test
  void product_overlongTitle_isRejected() {
    assertThatThrownBy(() -> product("x".repeat(Product.MAX_TITLE_CHARS + 1), List.of(SKU), Signals.NONE))
        .hasMessageContaining("title must be at most 512 characters, got 513");
  }

  @Test
  void sku_negativePrice_isRejectedNamingSku() {
    assertThatThrownBy(() -> new Sku("red-xl", -5, 1))
        .hasMessage("priceMicros must be > 0, got -5 for sku 'red-xl'");
  }

  @Test
  void product_noSkus_orDuplicateSkuIds_areRejected() {
    assertThatThrownBy(() -> product("chair", List.of(), Signals.NONE)).hasMessageContaining("skus must contain at least one SKU");
    assertThatThrownBy(() -> product("chair", List.of(SKU, new Sku("a", 1, 1)), Signals.NONE))
        .hasMessageContaining("duplicate 'a'");
  }

  @Test
  void product_listingPrice_isTheCheapestSku_andStockTheSum() {
    Product p = product("chair", List.of(new Sku("a", 9_000_000, 1), new Sku("b", 7_500_000, 4), new Sku("c", 8_000_000, 0)), Signals.NONE);
    assertThat(p.priceMicros()).isEqualTo(7_500_000);
    assertThat(p.stock()).isEqualTo(5);
  }

  @Test
  void signals_ratingOutOfRange_isRejected() {
    assertThatThrownBy(() -> new Signals(0, 0, 0, 0, 0, 5.5, 1)).hasMessage("rating must be in [0, 5], got 5.5");
    assertThatThrownBy(() -> new Signals(0, 0, 0, 0, 0, Double.NaN, 1)).hasMessageContaining("rating must be in [0, 5]");
  }

  @Test
  void signals_inconsistentCounts_areRejected() {
    assertThatThrownBy(() -> new Signals(0, 0, 10, 11, 0, 0, 0)).hasMessage("clicks must be <= impressions, got clicks=11, impressions=10");
    assertThatThrownBy(() -> new Signals(5, 4, 0, 0, 0, 0, 0)).hasMessageContaining("sales30d must be >= sales7d");
    assertThatThrownBy(() -> new Signals(0, 0, -1, 0, 0, 0, 0)).hasMessage("impressions must be >= 0, got -1");
  }

  @Test
  void product_attributesAreCopied_soTheRecordStaysImmutable() {
    java.util.HashMap<String, String> attrs = new java.util.HashMap<>(Map.of("color", "red"));
    Product p = new Product("p1", "s1", "chair", "c", "b", attrs, List.of(SKU), LocalDate.of(2025, 1, 1), Signals.NONE);
    attrs.put("color", "blue");
    assertThat(p.attributes()).containsEntry("color", "red");
    assertThatThrownBy(() -> p.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void searchRequest_boundsAreEnforcedWithTheRule() {
    assertThatThrownBy(() -> SearchRequest.of("a".repeat(257), 10))
        .hasMessage("text must be at most 256 characters, got 257");
    assertThatThrownBy(() -> SearchRequest.of("chair", 0)).hasMessage("size must be in [1, 1000], got 0");
    assertThatThrownBy(() -> SearchRequest.of("chair", 10).withPriceRange(10, 5))
        .hasMessageContaining("maxPriceMicros must be >= minPriceMicros");
  }

  @Test
  void search_tooManyDistinctTerms_isRejected_butRepeatedTermsCountOnce() {
    try (ProductIndex index = ProductIndex.inMemory()) {
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 33; i++) {
        many.append("w").append(i).append(' ');
      }
      assertThatThrownBy(() -> index.search(SearchRequest.of(many.toString(), 10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("query must have at most 32 distinct terms, got 33");
      assertThat(index.search(SearchRequest.of("chair ".repeat(40), 10)).hits()).isEmpty();
    }
  }

  @Test
  void search_noMatch_orOnlyStopWords_returnsEmptyNotError() {
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.upsert(TextAnalysisTest.product("p1", "oak chair"));
      index.refresh();
      assertThat(index.search(SearchRequest.of("zebra", 10)).hits()).isEmpty();
      assertThat(index.search(SearchRequest.of("the of", 10)).hits()).isEmpty();
      assertThat(index.search(SearchRequest.of("", 10)).totalMatches()).isZero();
    }
  }

  @Test
  void search_pageBeyondCandidateWindow_isRejectedNamingTheRule() {
    try (ProductIndex index = ProductIndex.inMemory(RankingProfile.defaults().withCandidates(50))) {
      assertThatThrownBy(() -> index.search(SearchRequest.of("chair", 20).withPage(2, 20)))
          .hasMessage("page end (page+1)*size must be <= candidates 50 of the ranking profile, got 60");
    }
  }

  @Test
  void rankingProfile_badWeights_areRejected() {
    assertThatThrownBy(() -> RankingProfile.defaults().withWeights(-0.1, 0, 0, 0, 0))
        .hasMessage("wCtr must be a finite number >= 0, got -0.1");
    assertThatThrownBy(() -> RankingProfile.defaults().withCandidates(0)).hasMessage("candidates must be >= 1, got 0");
  }

  @Test
  void rankingProfile_newProductWithNoHistory_getsNeutralRateMultipliers() {
    RankingProfile p = RankingProfile.defaults();
    ScoreParts parts = p.explain(2.0f, Signals.NONE, 100, 100);
    assertThat(parts.ctrMultiplier()).isEqualTo(1.0);
    assertThat(parts.cvrMultiplier()).isEqualTo(1.0);
    assertThat(parts.ratingMultiplier()).isEqualTo(1.0);
    assertThat(parts.salesMultiplier()).isEqualTo(1.0);
    assertThat(parts.priceMultiplier()).isEqualTo(1.0);
    assertThat(parts.score()).isEqualTo(2.0);
    // cheaper than the category median helps, dearer hurts, both bounded by the clamp
    assertThat(p.explain(2.0f, Signals.NONE, 50, 100).priceMultiplier()).isGreaterThan(1.0);
    assertThat(p.explain(2.0f, Signals.NONE, 1, 100).priceMultiplier())
        .isEqualTo(p.explain(2.0f, Signals.NONE, 10, 100).priceMultiplier());
  }
}
