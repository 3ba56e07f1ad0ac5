package io.searchbid.auction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuctionCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  record Outcome(int code, String out, String err) {}

  static Outcome run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AuctionCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static final String EOS = """
      {"mechanism":"vcg","slots":[{"clickRate":0.2},{"clickRate":0.1}],
       "bids":[{"id":"a","bidMicros":10000000},{"id":"b","bidMicros":4000000},{"id":"c","bidMicros":2000000}]}
      """;

  @Test
  void singleJsonObject_onStdin_givesSlotsPricesUnallocatedAndRevenue() throws Exception {
    Outcome o = run(EOS, "-");
    assertThat(o.code()).as(o.err()).isZero();
    JsonNode r = JSON.readTree(o.out());
    assertThat(r.get("mechanism").asText()).isEqualTo("vcg");
    // EOS 2007 example: VCG prices $3 and $2 per click
    assertThat(r.at("/slots/0/id").asText()).isEqualTo("a");
    assertThat(r.at("/slots/0/priceMicros").asLong()).isEqualTo(3_000_000);
    assertThat(r.at("/slots/0/adRank").asLong()).isEqualTo(10_000_000);
    assertThat(r.at("/slots/1/priceMicros").asLong()).isEqualTo(2_000_000);
    assertThat(r.get("unallocated").toString()).isEqualTo("[\"c\"]");
    // 0.2 × 3 + 0.1 × 2 = $0.80
    assertThat(r.get("expectedRevenueMicros").asLong()).isEqualTo(800_000);
  }

  @Test
  void jsonLines_badLineGetsAnErrorLine_othersAreComputed_exit2() {
    String in = """
        {"mechanism":"gsp","slots":[{"clickRate":0.3}],"bids":[{"id":"a","bidMicros":5},{"id":"b","bidMicros":3}]}
        {"mechanism":"gsp","slots":[{"clickRate":0.3}],"bids":[{"id":"a","bidMicros":-5}]}
        {"mechanism":"first_price","slots":[{"clickRate":0.3}],"bids":[{"id":"x","bidMicros":7,"quality":0.5}]}
        """;
    Outcome o = run(in);
    assertThat(o.code()).isEqualTo(2);
    String[] lines = o.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains("\"priceMicros\":3");
    assertThat(lines[1]).isEqualTo("{\"line\":2,\"error\":\"line 2: bids[0].bidMicros must be >= 0, got -5\"}");
    assertThat(lines[2]).contains("\"id\":\"x\",\"priceMicros\":7,\"adRank\":3.5");
    assertThat(o.err()).contains("1 of 3 lines had errors");
  }

  @Test
  void malformedSingleObject_exits2_namingLineFieldAndRule() {
    Outcome o = run("""
        {"mechanism":"gsp",
         "slots":[{"clickRate":0.3},{"clickRate":0.5}],
         "bids":[]}
        """);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().strip()).isEqualTo(
        "searchbid auction: line 2: slots[1].clickRate must be <= the clickRate of the slot above (0.3), got 0.5");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void unknownField_unknownMechanism_andBrokenJson_areReported() {
    assertThat(run("{\"mechanism\":\"gsp\",\"slots\":[{\"clickRate\":0.3}],\"bids\":[],\"bid\":1}").err())
        .contains("line 1: bid is not a known field");
    assertThat(run("{\"mechanism\":\"dutch\",\"slots\":[{\"clickRate\":0.3}],\"bids\":[]}").err())
        .contains("line 1: mechanism must be one of gsp, vcg, first_price, got 'dutch'");
    Outcome broken = run("{\"mechanism\":");
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains("line 1: input must be valid JSON").doesNotContain("Exception");
  }

  @Test
  void fileArgument_isRead_andMissingFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("a.json");
    Files.writeString(f, EOS);
    assertThat(run("", f.toString()).code()).isZero();
    Outcome missing = run("", dir.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void help_exitsZero_andDescribesTheShape() {
    Outcome o = run("", "--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("Usage: auction").contains("expectedRevenueMicros");
  }
}
