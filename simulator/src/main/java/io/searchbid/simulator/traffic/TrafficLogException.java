package io.searchbid.simulator.traffic;

import java.util.List;

/** A traffic log had bad lines; each problem is {@code file:line: what is wrong}. */
public final class TrafficLogException extends RuntimeException {
  private final List<String> problems;

  public TrafficLogException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
