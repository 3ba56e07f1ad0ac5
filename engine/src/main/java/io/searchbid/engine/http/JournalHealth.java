package io.searchbid.engine.http;

import com.typesafe.config.Config;
import io.searchbid.auction.ClickToken;
import io.searchbid.engine.ClickCharger;
import io.searchbid.engine.ClickOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import slick.jdbc.JdbcDataSource;
import slick.jdbc.hikaricp.HikariCPJdbcDataSource;

/**
 * Whether this node can write to its journal right now, from a probe through the journal's own
 * connection pool: every {@code searchbid.journal.health.probe-interval} it checks out a connection
 * and asks the database whether it accepts writes (PostgreSQL: {@code transaction_read_only} is
 * off, so a read-only standby after a failover counts as down; other databases: {@code SELECT 1}).
 * A probe that fails, or has not answered within {@code probe-timeout}, marks the journal
 * unwritable until a later probe succeeds; a click whose charge fails starts a probe at once.
 *
 * <p>It is the circuit breaker in front of the click path ({@link #guard}): while the journal is
 * unwritable a click is answered 503 {@code journal_unavailable} at once, without reaching the
 * campaign entity, so nothing is charged and no request waits for the entity timeout. The breaker
 * is driven by the probe and not by failed charges, because a charge also fails while its campaign's
 * shard moves between nodes, and that must not stop the clicks of every other campaign. Readiness
 * ({@code /health/ready}, check "journal") follows the same state, so a load balancer takes the node
 * out while its journal is gone and puts it back when it returns, without a restart.
 *
 * <p>Thread-safe: one probe runs at a time (on the blocking dispatcher); readers see volatile state.
 */
public final class JournalHealth {

  private static final Logger LOG = LoggerFactory.getLogger(JournalHealth.class);

  private final ActorSystem<?> system;
  private final Config pluginConfig;
  private final String query;
  private final long timeoutNanos;
  private final int timeoutSeconds;
  private final Executor blocking;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean lastOk = true; // the node checked the schema before starting
  private volatile long probeStartedNanos;
  private volatile long downSinceNanos;

  private JournalHealth(ActorSystem<?> system, Config config, Executor blocking) {
    this.system = system;
    this.pluginConfig = config.getConfig("jdbc-journal");
    String url = config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url");
    this.query = url.startsWith("jdbc:postgresql:") ? "SELECT current_setting('transaction_read_only') = 'off'" : "SELECT TRUE";
    Duration timeout = config.getDuration("searchbid.journal.health.probe-timeout");
    this.timeoutNanos = timeout.toNanos();
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.blocking = blocking;
  }

  /**
   * Starts probing every {@code searchbid.journal.health.probe-interval} on {@code blocking}.
   *
   * @throws IllegalArgumentException if the interval or timeout is not positive
   */
  public static JournalHealth start(ActorSystem<?> system, Config config, Executor blocking) {
    Duration interval = config.getDuration("searchbid.journal.health.probe-interval");
    Duration timeout = config.getDuration("searchbid.journal.health.probe-timeout");
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("searchbid.journal.health.probe-interval and probe-timeout must be > 0, got "
          + interval + " and " + timeout);
    }
    JournalHealth h = new JournalHealth(system, config, blocking);
    system.scheduler().scheduleWithFixedDelay(interval, interval, h::probeNow, system.executionContext());
    return h;
  }

  /** True while the last probe succeeded and no probe has been running longer than the timeout. */
  public boolean writable() {
    long started = probeStartedNanos;
    return lastOk && (started == 0 || System.nanoTime() - started < timeoutNanos);
  }

  /** Runs a probe now unless one is running (on the blocking executor; returns at once). */
  public void probeNow() {
    if (probing.compareAndSet(false, true)) {
      probeStartedNanos = System.nanoTime();
      try {
        blocking.execute(this::probe);
      } catch (RuntimeException rejected) { // shutting down
        probeStartedNanos = 0;
        probing.set(false);
      }
    }
  }

  private void probe() {
    boolean ok = false;
    String why = null;
    JdbcDataSource pool = null;
    try {
      pool = ((SlickExtensionImpl) SlickExtension.get(system)).database(pluginConfig).database().source();
      try (Connection c = pool.createConnection(); Statement s = c.createStatement()) {
        s.setQueryTimeout(timeoutSeconds);
        try (ResultSet rs = s.executeQuery(query)) {
          ok = rs.next() && rs.getBoolean(1);
          if (!ok) {
            why = "the journal database accepts no writes (read-only)";
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      why = e.getMessage();
    }
    if (!ok && pool instanceof HikariCPJdbcDataSource hikari) {
      /* A session keeps the read-only default it started with (PostgreSQL applies ALTER DATABASE /
         ALTER ROLE settings at connection start), and the pool would keep such sessions for
         maxLifetime: retire them, so the journal gets fresh sessions once the database is writable. */
      var bean = hikari.ds().getHikariPoolMXBean();
      if (bean != null) {
        bean.softEvictConnections();
      }
    }
    record(ok, why);
  }

  private void record(boolean ok, String why) {
    boolean was = lastOk;
    lastOk = ok;
    probeStartedNanos = 0;
    probing.set(false);
    if (was && !ok) {
      downSinceNanos = System.nanoTime();
      LOG.warn("journal not writable, clicks answer 503 until it is back: {}", why);
    } else if (!was && ok) {
      LOG.info("journal writable again after {} ms", (System.nanoTime() - downSinceNanos) / 1_000_000);
    }
  }

  /**
   * {@code charger} behind this breaker: while the journal is not writable, a failed stage carrying
   * 503 {@code journal_unavailable} (nothing sent to the entity, nothing charged); a charge that
   * fails starts a probe.
   */
  public ClickCharger guard(ClickCharger charger) {
    return (token, tokenId, productId, nowMillis) ->
        guardWrite("the click was not charged", () -> charger.charge(token, tokenId, productId, nowMillis));
  }

  /**
   * A journal write behind this breaker: while the journal is not writable, a failed stage carrying
   * 503 {@code journal_unavailable} at once ({@code write} is not called); a write that fails starts
   * a probe.
   *
   * @param notDone what the client is told did not happen, e.g. "the click was not charged"
   */
  public <T> CompletionStage<T> guardWrite(String notDone, java.util.function.Supplier<CompletionStage<T>> write) {
    if (!writable()) {
      return CompletableFuture.failedFuture(unavailable(notDone).toException());
    }
    return write.get().whenComplete((o, e) -> {
      if (e != null) {
        probeNow();
      }
    });
  }

  static ApiError unavailable(String notDone) {
    return new ApiError(503, "journal_unavailable", null, notDone + ": the journal database cannot be "
        + "written to right now; retry later (retrying does not apply it twice)");
  }
}
