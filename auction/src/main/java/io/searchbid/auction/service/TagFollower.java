package io.searchbid.auction.service;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads the journal's events of one tag in journal order ({@code ordering}), one at a time, through
 * the read journal: to the current end ({@link #catchUp}), or live ({@link #follow}). The handler
 * completes its stage once the event is applied; the next event waits for it.
 *
 * <p>A live stream that fails (journal unreachable, a handler failure) restarts from the last event
 * handled after a backoff of 1 s doubling up to 10 s; new events arrive within
 * {@code jdbc-read-journal.refresh-interval} plus the journal sequence actor's query delay.
 */
public final class TagFollower {

  private TagFollower() {}

  /** The offset of an envelope as a journal ordering (0 for an offset without one). */
  public static long ordering(Offset offset) {
    return offset instanceof Sequence s ? s.value() : 0;
  }

  private static JdbcReadJournal journal(ActorSystem<?> system) {
    return PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  /**
   * Handles every event of {@code tag} with an ordering above {@code afterOrdering} that is in the
   * journal now.
   *
   * @return the ordering of the last event handled ({@code afterOrdering} when there was none)
   */
  public static CompletionStage<Long> catchUp(ActorSystem<?> system, String tag, long afterOrdering,
      Function<EventEnvelope, CompletionStage<Done>> handle) {
    return journal(system).currentEventsByTag(tag, Offset.sequence(afterOrdering))
        .mapAsync(1, env -> handle.apply(env).thenApply(done -> ordering(env.offset())))
        .runWith(Sink.fold(afterOrdering, Math::max), system);
  }

  /**
   * Handles the events of {@code tag} with an ordering above {@code afterOrdering}, now and as they
   * are written, until the returned switch is shut down.
   *
   * @param handled receives the ordering of each event once handled
   */
  public static UniqueKillSwitch follow(ActorSystem<?> system, String tag, long afterOrdering,
      Function<EventEnvelope, CompletionStage<Done>> handle, java.util.function.LongConsumer handled) {
    JdbcReadJournal journal = journal(system);
    AtomicReference<Offset> last = new AtomicReference<>(Offset.sequence(afterOrdering));
    RestartSettings backoff = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2);
    return RestartSource.withBackoff(backoff, () -> journal.eventsByTag(tag, last.get())
            .mapAsync(1, env -> handle.apply(env).thenApply(done -> env.offset())))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.foreach(offset -> {
          last.set(offset);
          handled.accept(ordering(offset));
        }), Keep.left())
        .run(system);
  }
}
