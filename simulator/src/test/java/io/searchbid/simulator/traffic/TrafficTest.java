package io.searchbid.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficTest {
  private static final List<String> SEGMENTS = List.of("price-sensitive", "quality-seeking");

  @Test
  void replayLog_badLines_reportedWithLineNumbers(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("log.csv");
    Files.writeString(f, """
        timestamp,query,segment
        2026-01-05T00:00:01Z,coffee table,price-sensitive
        yesterday,coffee table,
        2026-01-05T00:00:03Z,,quality-seeking
        2026-01-05T00:00:04Z,"end table, oak",vip
        1767571205,"end table, oak",
        """);
    assertThatThrownBy(() -> TrafficLog.read(f, SEGMENTS))
        .isInstanceOf(TrafficLogException.class)
        .satisfies(e -> assertThat(((TrafficLogException) e).problems()).containsExactly(
            "log.csv:3: timestamp 'yesterday' is not an ISO-8601 instant or epoch seconds",
            "log.csv:4: query is missing or empty",
            "log.csv:5: segment 'vip' is not one of [price-sensitive, quality-seeking]"));
  }

  @Test
  void replayLog_csvAndJsonl_readAlike_andTimeScaleMapsToDays(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("a.csv");
    Files.writeString(csv, "timestamp,query\n2026-01-05T00:00:00Z,sofa\n2026-01-05T01:00:00Z,\"bed, king\"\n2026-01-05T02:30:00Z,sofa\n");
    Path jsonl = dir.resolve("a.jsonl");
    Files.writeString(jsonl, """
        {"timestamp": "2026-01-05T00:00:00Z", "query": "sofa"}
        {"timestamp": 1767574800, "query": "bed, king"}
        {"timestamp": "2026-01-05T02:30:00Z", "query": "sofa", "segment": "quality-seeking"}
        """);
    TrafficLog a = TrafficLog.read(csv, SEGMENTS);
    TrafficLog b = TrafficLog.read(jsonl, SEGMENTS);
    assertThat(a.size()).isEqualTo(3).isEqualTo(b.size());
    assertThat(a.vocabulary().queries()).containsExactly("sofa", "bed, king");
    assertThat(b.segment(2)).isEqualTo(1);
    for (int i = 0; i < 3; i++) assertThat(a.epochMillis(i)).isEqualTo(b.epochMillis(i));
    // 24×: each logged hour is a simulated day → searches at hours 0, 1, 2.5 land on days 0, 1, 2
    ReplayTraffic r = new ReplayTraffic(a, 24, 1.0, false, new double[] {0.5, 0.5});
    SplittableRandom rnd = new SplittableRandom(1);
    assertThat(r.day(0, rnd).size()).isEqualTo(1);
    assertThat(r.day(1, rnd).size()).isEqualTo(1);
    DayTraffic d2 = r.day(2, rnd);
    assertThat(d2.size()).isEqualTo(1);
    assertThat(d2.seconds()[0]).isEqualTo(43_200); // half of day 2
    assertThat(r.day(3, rnd).size()).isZero(); // no repeat
  }

  @Test
  void synthetic_volumeFollowsWeekdayCurve_andZipfFavoursTopQueries() {
    Vocabulary v = Vocabulary.wands();
    assertThat(v.size()).isGreaterThan(400);
    SyntheticTraffic t = new SyntheticTraffic(v, TrafficCurve.of(true, true), 20_000, 1.0, 0, 0, 1, new double[] {0.6, 0.4});
    double week = 0;
    int[] top = new int[3];
    long total = 0;
    for (int d = 0; d < 7; d++) {
      DayTraffic day = t.day(d, new SplittableRandom(d));
      week += day.size();
      assertThat(day.size()).isCloseTo((int) t.expected(d), org.assertj.core.data.Percentage.withPercentage(3));
      for (int i = 1; i < day.size(); i++) assertThat(day.seconds()[i]).isGreaterThanOrEqualTo(day.seconds()[i - 1]);
      for (int q : day.queryIds()) if (q < 3) top[q]++;
      total += day.size();
    }
    assertThat(week / 7).isCloseTo(20_000, org.assertj.core.data.Percentage.withPercentage(2));
    double h = 0;
    for (int k = 1; k <= v.size(); k++) h += 1.0 / k;
    assertThat(top[0] / (double) total).isCloseTo(1 / h, org.assertj.core.data.Offset.offset(0.01));
    assertThat(top[0]).isGreaterThan(top[1]).isGreaterThan(top[2]);
  }

  @Test
  void curve_weekSumsToSeven_andHoursSumToOne() {
    TrafficCurve c = TrafficCurve.of(true, true);
    double s = 0;
    for (int d = 1; d <= 7; d++) {
      s += c.dayFactor(d);
      double h = 0;
      for (int x = 0; x < 24; x++) h += c.hourShare(d, x);
      assertThat(h).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(s).isCloseTo(7.0, org.assertj.core.data.Offset.offset(1e-6));
    // real curve: nights are quieter than afternoons
    assertThat(c.hourShare(3, 4)).isLessThan(c.hourShare(3, 14));
  }
}
