package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {

  private static String jsonl(long seed, CatalogGenerator.Language lang, int n) throws IOException {
    StringWriter w = new StringWriter();
    CatalogJsonl.write(new CatalogGenerator(seed, lang).stream(n), w);
    return w.toString();
  }

  @ParameterizedTest
  @EnumSource(CatalogGenerator.Language.class)
  void sameSeed_givesSameBytes_differentSeed_differentCatalog(CatalogGenerator.Language lang) throws IOException {
    String a = jsonl(42, lang, 500);
    assertThat(jsonl(42, lang, 500)).isEqualTo(a);
    assertThat(jsonl(43, lang, 500)).isNotEqualTo(a);
    assertThat(a.lines().count()).isEqualTo(500);
  }

  @Test
  void signals_areSkewed_fewBestSellersAndALongTail() {
    List<Product> catalog = new CatalogGenerator(7, CatalogGenerator.Language.EN).generate(3000);
    long[] sales = catalog.stream().mapToLong(p -> p.signals().sales30d()).sorted().toArray();
    long total = Arrays.stream(sales).sum();
    long top1pct = Arrays.stream(sales, sales.length - 30, sales.length).sum();
    assertThat((double) top1pct / total).as("share of sales of the top 1%").isGreaterThan(0.2);
    assertThat(sales[sales.length / 2]).as("median product sales").isLessThan(5);
  }

  @Test
  void pricesPerCategory_spreadAroundAMedian() {
    List<Product> catalog = new CatalogGenerator(7, CatalogGenerator.Language.ZH).generate(3000);
    var medians = BruteForceRanker.medians(catalog);
    assertThat(medians.values().stream().distinct().count()).as("categories have different price levels").isGreaterThan(5);
    assertThat(catalog).allSatisfy(p -> assertThat(p.priceMicros()).isPositive());
  }

  /** The English vocabulary is shaped by WANDS, so most real WANDS queries find products. */
  @Test
  void realWandsQueries_mostlyFindProducts() throws IOException {
    List<String> queries = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        CatalogGenerator.class.getResourceAsStream("wands-queries.tsv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        queries.add(line.split("\t")[1]);
      }
    }
    assertThat(queries).hasSize(480);
    try (ProductIndex index = ProductIndex.inMemory()) {
      index.addAll(new CatalogGenerator(1, CatalogGenerator.Language.EN).stream(10_000));
      index.refresh();
      int found = 0;
      int allTermsInTop = 0;
      for (String q : queries) {
        List<Hit> hits = index.search(SearchRequest.of(q, 1)).hits();
        if (!hits.isEmpty()) {
          found++;
          if (TextAnalysis.tokens(hits.get(0).title()).containsAll(TextAnalysis.tokens(q))) {
            allTermsInTop++;
          }
        }
      }
      assertThat(found).as("WANDS queries with at least one hit").isGreaterThan(470);
      assertThat(allTermsInTop).as("WANDS queries whose top hit contains every query term").isGreaterThan(220); // 239 of 480 with seed 1 at 10k products
    }
  }
}
