package io.searchbid.simulator.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded scenario file: its base scenario and the variants to compare. A file without
 * {@code variants} has one variant named {@code base}.
 */
public record ScenarioFile(Path source, String description, Scenario base, List<Variant> variants) {
  public ScenarioFile {
    variants = List.copyOf(variants);
  }

  /** A named variant: the base with the variant's overrides applied. */
  public record Variant(String name, String description, Scenario scenario) {}

  /** The same file with every variant's horizon / seed / replicates replaced (CLI overrides). */
  public ScenarioFile with(Integer days, Long seed, Integer replicates) {
    List<Variant> vs =
        variants.stream()
            .map(v -> new Variant(v.name(), v.description(), apply(v.scenario(), days, seed, replicates)))
            .toList();
    return new ScenarioFile(source, description, apply(base, days, seed, replicates), vs);
  }

  private static Scenario apply(Scenario s, Integer days, Long seed, Integer replicates) {
    if (days != null) s = s.withDays(days);
    if (seed != null) s = s.withSeed(seed);
    if (replicates != null) s = s.withReplicates(replicates);
    return s;
  }
}
