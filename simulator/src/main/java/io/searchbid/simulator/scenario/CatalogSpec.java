package io.searchbid.simulator.scenario;

import java.nio.file.Path;

/**
 * Where the market's products come from: a generated catalog ({@code file == null}) or a JSONL file.
 *
 * @param products   number of generated products (ignored with a file)
 * @param language   {@code en} or {@code zh}, for generated titles
 * @param seed       catalog seed; the same catalog for every replicate and variant
 * @param file       JSONL catalog (resolved against the scenario file's folder), or null
 */
public record CatalogSpec(int products, String language, long seed, Path file) {}
