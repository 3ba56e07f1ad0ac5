package io.searchbid.engine.db;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDBC database a service configuration journals into, and its schema.
 *
 * <p>Reads {@code pekko-persistence-jdbc.shared-databases.slick.{profile, db.url, db.user,
 * db.password}}: the same keys the journal plugin uses, so what {@code db init} creates is what
 * {@code serve} writes to. The password is never part of {@link #toString()} or of any message.
 *
 * <p>Not thread-safe in the sense that matters: every method opens and closes its own connection.
 */
public final class JournalDatabase {

  /** Tables pekko-persistence-jdbc 1.1.x expects with its default names, in creation order. */
  public static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot", "durable_state");

  /** Classpath location of {@code config/postgres-schema.sql} (copied into the engine jar). */
  public static final String SCHEMA_RESOURCE = "io/searchbid/engine/db/postgres-schema.sql";

  /* Key of the transaction-scoped advisory lock held while the schema is created, so that several
     nodes running `db init` at once do not race on CREATE TABLE IF NOT EXISTS (which can fail with a
     unique violation in pg_type when two sessions create the same table concurrently). */
  private static final long INIT_LOCK_KEY = 0x5eac_b1d0_0000_0001L;

  private static final String SLICK = "pekko-persistence-jdbc.shared-databases.slick";

  private final String profile;
  private final String url;
  private final String user;
  private final String password;

  private JournalDatabase(String profile, String url, String user, String password) {
    this.profile = profile;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * The journal database of a resolved service configuration.
   *
   * @throws IllegalArgumentException naming the key when one is missing or empty
   */
  public static JournalDatabase fromConfig(Config config) {
    return new JournalDatabase(
        required(config, SLICK + ".profile"),
        required(config, SLICK + ".db.url"),
        config.hasPath(SLICK + ".db.user") ? config.getString(SLICK + ".db.user") : "",
        config.hasPath(SLICK + ".db.password") ? config.getString(SLICK + ".db.password") : "");
  }

  private static String required(Config config, String key) {
    if (!config.hasPath(key) || config.getString(key).isBlank()) {
      throw new IllegalArgumentException(key + " must be set (a JDBC journal needs it)");
    }
    return config.getString(key).trim();
  }

  /** True when the journal is on PostgreSQL (Slick's PostgresProfile and a postgresql URL). */
  public boolean isPostgres() {
    return profile.contains("PostgresProfile") && url.startsWith("jdbc:postgresql:");
  }

  /** The JDBC URL with any {@code password=} parameter blanked out, for messages and logs. */
  public String displayUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  public String user() {
    return user;
  }

  /** The DDL shipped with searchbid ({@code config/postgres-schema.sql}). */
  public static String schemaSql() {
    try (InputStream in = JournalDatabase.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing from the classpath: " + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the journal tables and indexes that do not exist yet, in one transaction under an
   * advisory lock; existing tables and their rows are left alone. Safe to run any number of times,
   * from several processes at once.
   *
   * @return the tables that did not exist before and were created (empty when nothing was to do)
   * @throws IllegalStateException if this is not a PostgreSQL journal
   * @throws SQLException if the server cannot be reached or refuses a statement (nothing is changed)
   */
  public List<String> initSchema() throws SQLException {
    if (!isPostgres()) {
      throw new IllegalStateException("not a PostgreSQL journal: " + displayUrl());
    }
    String sql = schemaSql();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + INIT_LOCK_KEY + ")");
        List<String> before = existingTables(c);
        s.execute(sql); // the PostgreSQL driver runs a multi-statement script in order
        c.commit();
        List<String> created = new ArrayList<>();
        for (String t : TABLES) {
          if (!before.contains(t)) {
            created.add(t);
          }
        }
        return created;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * The expected tables that are missing (empty when the schema is complete).
   *
   * @throws SQLException if the server cannot be reached
   */
  public List<String> missingTables() throws SQLException {
    try (Connection c = connect()) {
      List<String> present = existingTables(c);
      List<String> missing = new ArrayList<>();
      for (String t : TABLES) {
        if (!present.contains(t)) {
          missing.add(t);
        }
      }
      return missing;
    }
  }

  /** Server product and version, e.g. {@code PostgreSQL 15.20}. */
  public String serverVersion() throws SQLException {
    try (Connection c = connect()) {
      DatabaseMetaData md = c.getMetaData();
      return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    }
  }

  /** Highest global event offset in the journal (0 when empty): a cheap "how much is in here". */
  public long maxOrdering() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(max(ordering), 0) FROM event_journal")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Tables of {@link #TABLES} visible on the connection's search_path. */
  private static List<String> existingTables(Connection c) throws SQLException {
    List<String> present = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (String t : TABLES) {
        // to_regclass resolves the name like the plugin's unqualified SQL does (search_path)
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + t + "') IS NOT NULL")) {
          rs.next();
          if (rs.getBoolean(1)) {
            present.add(t);
          }
        }
      }
    }
    return present;
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (!user.isEmpty()) {
      p.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "10");
    p.setProperty("ApplicationName", "searchbid db");
    return DriverManager.getConnection(url, p);
  }

  @Override
  public String toString() {
    return displayUrl() + (user.isEmpty() ? "" : " as " + user);
  }
}
