package io.searchbid.auction.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.collection.immutable.VectorBuilder;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;
import scala.runtime.BoxedUnit;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The plugin's journal DAO ({@code jdbc-journal.dao}) with a commit window: journal transactions
 * start at most once per {@code searchbid.journal.commit-window}, and everything written meanwhile
 * goes into the next one (group commit, like PostgreSQL's {@code commit_delay}).
 *
 * <p>Why: the plugin writes one transaction at a time ({@code jdbc-journal.parallelism = 1}) and
 * starts the next as soon as the last one committed. An H2 commit has a large fixed cost (every
 * commit writes a new MVStore chunk: the touched B-tree pages from leaf to root, the chunk layout),
 * so under a steady click stream the writer thread never rests and commits a few rows at a time:
 * a full core spent mostly on that fixed cost. With a window of W, at most 1/W commits happen per
 * second, each carrying what arrived in W; the writer thread rests between them.
 *
 * <p>Guarantees are the plugin's: a write completes (and its click is answered) only after the
 * transaction holding it committed; rows of one {@code AtomicWrite} stay in one transaction; writes
 * are committed in the order they arrived; a failed transaction fails every write in it. A write
 * that arrives when the last transaction started more than W ago (a quiet journal) starts at once:
 * the window costs latency only under load, at most W. A transaction holds at most {@code
 * jdbc-journal.batchSize} rows (a larger single write goes alone); more than {@code
 * jdbc-journal.bufferSize} writes waiting fail the newest, as the plugin's queue does.
 *
 * <p>Thread-safe: writes arrive from the journal actor, transactions complete on Slick's threads;
 * a short lock guards the queue. Time is {@link System#nanoTime()} (infrastructure, not core logic).
 */
public final class GroupCommitJournalDao extends DefaultJournalDao {

  /** Configuration key of the window; 0 = start a transaction as soon as the last one committed. */
  public static final String WINDOW_KEY = "searchbid.journal.commit-window";

  private record Pending(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows,
      Promise<BoxedUnit> done) {}

  private final long windowNanos;
  private final int maxRows;
  private final int maxWaiting;
  /** Sets off delayed transactions (Pekko's scheduler ticks every 10 ms: too coarse for a window). */
  private final ScheduledExecutorService timer;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>(); // guarded by lock
  private boolean busy; // a transaction is running or scheduled (guarded by lock)
  /** When the last transaction started; initially one window ago, so the first write starts at once. */
  private long lastStartNanos; // guarded by lock

  /** Called reflectively by the plugin with exactly these parameter types. */
  public GroupCommitJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, journalConfig, serialization, ec, mat);
    com.typesafe.config.Config config = mat.system().settings().config();
    Duration window = config.hasPath(WINDOW_KEY) ? config.getDuration(WINDOW_KEY) : Duration.ZERO;
    if (window.isNegative() || window.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(WINDOW_KEY + " must be in [0, 1s], got " + window);
    }
    this.windowNanos = window.toNanos();
    this.lastStartNanos = System.nanoTime() - windowNanos;
    this.maxRows = journalConfig.daoConfig().batchSize();
    this.maxWaiting = journalConfig.daoConfig().bufferSize();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "searchbid-journal-commit-window");
      t.setDaemon(true);
      return t;
    });
    mat.system().registerOnTermination(timer::shutdown);
  }

  @Override
  public Future<BoxedUnit> queueWriteJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
    Promise<BoxedUnit> done = Promise.apply();
    long delayNanos;
    synchronized (lock) {
      if (waiting.size() >= maxWaiting) {
        return scala.concurrent.Future$.MODULE$.failed(new IllegalStateException("journal write queue full (" + maxWaiting
            + " writes waiting, jdbc-journal.bufferSize); the database is not keeping up"));
      }
      waiting.add(new Pending(xs, done));
      if (busy) {
        return done.future(); // goes with the transaction after the running or scheduled one
      }
      busy = true;
      delayNanos = delayLocked(System.nanoTime());
    }
    startAfter(delayNanos);
    return done.future();
  }

  /** Nanoseconds until the next transaction may start (0 = now). */
  private long delayLocked(long nowNanos) {
    return Math.max(0, lastStartNanos + windowNanos - nowNanos);
  }

  private void startAfter(long delayNanos) {
    if (delayNanos == 0) {
      writeNext();
    } else {
      try {
        timer.schedule(this::writeNext, delayNanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        writeNext(); // the actor system is terminating: write (or fail) now rather than never
      }
    }
  }

  /** Takes the writes waiting (up to {@code maxRows} rows, whole writes) into one transaction. */
  private void writeNext() {
    List<Pending> batch = new ArrayList<>();
    VectorBuilder<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows = new VectorBuilder<>();
    synchronized (lock) {
      int n = 0;
      while (!waiting.isEmpty() && (batch.isEmpty() || n + waiting.peek().rows().size() <= maxRows)) {
        Pending p = waiting.poll();
        n += p.rows().size();
        rows.addAll(p.rows());
        batch.add(p);
      }
      if (batch.isEmpty()) {
        busy = false;
        return;
      }
      lastStartNanos = System.nanoTime();
    }
    Future<BoxedUnit> written;
    try {
      written = writeJournalRows(rows.result());
    } catch (RuntimeException e) {
      written = scala.concurrent.Future$.MODULE$.failed(e);
    }
    FutureConverters.asJava(written).whenComplete((ok, err) -> {
      // the next transaction is set off before this one's writers hear back: the journal keeps busy
      long delayNanos;
      boolean more;
      synchronized (lock) {
        more = !waiting.isEmpty();
        busy = more;
        delayNanos = more ? delayLocked(System.nanoTime()) : 0;
      }
      if (more) {
        startAfter(delayNanos);
      }
      for (Pending p : batch) {
        if (err == null) {
          p.done().success(BoxedUnit.UNIT);
        } else {
          p.done().failure(err);
        }
      }
    });
  }
}
