package io.searchbid.ranking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCliTest {

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CatalogCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void generateThenSearch_printsRankedHitsWithScoreParts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.jsonl");
    Run gen = run("generate", "--products", "2000", "--lang", "en", "--seed", "3", "--out", file.toString());
    assertThat(gen.code()).isZero();
    assertThat(Files.readAllLines(file)).hasSize(2000);
    Run search = run("search", "--catalog", file.toString(), "--explain", "--top", "3", "accent", "chair");
    assertThat(search.code()).as(search.err()).isZero();
    assertThat(search.out()).contains("query \"accent chair\"").contains("  1. ").contains("  3. ").contains("bm25 ");
    assertThat(search.out().lines().filter(l -> l.contains(" x ctr ")).count()).isEqualTo(3);
  }

  @Test
  void index_fromGeneratorAndFromJsonl_givesTheSameSearchResults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.jsonl");
    assertThat(run("generate", "--products", "3000", "--seed", "4", "--out", file.toString()).code()).isZero();
    Run fromGen = run("index", "--products", "3000", "--seed", "4", "--out", dir.resolve("g").toString());
    assertThat(fromGen.code()).as(fromGen.err()).isZero();
    assertThat(fromGen.err()).contains("indexed 3000 products");
    // parallel indexing: same products in the same write order, so the same ranking (ties included)
    Run parallel = run("index", "--products", "3000", "--seed", "4", "--threads", "2", "--out", dir.resolve("p").toString());
    assertThat(parallel.err()).contains("indexed 3000 products");
    Run p = run("search", "--index", dir.resolve("p").toString(), "--top", "20", "desk");
    assertThat(p.out()).contains("of 3000 products");
    assertThat(p.out()).isEqualTo(run("search", "--index", dir.resolve("g").toString(), "--top", "20", "desk").out());
    assertThat(run("index", "--catalog", file.toString(), "--out", dir.resolve("j").toString()).code()).isZero();
    Run a = run("search", "--index", dir.resolve("g").toString(), "--top", "5", "modern", "desk");
    Run b = run("search", "--index", dir.resolve("j").toString(), "--top", "5", "modern", "desk");
    Run c = run("search", "--catalog", file.toString(), "--top", "5", "modern", "desk");
    assertThat(a.code()).isZero();
    assertThat(a.out().lines().filter(l -> l.matches("\\s+\\d+\\..*")).count()).isEqualTo(5);
    assertThat(a.out()).isEqualTo(c.out());
    assertThat(b.out()).isEqualTo(c.out());
    assertThat(run("index", "--out", dir.resolve("x").toString()).code()).isEqualTo(2);
  }

  @Test
  void usageErrors_exit2_withOneLineMessage(@TempDir Path dir) {
    Run badLang = run("generate", "--products", "10", "--lang", "fr", "--out", dir.resolve("x").toString());
    assertThat(badLang.code()).isEqualTo(2);
    assertThat(badLang.err()).contains("--lang").contains("en, zh").hasLineCount(1);
    Run missing = run("generate", "--products", "10");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--out").hasLineCount(1);
    assertThat(run("search", "--catalog", "x.jsonl", "--top", "0", "q").code()).isEqualTo(2);
    assertThat(run().code()).isEqualTo(2);
  }

  @Test
  void badCatalogLine_failsNamingTheLine_orIsSkippedAndReported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.jsonl");
    assertThat(run("generate", "--products", "5", "--seed", "1", "--out", file.toString()).code()).isZero();
    var lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.add(2, "{\"productId\": 5}");
    Files.write(file, lines);
    Run fail = run("search", "--catalog", file.toString(), "chair");
    assertThat(fail.code()).isEqualTo(1);
    assertThat(fail.err()).contains("line 3:").contains("--on-bad-line skip").doesNotContain("Exception");
    Run skip = run("search", "--catalog", file.toString(), "--on-bad-line", "skip", "chair");
    assertThat(skip.code()).isZero();
    assertThat(skip.err()).contains("line 3:").contains("skipped 1 bad line(s), indexed 5 products");
  }

  @Test
  void missingCatalogFile_exit1_withoutStackTrace(@TempDir Path dir) {
    Run r = run("search", "--catalog", dir.resolve("nope.jsonl").toString(), "chair");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no such file").doesNotContain("\tat ");
  }
}
