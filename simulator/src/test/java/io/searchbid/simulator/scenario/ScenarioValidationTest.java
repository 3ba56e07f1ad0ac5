package io.searchbid.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.searchbid.simulator.TestScenarios;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScenarioValidationTest {

  private static final String BASE = """
      days: 10
      sellers:
        - id: a
          products:
            - {id: a1, title: Oak Coffee Table, price: 20}
          strategy: {type: steady}
        - id: b
          products:
            - {id: b1, title: Pine Side Table, price: 10}
          strategy: {type: steady}
        - id: c
          products:
            - {id: c1, title: Glass End Table, price: 12}
          strategy: {type: lossLeader, launchDays: 3}
      """;

  private static ScenarioException reject(String yaml) {
    try {
      ScenarioLoader.parse(yaml, Path.of("."), Path.of("t.yaml"));
    } catch (ScenarioException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      launchDays 0            | launchDays: 3             | launchDays: 0             | sellers[2].strategy.launchDays: must be ≥ 1, got 0
      unknown top field       | days: 10                  | days: 10\\nhorizon: 5      | horizon: unknown field
      days zero               | days: 10                  | days: 0                   | days: must be ≥ 1, got 0
      days not a number       | days: 10                  | days: ten                 | days: must be a whole number, got 'ten'
      negative price          | price: 10}                | price: -1}                | sellers[1].products[0].price: must be ≥ 0.01, got -1
      too many decimals       | price: 10}                | price: 10.1234567}        | sellers[1].products[0].price: must have at most 6 decimals
      unknown strategy type   | type: lossLeader          | type: lossLeeder          | sellers[2].strategy.type: must be one of
      unknown strategy param  | launchDays: 3             | launchDays: 3, bidd: 1    | sellers[2].strategy.bidd: unknown field
      missing title           | title: Oak Coffee Table,  | name: Oak Coffee Table,   | sellers[0].products[0].title: is required
      duplicate seller id     | id: b\\n                  | id: a\\n                  | sellers[1].id: duplicate seller id 'a'
      bad mechanism           | days: 10                  | days: 10\\nauction: {mechanism: dutch} | auction.mechanism: must be one of GSP, VCG, FIRST_PRICE, got 'dutch'
      shares do not sum       | days: 10                  | days: 10\\nusers: {segments: [{name: x, share: 0.5}]} | users.segments: shares must sum to 1
      both traffic kinds      | days: 10                  | days: 10\\ntraffic: {synthetic: {}, replay: {file: x.csv}} | traffic: set either synthetic or replay, not both
      replay file missing     | days: 10                  | days: 10\\ntraffic: {replay: {file: nope.csv}} | traffic.replay.file: no such file
      unknown activity        | launchDays: 3             | launchDays: 3, activities: [deals] | sellers[2].strategy.activities[0]: no activity named 'deals'
      allowance too big       | days: 10                  | days: 10\\nauction: {overspendAllowance: 3} | auction.overspendAllowance: must be ≤ 2, got 3
      bad examination         | days: 10                  | days: 10\\nusers: {examination: [0.5, 0.9]} | users.examination[1]: must not exceed the position above it
      competitor mix type     | days: 10                  | days: 10\\ncompetitors: {strategyMix: {lossLeader: 1}} | competitors.strategyMix.lossLeader: is not a strategy competitors can use
      wands class unknown     | days: 10                  | days: 10\\ntraffic: {synthetic: {queryClasses: [Spaceships]}} | traffic.synthetic.queryClasses[0]: no WANDS query class 'Spaceships'
      """)
  void brokenScenario_rejectedWithPathAndRule(String name, String find, String replace, String expected) {
    String f = find.replace("\\n", "\n");
    String r = replace.replace("\\n", "\n");
    assertThat(BASE).as("test setup for %s", name).contains(f);
    int at = name.equals("duplicate seller id") ? BASE.indexOf(f, BASE.indexOf("- id: b")) - 2 : BASE.indexOf(f);
    if (name.equals("duplicate seller id")) at = BASE.indexOf("id: b");
    if (name.equals("negative price") || name.equals("too many decimals")) at = BASE.indexOf(f, BASE.indexOf("b1"));
    String yaml = BASE.substring(0, at) + r + BASE.substring(at + f.length());
    ScenarioException e = reject(yaml);
    assertThat(e.problems()).as("problems for %s", name).anySatisfy(p -> assertThat(p).contains(expected));
  }

  @Test
  void customStrategyClass_missingOrWrong_rejected() {
    ScenarioException e = reject(BASE.replace("strategy: {type: lossLeader, launchDays: 3}", "strategy: {class: com.acme.Nope}"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("sellers[2].strategy.class: no class 'com.acme.Nope' on the classpath"));
    ScenarioException e2 = reject(BASE.replace("strategy: {type: lossLeader, launchDays: 3}", "strategy: {class: java.lang.String}"));
    assertThat(e2.problems()).anySatisfy(p -> assertThat(p).contains("does not implement io.searchbid.simulator.strategy.SellerStrategy"));
  }

  @Test
  void severalProblems_allReportedAtOnce() {
    ScenarioException e = reject(BASE.replace("days: 10", "days: 0\nseed: x").replace("launchDays: 3", "launchDays: 0"));
    assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void invalidYaml_reportsLine() {
    assertThatThrownBy(() -> ScenarioLoader.parse("days: [1,\n  2", Path.of("."), Path.of("t.yaml")))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("line");
  }

  @Test
  void variant_overridesStrategyWhole_andKeepsTheRest() {
    ScenarioFile f = TestScenarios.parse(TestScenarios.lossLeader(5, 1, 1.0, false, ""));
    assertThat(f.variants()).extracting(ScenarioFile.Variant::name).containsExactly("steady", "loss-leader");
    SellerSpec steady = f.variants().get(0).scenario().sellers().get(0);
    SellerSpec ll = f.variants().get(1).scenario().sellers().get(0);
    assertThat(steady.strategy().type()).isEqualTo("steady");
    assertThat(ll.strategy().type()).isEqualTo("lossLeader");
    assertThat(ll.strategy().params().has("maxCpc")).as("a new type does not inherit the old parameters").isFalse();
    assertThat(ll.products()).isEqualTo(steady.products());
    assertThat(ll.dailyBudgetMicros()).isEqualTo(8_000_000L);
  }

  @Test
  void variant_withBadOverride_namesTheVariant() {
    String yaml = TestScenarios.lossLeader(5, 1, 1.0, false, "").replace("launchDays: 8", "launchDays: 0");
    ScenarioException e = reject(yaml);
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("variants[1]").contains("sellers[0].strategy.launchDays: must be ≥ 1, got 0"));
  }

  @Test
  void money_isExactMicros() {
    ScenarioFile f = ScenarioLoader.parse(BASE.replace("price: 20}", "price: 19.990001}"), Path.of("."), Path.of("t.yaml"));
    assertThat(f.base().sellers().get(0).products().get(0).priceMicros()).isEqualTo(19_990_001L);
  }
}
