package io.searchbid.engine.cli;

import com.typesafe.config.Config;
import io.searchbid.auction.service.ServiceConfig;
import io.searchbid.engine.db.JournalDatabase;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./searchbid db init|status|schema}: the journal database of a service configuration.
 *
 * <p>Exit codes: 0 done, 1 the database is unreachable or (status) the schema incomplete, 2 usage.
 */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Journal database: create the PostgreSQL schema, check it, print it.",
    subcommands = {DbCli.Init.class, DbCli.Status.class, DbCli.Schema.class})
public final class DbCli implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command as {@code main} would, without exiting; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = new CommandLine(new DbCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("searchbid db: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, c, p) -> {
      err.println("searchbid db: " + ex.getMessage());
      return 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("searchbid db: missing sub-command: init, status or schema (see --help)");
    return 2;
  }

  /** Options shared by the sub-commands. */
  static final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Service HOCON file (e.g. config/postgres.conf); connection settings come from it and its "
            + "environment variables SEARCHBID_PG_URL, SEARCHBID_PG_USER, SEARCHBID_PG_PASSWORD")
    Path configFile;

    /** The journal database, or null after printing why there is none. */
    JournalDatabase database(PrintWriter err) {
      Config config;
      try {
        config = ServiceConfig.load(null, configFile, Map.of());
        return JournalDatabase.fromConfig(config);
      } catch (RuntimeException e) {
        err.println("searchbid db: " + e.getMessage());
        return null;
      }
    }
  }

  /** {@code init} and {@code status}: open the configured journal, say so for H2, else act on PostgreSQL. */
  abstract static class OnJournal implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption options = new ConfigOption();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      JournalDatabase db = options.database(err);
      if (db == null) {
        return 2;
      }
      if (!db.isPostgres()) {
        out.println("searchbid db " + spec.name() + ": " + db.displayUrl() + " is the embedded H2 journal; " + onH2());
        return 0;
      }
      return onPostgres(db, out, err);
    }

    /** What the command has to say about the embedded H2 journal (it does nothing there). */
    abstract String onH2();

    abstract int onPostgres(JournalDatabase db, PrintWriter out, PrintWriter err);
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create the journal tables (config/postgres-schema.sql) where missing. Idempotent; "
          + "safe on every deploy and from several nodes at once. The embedded H2 journal needs nothing.")
  static final class Init extends OnJournal {
    @Override
    String onH2() {
      return "`serve` creates its schema on start, nothing to do (use --config config/postgres.conf for PostgreSQL)";
    }

    @Override
    int onPostgres(JournalDatabase db, PrintWriter out, PrintWriter err) {
      try {
        List<String> created = db.initSchema();
        out.println("searchbid db init: " + db + ": "
            + (created.isEmpty() ? "schema already complete, nothing changed" : "created " + String.join(", ", created))
            + " (" + db.serverVersion() + ")");
        return 0;
      } catch (SQLException e) {
        err.println("searchbid db init: cannot create the schema in " + db + ": " + e.getMessage()
            + " (nothing was changed)");
        return 1;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Check the journal tables exist; print the server version and the highest event offset. "
          + "Exit 1 when a table is missing or the server is unreachable.")
  static final class Status extends OnJournal {
    @Override
    String onH2() {
      return "schema created by serve";
    }

    @Override
    int onPostgres(JournalDatabase db, PrintWriter out, PrintWriter err) {
      try {
        List<String> missing = db.missingTables();
        if (!missing.isEmpty()) {
          err.println("searchbid db status: " + db + ": missing tables " + String.join(", ", missing)
              + "; run ./searchbid db init --config " + options.configFile);
          return 1;
        }
        out.println("searchbid db status: " + db + ": schema complete (" + String.join(", ", JournalDatabase.TABLES)
            + "), highest event offset " + db.maxOrdering() + ", " + db.serverVersion());
        return 0;
      } catch (SQLException e) {
        err.println("searchbid db status: cannot reach " + db + ": " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Print the PostgreSQL DDL that init applies (config/postgres-schema.sql), e.g. for psql or a DBA.")
  static final class Schema implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(JournalDatabase.schemaSql());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /**
   * For {@code serve}: null when the configured journal can be used as is; otherwise the one-line
   * reason (PostgreSQL unreachable, or tables missing and the command that creates them).
   */
  static String serveProblem(Config config, Path configFile) {
    if (config.getBoolean("searchbid.journal.create-schema")) {
      return null; // the node creates its own (H2) schema
    }
    JournalDatabase db = JournalDatabase.fromConfig(config);
    if (!db.isPostgres()) {
      return null;
    }
    try {
      List<String> missing = db.missingTables();
      return missing.isEmpty() ? null
          : "journal tables missing in " + db + " (" + String.join(", ", missing) + "): run ./searchbid db init --config "
              + (configFile == null ? "FILE" : configFile);
    } catch (SQLException e) {
      return "journal database " + db + " not reachable: " + e.getMessage();
    }
  }
}
