/**
 * The journal database seen from outside the actor system: which database a configuration points
 * at, and creating or checking the PostgreSQL schema ({@code ./searchbid db}) with plain JDBC.
 *
 * <p>Depends on the service configuration keys only ({@code pekko-persistence-jdbc.shared-databases.slick});
 * must not start actors or touch the journal's rows.
 */
package io.searchbid.engine.db;
