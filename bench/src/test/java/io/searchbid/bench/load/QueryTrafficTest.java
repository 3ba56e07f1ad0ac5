package io.searchbid.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryTrafficTest {

  @Test
  void wands_hasTheBundledQueries_andFavoursTheHead() {
    QueryTraffic t = QueryTraffic.wands();
    assertThat(t.size()).isEqualTo(480);
    Map<String, Integer> counts = new HashMap<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 20_000; i++) {
      counts.merge(t.next(r), 1, Integer::sum);
    }
    // Zipf(1) over 480: the first query gets 1/H(480) ≈ 15% of draws, the 480th ≈ 0.03%.
    assertThat(counts.get("salon chair")).isBetween(2500, 3600);
    assertThat(counts.size()).isGreaterThan(300);
  }

  @Test
  void plainFile_oneQueryPerLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("q.txt");
    Files.writeString(f, "red dress\n\nblue shoes\n");
    QueryTraffic t = QueryTraffic.fromFile(f);
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void tsvWithoutQueryColumn_isRejectedNamingLineOne(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("q.tsv");
    Files.writeString(f, "id\ttext\n1\tred dress\n");
    assertThatThrownBy(() -> QueryTraffic.fromFile(f)).hasMessageContaining("line 1").hasMessageContaining("'query' column");
  }

  @Test
  void tsvLineWithoutQuery_isRejectedWithItsLineNumber(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("q.tsv");
    Files.writeString(f, "id\tquery\n1\tred dress\n2\n");
    assertThatThrownBy(() -> QueryTraffic.fromFile(f)).hasMessageContaining("line 3");
  }
}
