package io.searchbid.auction.service;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under pub-sub replication ({@link CampaignReplication}): each node follows the
 * journal's events tagged {@link #TAG} (settings changes, budget run out; see
 * {@link CampaignEntity#tagsFor}) through the read journal's {@code eventsByTag}, and when its
 * replica holds an older version of that campaign than the event — the pub-sub message was lost,
 * e.g. while the node was unreachable, or arrived before the node subscribed — asks the campaign
 * entity for its current snapshot and applies it.
 *
 * <p>In normal operation pub-sub is faster than the read journal's polling
 * ({@code jdbc-read-journal.refresh-interval}, 1 s), the replica is already up to date and nothing
 * is asked. A failed ask or query restarts the stream from the last event handled ({@link
 * TagFollower}), so a lost change is applied once the entity can be reached.
 */
public final class ReplicaCatchUp {

  /** The tag of the events replicas must not miss. */
  public static final String TAG = "campaign-replica";

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaCatchUp.class);
  private static final String PREFIX = CampaignEntity.TYPE_KEY.name() + "|";

  private ReplicaCatchUp() {}

  /**
   * Follows tagged events with journal offsets above {@code afterOrdering}.
   *
   * @param heldSequenceNr the replica's sequence number for a campaign id, -1 when it has none
   * @param apply applies a snapshot to the replica (must ignore ones older than it holds)
   * @param askTimeout how long to wait for an entity's snapshot before retrying
   * @return the switch that stops the stream (at shutdown)
   */
  public static UniqueKillSwitch start(ServiceNode node, long afterOrdering, ToLongFunction<String> heldSequenceNr,
      Consumer<CampaignSnapshot> apply, Duration askTimeout) {
    return TagFollower.follow(node.system(), TAG, afterOrdering,
        env -> catchUp(node, env, heldSequenceNr, apply, askTimeout), ordering -> {});
  }

  /**
   * The journal's highest offset now (0 when empty): where to start following, read before the
   * replica loads every campaign's snapshot, so that nothing falls between the two.
   *
   * @throws IllegalStateException if the journal cannot be queried
   */
  public static long currentOrdering(ServiceNode node) {
    var slick = (SlickExtensionImpl) SlickExtension.get(node.system());
    var db = slick.database(node.system().settings().config().getConfig("jdbc-journal")).database();
    try (Connection c = db.source().createConnection();
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(ordering), 0) FROM event_journal")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal's offset: " + e.getMessage(), e);
    }
  }

  private static CompletionStage<Done> catchUp(ServiceNode node, EventEnvelope env, ToLongFunction<String> heldSequenceNr,
      Consumer<CampaignSnapshot> apply, Duration askTimeout) {
    if (!env.persistenceId().startsWith(PREFIX)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    String campaignId = env.persistenceId().substring(PREFIX.length());
    long held = heldSequenceNr.applyAsLong(campaignId);
    if (held >= env.sequenceNr()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return node.campaign(campaignId)
        .<CampaignEntity.Snapshot>ask(CampaignEntity.GetSnapshot::new, askTimeout)
        .thenApply(s -> {
          if (s.snapshot() != null) {
            apply.accept(s.snapshot());
            LOG.info("replica of campaign {} caught up from the journal: event {} had not arrived (held {})",
                campaignId, env.sequenceNr(), held);
          }
          return Done.getInstance();
        });
  }
}
