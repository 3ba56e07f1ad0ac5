package io.searchbid.auction.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The single writer of the products whose id falls in one of {@link #BUCKETS} buckets: it decides
 * who owns a product (the first seller to write it) and journals every accepted write, with the
 * product's catalog JSON, under the tag {@link #TAG}. The journal is the products' source of truth;
 * every node's product index is a replica fed from it ({@code ProductReplica} in the engine): fast
 * through pub-sub ({@link Published}), and from the journal's {@code eventsByTag} for what pub-sub
 * missed and for a node that starts late.
 *
 * <p>Why buckets and not one entity per product: a bulk upload of 20,000 products becomes about 64
 * journal writes instead of 20,000 entity recoveries and writes. The bucket of an id is fixed
 * ({@link #bucketOf}); changing {@link #BUCKETS} would move ownership and needs a migration.
 *
 * <p>The state is the owner of each product in the bucket (no snapshots: recovery replays the
 * bucket's events, about 1/64 of the catalog, and the state is mutated in place by the event handler).
 * A bucket's {@code sequenceNr} orders the writes of each of its products, so replicas apply a
 * product only from a write newer than the one they hold.
 */
public final class ProductBucketEntity
    extends EventSourcedBehaviorWithEnforcedReplies<ProductBucketEntity.Command, ProductBucketEntity.Event, ProductBucketEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ProductBucket");

  /** The tag of every product write in the journal. */
  public static final String TAG = "product";

  /** Number of buckets; fixed, see the class comment. */
  public static final int BUCKETS = 64;

  private static final Set<String> TAGS = Set.of(TAG);

  /** The bucket of a product id ({@code String.hashCode} is specified, so stable across JVMs). */
  public static int bucketOf(String productId) {
    return Math.floorMod(productId.hashCode(), BUCKETS);
  }

  /** The bucket number of a persistence id of this entity type, or -1 when it is another type's. */
  public static int bucketOfPersistenceId(String persistenceId) {
    String prefix = TYPE_KEY.name() + "|";
    if (!persistenceId.startsWith(prefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(persistenceId.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // --- protocol ---------------------------------------------------------------------------------

  /** One product write: the id, the seller writing it and the product as catalog JSON. */
  public record Item(String productId, String sellerId, String json) implements CborSerializable {}

  public sealed interface Command extends CborSerializable {}

  /**
   * Writes products of this bucket, all or none: replies {@link WriteReply} with the bucket's
   * sequence number of the write, or with the ids owned by another seller (nothing written).
   */
  public record Write(List<Item> items, ActorRef<WriteReply> replyTo) implements Command {}

  /** {@code notOwned} empty: written as the bucket's write number {@code sequenceNr}. */
  public record WriteReply(long sequenceNr, List<String> notOwned) implements CborSerializable {
    public boolean written() {
      return notOwned.isEmpty();
    }
  }

  public sealed interface Event extends CborSerializable {}

  public record ProductsWritten(List<Item> items) implements Event {}

  /** What the entity publishes after each write, for the replicas on every node. */
  public record Published(int bucket, long sequenceNr, List<Item> items) implements CborSerializable {}

  /** Owner by product id, and the number of writes so far (= the last sequence number). */
  public static final class State {
    final Map<String, String> owners = new HashMap<>();
    long writes;
  }

  // --- behavior ---------------------------------------------------------------------------------

  private final int bucket;
  private final Consumer<Published> publish;

  private ProductBucketEntity(int bucket, Consumer<Published> publish) {
    super(PersistenceId.of(TYPE_KEY.name(), Integer.toString(bucket)));
    this.bucket = bucket;
    this.publish = publish;
  }

  /**
   * @param entityId the bucket number, 0 to {@link #BUCKETS} - 1
   * @param publish receives every persisted write (on the entity's thread: must be quick)
   * @throws IllegalArgumentException if {@code entityId} is not a bucket number
   */
  public static Behavior<Command> create(String entityId, Consumer<Published> publish) {
    int bucket;
    try {
      bucket = Integer.parseInt(entityId);
    } catch (NumberFormatException e) {
      bucket = -1;
    }
    if (bucket < 0 || bucket >= BUCKETS) {
      throw new IllegalArgumentException("product bucket must be 0.." + (BUCKETS - 1) + ", got '" + entityId + "'");
    }
    return new ProductBucketEntity(bucket, publish);
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return TAGS;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Write.class, this::onWrite)
        .build();
  }

  private ReplyEffect<Event, State> onWrite(State state, Write cmd) {
    List<String> notOwned = new ArrayList<>();
    for (Item item : cmd.items()) {
      if (bucketOf(item.productId()) != bucket) {
        throw new IllegalArgumentException("product " + item.productId() + " is not in bucket " + bucket);
      }
      String owner = state.owners.get(item.productId());
      if (owner != null && !owner.equals(item.sellerId())) {
        notOwned.add(item.productId());
      }
    }
    if (!notOwned.isEmpty() || cmd.items().isEmpty()) {
      return Effect().reply(cmd.replyTo(), new WriteReply(state.writes, notOwned));
    }
    ProductsWritten event = new ProductsWritten(List.copyOf(cmd.items()));
    return Effect().persist(event)
        .thenRun(s -> publish.accept(new Published(bucket, s.writes, event.items())))
        .thenReply(cmd.replyTo(), s -> new WriteReply(s.writes, List.of()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(ProductsWritten.class, (s, e) -> {
          for (Item item : e.items()) {
            s.owners.putIfAbsent(item.productId(), item.sellerId());
          }
          s.writes++;
          return s;
        })
        .build();
  }
}
