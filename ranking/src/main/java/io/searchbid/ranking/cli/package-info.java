/**
 * The {@code ./searchbid catalog} command line (picocli): generate and search synthetic catalogs.
 * Uses only the public API of {@code io.searchbid.ranking}.
 */
package io.searchbid.ranking.cli;
