/**
 * The {@code serve} command (picocli) and its {@code --demo} data, its {@code --cluster} flags
 * ({@code ClusterOptions}), and the {@code db} command for the PostgreSQL journal schema.
 */
package io.searchbid.engine.cli;
