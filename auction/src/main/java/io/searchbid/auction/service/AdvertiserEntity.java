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
 * One advertiser (also the seller of its products): its name and the SHA-256 hashes of its API
 * keys — the active one and earlier ones still in their rotation grace period ({@link ApiKeySet}).
 * Sharded by advertiser id; the single writer of its keys. A key itself is never stored.
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

  /**
   * Replies {@link AuthResult}: whether {@code keyHash} is one of this advertiser's valid keys at
   * {@code nowMillis} (the active one, or an earlier one in its grace period), and until when.
   */
  public record Authenticate(String keyHash, long nowMillis, ActorRef<AuthResult> replyTo) implements Command {}

  /**
   * Makes {@code newKeyHash} the active key at {@code nowMillis}; the earlier keys stay valid for at
   * most {@code graceMillis} ({@link ApiKeySet#rotate}). Replies {@link KeyRotated}, or
   * {@link RotationRefused} without changing anything.
   *
   * @param presentedKeyHash hash of the key the caller authenticated with, checked again here
   *     (node caches may lag behind a revocation); empty when the platform admin asks
   * @param rotatedBy who asked, for the journal: {@code "advertiser"} or {@code "admin:<adminKeyId>"}
   */
  public record RotateKey(String newKeyHash, String presentedKeyHash, String rotatedBy, long nowMillis, long graceMillis,
      ActorRef<RotateReply> replyTo) implements Command {}

  /** Replies {@link KeysReply}: the key set (hashes), null when the advertiser is not registered. */
  public record GetKeys(ActorRef<KeysReply> replyTo) implements Command {}

  public sealed interface RegisterReply extends CborSerializable {}

  public record Registered(String advertiserId) implements RegisterReply {}

  public record AlreadyExists(String advertiserId) implements RegisterReply {}

  /**
   * @param validUntilMillis when {@code ok}: until when the key is valid ({@link Long#MAX_VALUE} for
   *     the active key), else 0
   */
  public record AuthResult(boolean ok, long validUntilMillis) implements CborSerializable {}

  public sealed interface RotateReply extends CborSerializable {}

  /** The keys after the rotation (hashes only). */
  public record KeyRotated(ApiKeySet keys) implements RotateReply {}

  /**
   * Nothing changed. {@code reason}: {@code not_found} (no such advertiser), {@code unauthorized}
   * (the presented key is no longer valid), {@code too_many_keys} (more than
   * {@link ApiKeySet#MAX_RETIRING} earlier keys would be in their grace period), {@code invalid_value}
   * (a negative grace; the HTTP layer refuses it first).
   */
  public record RotationRefused(String reason, String message) implements RotateReply {}

  /** @param keys null when the advertiser is not registered */
  public record KeysReply(ApiKeySet keys) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record AdvertiserRegistered(String advertiserId, String name, String keyHash, long createdAtMillis)
      implements Event {}

  /**
   * The API key was replaced (hashes only; the key itself is never journaled).
   *
   * @param graceMillis how long the earlier keys stay valid at most (0: revoked at once)
   * @param rotatedBy {@code "advertiser"} or {@code "admin:<adminKeyId>"}
   */
  public record ApiKeyRotated(String advertiserId, String newKeyHash, long rotatedAtMillis, long graceMillis,
      String rotatedBy) implements Event {}

  /**
   * Empty until registered.
   *
   * @param keys null until registered
   */
  public record State(String advertiserId, String name, long createdAtMillis, ApiKeySet keys)
      implements CborSerializable {
    static final State EMPTY = new State("", "", 0L, null);

    boolean registered() {
      return keys != null;
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
        .onCommand(RotateKey.class, this::onRotateKey)
        .onCommand(GetKeys.class, this::onGetKeys)
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
    long until = state.registered() ? state.keys().validUntil(cmd.keyHash(), cmd.nowMillis()) : 0L;
    return Effect().reply(cmd.replyTo(), new AuthResult(until > 0L, until));
  }

  private ReplyEffect<Event, State> onRotateKey(State state, RotateKey cmd) {
    if (!state.registered()) {
      return Effect().reply(cmd.replyTo(), new RotationRefused("not_found", "advertiser " + advertiserId + " not found"));
    }
    if (!cmd.presentedKeyHash().isEmpty() && state.keys().validUntil(cmd.presentedKeyHash(), cmd.nowMillis()) == 0L) {
      return Effect().reply(cmd.replyTo(), new RotationRefused("unauthorized", "API key is not valid"));
    }
    if (cmd.graceMillis() < 0) {
      return Effect().reply(cmd.replyTo(), new RotationRefused("invalid_value", "graceMillis must be >= 0, got " + cmd.graceMillis()));
    }
    ApiKeySet next = state.keys().rotate(cmd.newKeyHash(), cmd.nowMillis(), cmd.graceMillis());
    if (next.retiring().size() > ApiKeySet.MAX_RETIRING) {
      long firstEnd = Long.MAX_VALUE;
      for (ApiKeySet.RetiringKey k : state.keys().at(cmd.nowMillis()).retiring()) {
        firstEnd = Math.min(firstEnd, k.expiresAtMillis());
      }
      return Effect().reply(cmd.replyTo(), new RotationRefused("too_many_keys", "at most " + ApiKeySet.MAX_RETIRING
          + " earlier keys may be in their grace period at once; the next one ends at "
          + java.time.Instant.ofEpochMilli(firstEnd) + " (or rotate with graceSeconds 0, which revokes every earlier key)"));
    }
    return Effect()
        .persist(new ApiKeyRotated(advertiserId, cmd.newKeyHash(), cmd.nowMillis(), cmd.graceMillis(), cmd.rotatedBy()))
        .thenReply(cmd.replyTo(), s -> new KeyRotated(s.keys()));
  }

  private ReplyEffect<Event, State> onGetKeys(State state, GetKeys cmd) {
    return Effect().reply(cmd.replyTo(), new KeysReply(state.keys()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(AdvertiserRegistered.class, AdvertiserEntity::applyRegistered)
        .onEvent(ApiKeyRotated.class, AdvertiserEntity::applyRotated)
        .build();
  }

  private static State applyRegistered(State s, AdvertiserRegistered e) {
    return new State(e.advertiserId(), e.name(), e.createdAtMillis(), ApiKeySet.of(e.keyHash(), e.createdAtMillis()));
  }

  private static State applyRotated(State s, ApiKeyRotated e) {
    return new State(s.advertiserId(), s.name(), s.createdAtMillis(),
        s.keys().rotate(e.newKeyHash(), e.rotatedAtMillis(), e.graceMillis()));
  }
}
