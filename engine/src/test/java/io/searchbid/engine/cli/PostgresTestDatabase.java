package io.searchbid.engine.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty database on the machine's PostgreSQL for one test, dropped on {@link #close()}.
 *
 * <p>Names are {@code searchbid_test_<pid>_<purpose>_<n>}: unique among concurrent test JVMs on the
 * machine without any randomness, and a database left behind by a killed JVM (its pid no longer
 * alive) is dropped by the next run. When PostgreSQL cannot be reached the test FAILS, naming what
 * it needs: CI provides the server ({@code .ci/run} starts it), so a skip would hide a broken setup.
 */
final class PostgresTestDatabase implements AutoCloseable {

  /** host:port of the test server; trust authentication for {@link #USER} is assumed. */
  static final String HOST_PORT = System.getenv().getOrDefault("SEARCHBID_TEST_PG_HOSTPORT", "127.0.0.1:5432");
  static final String USER = "postgres";
  private static final String PREFIX = "searchbid_test_";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final String name;
  final String url;

  private PostgresTestDatabase(String name) {
    this.name = name;
    this.url = "jdbc:postgresql://" + HOST_PORT + "/" + name;
  }

  static PostgresTestDatabase create(String purpose) {
    String name = PREFIX + ProcessHandle.current().pid() + "_" + purpose + "_" + COUNTER.incrementAndGet();
    try (Connection c = admin(); Statement s = c.createStatement()) {
      dropOrphans(s);
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new AssertionError("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new PostgresTestDatabase(name);
  }

  /** A connection to the administrative database, or an AssertionError saying what is missing. */
  static Connection admin() {
    String adminUrl = "jdbc:postgresql://" + HOST_PORT + "/postgres?connectTimeout=5";
    try {
      return DriverManager.getConnection(adminUrl, USER, "");
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL is not reachable at " + adminUrl + " as user '" + USER + "' (" + e.getMessage()
          + "). The PostgreSQL journal tests need a PostgreSQL 13+ server there with trust authentication for '"
          + USER + "' (CI's .ci/run starts it; locally e.g. `pg_ctlcluster 15 main start`, or set "
          + "SEARCHBID_TEST_PG_HOSTPORT).", e);
    }
  }

  /** Connection to this test database as the superuser (for direct checks of the journal rows). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, USER, "");
  }

  private static void dropOrphans(Statement s) throws SQLException {
    List<String> orphans = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
      while (rs.next()) {
        String db = rs.getString(1);
        String[] parts = db.substring(PREFIX.length()).split("_");
        try {
          long pid = Long.parseLong(parts[0]);
          if (ProcessHandle.of(pid).isEmpty()) {
            orphans.add(db);
          }
        } catch (NumberFormatException notOurs) {
          // leave databases of other naming schemes alone
        }
      }
    }
    for (String db : orphans) {
      s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  @Override
  public void close() {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new AssertionError("cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }
}
