package io.searchbid.simulator.scenario;

import java.util.List;

/**
 * A scenario file broke one or more rules. Each problem names the path inside the file and the rule,
 * e.g. {@code sellers[2].strategy.launchDays: must be ≥ 1, got 0}.
 */
public final class ScenarioException extends RuntimeException {
  private final List<String> problems;

  public ScenarioException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ScenarioException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem, in file order where possible. */
  public List<String> problems() {
    return problems;
  }
}
