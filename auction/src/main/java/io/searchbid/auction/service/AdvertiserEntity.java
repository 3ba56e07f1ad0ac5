package io.searchbid.auction.service;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One advertiser (also the seller of its products): its name and the SHA-256 of its API key.
 * Sharded by advertiser id; the key itself is never stored.
 */
public final class AdvertiserEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AdvertiserEntity.Command, AdvertiserEntity.Event, AdvertiserEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Advertiser");

  // --- protocol ---------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** Registers the advertiser; replies {@link Registered} or {@link AlreadyExists}. */
  public record Register(String name, String keyHash, long createdAtMillis, ActorRef<RegisterReply> replyTo)
      implements Command {}

  /** Replies {@link AuthResult}: whether {@code keyHash} is this advertiser's key. */
  public record Authenticate(String keyHash, ActorRef<AuthResult> replyTo) implements Command {}

  public sealed interface RegisterReply extends CborSerializable {}

  public record Registered(String advertiserId) implements RegisterReply {}

  public record AlreadyExists(String advertiserId) implements RegisterReply {}

  public record AuthResult(boolean ok) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record AdvertiserRegistered(String advertiserId, String name, String keyHash, long createdAtMillis)
      implements Event {}

  /** Empty until registered. */
  public record State(String advertiserId, String name, String keyHash, long createdAtMillis)
      implements CborSerializable {
    static final State EMPTY = new State("", "", "", 0L);

    boolean registered() {
      return !keyHash.isEmpty();
    }
  }

  // --- behavior ---------------------------------------------------------------------------------

  private final String advertiserId;

  private AdvertiserEntity(String advertiserId) {
    super(PersistenceId.of(TYPE_KEY.name(), advertiserId));
    this.advertiserId = advertiserId;
  }

  public static Behavior<Command> create(String advertiserId) {
    return new AdvertiserEntity(advertiserId);
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Authenticate.class, this::onAuthenticate)
        .build();
  }

  private ReplyEffect<Event, State> onRegister(State state, Register cmd) {
    if (state.registered()) {
      return Effect().reply(cmd.replyTo(), new AlreadyExists(advertiserId));
    }
    return Effect()
        .persist(new AdvertiserRegistered(advertiserId, cmd.name(), cmd.keyHash(), cmd.createdAtMillis()))
        .thenReply(cmd.replyTo(), s -> new Registered(advertiserId));
  }

  private ReplyEffect<Event, State> onAuthenticate(State state, Authenticate cmd) {
    boolean ok = state.registered() && ApiKeys.sameHash(state.keyHash(), cmd.keyHash());
    return Effect().reply(cmd.replyTo(), new AuthResult(ok));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            AdvertiserRegistered.class,
            (s, e) -> new State(e.advertiserId(), e.name(), e.keyHash(), e.createdAtMillis()))
        .build();
  }
}
