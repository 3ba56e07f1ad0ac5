package io.searchbid.engine.cli;

import com.typesafe.config.Config;
import io.searchbid.auction.service.ServiceConfig;
import io.searchbid.engine.http.ServiceApp;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./searchbid serve}: one service node with the embedded H2 journal under the data dir. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the search-ads service (HTTP API, embedded journal and indexes under --data-dir).")
public final class ServeCli implements Callable<Integer> {

  static final String DEMO_ADMIN_KEY = "demo-admin-key";

  @Option(names = "--port", description = "HTTP port (default: from config, 8080; 0 = any free port)")
  Integer port;

  @Option(names = "--host", description = "HTTP interface to bind (default: from config, 0.0.0.0)")
  String host;

  @Option(names = "--data-dir", description = "Journal and indexes live here (default: from config, ./data)")
  Path dataDir;

  @Option(names = "--config", description = "HOCON file; must start with: include classpath(\"searchbid-service\")")
  Path configFile;

  @Option(names = "--secrets", paramLabel = "FILE",
      description = "Secrets file (admin keys, click-token keys by key id; docs/OPERATIONS.md), reloadable without restart "
          + "(default: from config searchbid.secrets.file / SEARCHBID_SECRETS_FILE; none = SEARCHBID_ADMIN_KEY, SEARCHBID_CLICK_KEYS)")
  Path secretsFile;

  @Option(names = "--demo", description = "Load a generated catalog and demo advertisers; allows the demo admin key")
  boolean demo;

  @Option(names = "--demo-products", description = "Catalog size for --demo (default: ${DEFAULT-VALUE}; the benchmark setup uses 100000)", defaultValue = "20000")
  int demoProducts;

  @Option(names = "--demo-campaigns", description = "Campaigns for --demo, 20 keywords each (default: ${DEFAULT-VALUE}; the benchmark setup uses 1000)", defaultValue = "100")
  int demoCampaigns;

  @Option(names = "--seed", description = "Seed for --demo data (default: ${DEFAULT-VALUE})", defaultValue = "42")
  long seed;

  @Option(names = "--cluster", description = "Join a Pekko cluster of nodes sharing the journal (needs a PostgreSQL --config)")
  boolean cluster;

  @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,...]",
      description = "With --cluster: Artery addresses of the seed nodes, the same list on every node")
  String seedNodes;

  @Option(names = "--node-port", description = "With --cluster: this node's Artery (cluster remoting) port (default: 25520)")
  Integer nodePort;

  @Option(names = "--node-host", description = "With --cluster: this node's Artery host/interface, as other nodes reach it (default: from config, 127.0.0.1)")
  String nodeHost;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new ServeCli());
    cl.setParameterExceptionHandler((ex, a) -> {
      System.err.println("searchbid serve: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() {
    Map<String, Object> overrides = new HashMap<>();
    if (port != null) {
      if (port < 0 || port > 65535) {
        System.err.println("searchbid serve: --port must be in [0, 65535], got " + port);
        return 2;
      }
      overrides.put("searchbid.http.port", port);
    }
    if (host != null) {
      overrides.put("searchbid.http.host", host);
    }
    if (secretsFile != null) {
      overrides.put("searchbid.secrets.file", secretsFile.toAbsolutePath().normalize().toString());
    }
    if (demoProducts < 1 || demoProducts > 2_000_000) {
      System.err.println("searchbid serve: --demo-products must be in [1, 2000000], got " + demoProducts);
      return 2;
    }
    if (demoCampaigns < 0 || demoCampaigns > demoProducts || demoCampaigns > 100_000) {
      System.err.println("searchbid serve: --demo-campaigns must be in [0, min(--demo-products, 100000)], got " + demoCampaigns);
      return 2;
    }
    try {
      overrides.putAll(ClusterOptions.overrides(cluster, seedNodes, nodePort, nodeHost));
    } catch (IllegalArgumentException e) {
      System.err.println("searchbid serve: " + e.getMessage());
      return 2;
    }
    if (demo) { // not ready until the demo data is in: a search before that would find nothing
      overrides.put("searchbid.http.ready-after-release", true);
    }
    Config config;
    try {
      config = ServiceConfig.load(dataDir, configFile, overrides);
      if (cluster && !io.searchbid.engine.db.JournalDatabase.fromConfig(config).isPostgres()) {
        System.err.println("searchbid serve: --cluster needs a journal every node shares: --config config/postgres.conf "
            + "(the embedded H2 journal belongs to one process)");
        return 2;
      }
    } catch (RuntimeException e) {
      System.err.println("searchbid serve: " + e.getMessage());
      return 2;
    }
    String secrets = config.getString("searchbid.secrets.file").trim();
    Path secretsPath = secrets.isEmpty() ? null : Path.of(secrets);
    if (secretsPath != null) {
      try { // refuse a bad file or a second source before anything starts
        ServiceApp.checkOneSecretSource(config, secretsPath);
        io.searchbid.engine.secrets.SecretsFile.read(secretsPath);
      } catch (IllegalArgumentException e) {
        System.err.println("searchbid serve: " + e.getMessage());
        return 2;
      }
    }
    String adminKey = config.getString("searchbid.admin-key").trim();
    if (secretsPath != null) {
      adminKey = "<an admin key of " + secretsPath.getFileName() + ">"; // only shown by --demo examples
    } else if (adminKey.isEmpty() || adminKey.equals(DEMO_ADMIN_KEY)) {
      if (!demo) {
        System.err.println("searchbid serve: refusing to start without an admin key: set SEARCHBID_ADMIN_KEY "
            + "(or searchbid.admin-key in --config) to a secret, or use --demo");
        return 2;
      }
      adminKey = DEMO_ADMIN_KEY;
    }
    String journalProblem = DbCli.serveProblem(config, configFile); // PostgreSQL: schema from `db init`
    if (journalProblem != null) {
      System.err.println("searchbid serve: " + journalProblem);
      return 1;
    }
    ServiceApp app;
    try {
      app = secretsPath != null
          ? ServiceApp.startWithSecretsFile(config, secretsPath, Clock.systemUTC())
          : ServiceApp.start(config, adminKey, Clock.systemUTC());
    } catch (IllegalArgumentException e) { // configuration refused before the node started
      System.err.println("searchbid serve: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("searchbid serve: cannot start: " + e.getMessage());
      return 1;
    }
    if (demo) {
      try {
        System.out.println("searchbid serve: loading demo data (" + demoProducts + " products, " + demoCampaigns + " campaigns) ...");
        var example = DemoData.load(app, demoProducts, demoCampaigns, seed, Clock.systemUTC().millis());
        // the public demo key is printed; a real admin key never is
        String shown = adminKey.equals(DEMO_ADMIN_KEY) || adminKey.startsWith("<") ? adminKey : "<your admin key>";
        DemoData.printExamples(System.out, app.port(), shown, example);
        app.releaseReadiness();
      } catch (Exception e) {
        System.err.println("searchbid serve: demo data failed: " + e);
        app.close();
        return 1;
      }
    }
    System.out.println("searchbid serve: listening on port " + app.port() + ", data in " + app.node().dataDir()
        + " (Ctrl-C or SIGTERM stops gracefully)");
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM/SIGINT run the JVM shutdown hooks; Pekko's CoordinatedShutdown hook unbinds HTTP
    // (in-flight requests finish) and stops the entities before the journal closes.
    app.node().system().getWhenTerminated().thenRun(stopped::countDown);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
