package io.searchbid.auction.service;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Replication of campaign updates to every node: entities publish to a cluster-wide pub-sub
 * {@link Topic}; on each node one subscriber applies them to the local, read-only ad index (a
 * plain callback, so searches never wait on an actor). Within one publisher the order is kept;
 * replicas drop updates older than the snapshot they hold ({@link CampaignUpdate#sequenceNr()}).
 * Settings travel only when they change ({@link CampaignUpdate}).
 */
public final class CampaignReplication {

  public static final String TOPIC = "searchbid-campaign-snapshots";

  private CampaignReplication() {}

  /** The listener entities on this node use: publish each snapshot, report journal latency. */
  public static CampaignListener publisher(ActorRef<Topic.Command<CampaignUpdate>> topic, LongConsumer persistNanos) {
    return new CampaignListener() {
      @Override
      public void changed(CampaignUpdate update) {
        topic.tell(Topic.publish(update));
      }

      @Override
      public void persisted(long nanos) {
        persistNanos.accept(nanos);
      }
    };
  }

  /** The topic actor behavior (one per node, same name on all nodes). */
  public static Behavior<Topic.Command<CampaignUpdate>> topic() {
    return Topic.create(CampaignUpdate.class, TOPIC);
  }

  /**
   * A subscriber of {@code topic} that hands every message to {@code apply} (on the actor's
   * thread, in order). Serves every replicated topic (campaign snapshots, product writes).
   */
  public static <T> Behavior<T> subscriber(ActorRef<Topic.Command<T>> topic, Class<T> type, Consumer<T> apply) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receive(type)
          .onMessage(type, s -> {
            apply.accept(s);
            return Behaviors.same();
          })
          .build();
    });
  }
}
