package io.searchbid.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.searchbid.ranking.CatalogJsonl.CatalogFormatException;
import io.searchbid.ranking.CatalogJsonl.OnBadLine;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogJsonlTest {

  @Test
  void writeThenRead_roundTripsEveryField() throws IOException {
    List<Product> catalog = new CatalogGenerator(3, CatalogGenerator.Language.ZH).generate(200);
    StringWriter w = new StringWriter();
    assertThat(CatalogJsonl.write(catalog, w)).isEqualTo(200);
    CatalogJsonl.ReadResult r = CatalogJsonl.read(new StringReader(w.toString()), OnBadLine.FAIL);
    assertThat(r.products()).isEqualTo(catalog);
    assertThat(r.errors()).isEmpty();
  }

  private static String catalogWithBadLines() throws IOException {
    List<Product> catalog = new CatalogGenerator(3, CatalogGenerator.Language.EN).generate(3);
    String good = CatalogJsonl.toJson(catalog.get(0));
    return good + "\n"
        + "{not json\n"                                                           // line 2
        + good.replace("\"priceMicros\":", "\"priceMicros\":-") + "\n"          // line 3
        + "\n"                                                                    // line 4: blank, ignored
        + CatalogJsonl.toJson(catalog.get(1)).replace("\"brand\"", "\"colour\":\"red\",\"brand\"") + "\n" // line 5
        + CatalogJsonl.toJson(catalog.get(2)).replace("\"rating\":", "\"rating\":9") + "\n" // line 6
        + CatalogJsonl.toJson(catalog.get(2)) + "\n";                          // line 7
  }

  @Test
  void read_skipPolicy_reportsEveryBadLineWithItsNumberAndRule() throws IOException {
    CatalogJsonl.ReadResult r = CatalogJsonl.read(new StringReader(catalogWithBadLines()), OnBadLine.SKIP);
    assertThat(r.products()).hasSize(2);
    assertThat(r.errors()).extracting(CatalogJsonl.LineError::lineNumber).containsExactly(2L, 3L, 5L, 6L);
    assertThat(r.errors().get(0).message()).startsWith("malformed JSON");
    assertThat(r.errors().get(1).message()).contains("priceMicros must be > 0");
    assertThat(r.errors().get(2).message()).contains("unknown field 'colour'");
    assertThat(r.errors().get(3).message()).contains("rating must be in [0, 5]");
  }

  @Test
  void read_failPolicy_rejectsTheFileAtTheFirstBadLine() {
    assertThatThrownBy(() -> CatalogJsonl.read(new StringReader(catalogWithBadLines()), OnBadLine.FAIL))
        .isInstanceOf(CatalogFormatException.class)
        .hasMessageStartingWith("line 2: malformed JSON")
        .satisfies(e -> assertThat(((CatalogFormatException) e).lineNumber()).isEqualTo(2));
  }

  @Test
  void fromJson_missingOrMistypedFields_nameTheField() {
    assertThatThrownBy(() -> CatalogJsonl.fromJson("{\"productId\":\"p1\"}")).hasMessage("skus must be an array of SKU objects, got null");
    assertThatThrownBy(() -> CatalogJsonl.fromJson("[1,2]")).hasMessageContaining("JSON object");
    String ok = CatalogJsonl.toJson(TextAnalysisTest.product("p1", "oak chair"));
    assertThatThrownBy(() -> CatalogJsonl.fromJson(ok.replace("\"stock\":1", "\"stock\":\"many\"")))
        .hasMessage("skus[0].stock must be an integer, got \"many\"");
    assertThatThrownBy(() -> CatalogJsonl.fromJson(ok.replace("2025-01-01", "yesterday")))
        .hasMessage("createdOn must be an ISO date like 2025-03-01, got 'yesterday'");
    assertThatThrownBy(() -> CatalogJsonl.fromJson(ok.replace("\"title\":\"oak chair\",", "")))
        .hasMessage("title is required");
  }
}
