package io.searchbid.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A seller strategy as written in the file: a built-in {@code type} or a {@code class} name, and its
 * parameters (the whole mapping, validated by the strategy's factory at load time).
 *
 * @param type      built-in name, or {@code custom} when {@code className} is set
 * @param className fully qualified class of a user strategy, or null
 * @param params    the strategy mapping (read-only)
 * @param path      where the mapping sits in the file, for error messages
 */
public record StrategySpec(String type, String className, JsonNode params, String path) {
  public StrategySpec {
    params = params.deepCopy();
  }

  @Override
  public JsonNode params() {
    return params.deepCopy();
  }
}
