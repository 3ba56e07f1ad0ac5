package io.searchbid.auction.service;

import io.searchbid.auction.CampaignSpend;
import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.ChargeResult;
import io.searchbid.auction.Times;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A campaign as a cluster-sharded, event-sourced entity: settings, today's spend, the click tokens
 * it has charged (dedupe), conversions and per-day statistics.
 *
 * <p>Budget decisions are the core's: a click is charged with {@link CampaignSpend#charge} and
 * replayed with {@link CampaignSpend#withCharge}; this class never computes a cap or a charge
 * itself. A click is answered only after its {@link ClickCharged} event is in the journal; a token
 * already charged is answered from the dedupe state, without a new event.
 *
 * <p>Ownership: every command from an advertiser carries the caller's id; another advertiser's
 * campaign answers {@link NotFound}, exactly like a missing one.
 */
public final class CampaignEntity
    extends EventSourcedBehaviorWithEnforcedReplies<CampaignEntity.Command, CampaignEntity.Event, CampaignEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Campaign");

  // --- commands -----------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** Creates the campaign; {@link Done} with details, or {@link Invalid} if it exists already. */
  public record Create(CampaignSettings settings, ActorRef<Reply> replyTo) implements Command {}

  /** Details of the caller's campaign. */
  public record Get(String advertiserId, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Changes settings; null fields stay as they are. All changes are applied atomically (one
   * journal write) or none.
   */
  public record Update(
      String advertiserId,
      String name,
      Long dailyBudgetMicros,
      Double overspendAllowance,
      Long defaultBidMicros,
      List<String> productIds,
      ActorRef<Reply> replyTo)
      implements Command {}

  /** Adds keywords (replacing the bid of one that exists with the same text and match type). */
  public record AddKeywords(String advertiserId, List<CampaignSettings.KeywordSpec> keywords, int maxKeywords,
      ActorRef<Reply> replyTo) implements Command {}

  /** Removes keywords by text and match type (unknown ones are ignored). */
  public record RemoveKeywords(String advertiserId, List<CampaignSettings.KeywordSpec> keywords, ActorRef<Reply> replyTo)
      implements Command {}

  public record AddNegatives(String advertiserId, List<CampaignSettings.NegativeSpec> negatives, int maxNegatives,
      ActorRef<Reply> replyTo) implements Command {}

  public record RemoveNegatives(String advertiserId, List<CampaignSettings.NegativeSpec> negatives, ActorRef<Reply> replyTo)
      implements Command {}

  public record Pause(String advertiserId, long atMillis, ActorRef<Reply> replyTo) implements Command {}

  public record Resume(String advertiserId, long atMillis, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Charges a click identified by its (already verified) token id, at the price the auction set.
   * Replies {@link ClickResult}.
   */
  public record ChargeClick(String tokenId, String productId, long priceMicros, long clickedAtMillis,
      ActorRef<ClickResult> replyTo) implements Command {}

  /**
   * Charges several clicks of this campaign in one journal write (one atomic write: one commit),
   * in list order, exactly as the same {@link ChargeClick}s one after the other would: the core's
   * rule decides each charge against the spend left by the clicks before it, and a token repeated
   * within the list or charged before is answered from the first charge, not charged again. Replies
   * one {@link ClickResult} per click, in order, after the write. At most {@link
   * #MAX_CLICKS_PER_BATCH} clicks.
   */
  public record ChargeClicks(List<ClickRequest> clicks, ActorRef<ClickResults> replyTo) implements Command {
    public ChargeClicks {
      clicks = List.copyOf(clicks);
      if (clicks.isEmpty() || clicks.size() > MAX_CLICKS_PER_BATCH) {
        throw new IllegalArgumentException("clicks must hold 1.." + MAX_CLICKS_PER_BATCH + " clicks, got " + clicks.size());
      }
    }
  }

  /** One click of a {@link ChargeClicks} batch: the fields of {@link ChargeClick} without the reply. */
  public record ClickRequest(String tokenId, String productId, long priceMicros, long clickedAtMillis)
      implements CborSerializable {}

  /** Largest {@link ChargeClicks} batch: ≤ 2 events per click keeps a write within one journal batch. */
  public static final int MAX_CLICKS_PER_BATCH = 128;

  /** Attributes an order to a charged click, once. Replies {@link ConversionResult}. */
  public record RecordConversion(String advertiserId, String tokenId, long orderValueMicros, long atMillis,
      ActorRef<ConversionResult> replyTo) implements Command {}

  /** Adds a batch of impressions counted by a node (no reply expected: pass an ignoring ref). */
  public record RecordImpressions(long epochDay, long count, ActorRef<Reply> replyTo) implements Command {}

  /** Per-day statistics for days in [fromEpochDay, toEpochDay]. Replies {@link StatsReply}. */
  public record GetStats(String advertiserId, long fromEpochDay, long toEpochDay, ActorRef<StatsReply> replyTo)
      implements Command {}

  /** The current snapshot for a replica (bootstrap); replies an empty {@link Snapshot} if not created. */
  public record GetSnapshot(ActorRef<Snapshot> replyTo) implements Command {}

  // --- replies ------------------------------------------------------------------------------------

  public sealed interface Reply extends CborSerializable {}

  /** The campaign after the command. */
  public record Done(Details details) implements Reply {}

  public record NotFound() implements Reply {}

  /** Refused; nothing changed. {@code field} names the offending input. */
  public record Invalid(String code, String field, String message) implements Reply {}

  /** Settings plus today's spend. */
  public record Details(CampaignSettings settings, long spendEpochDay, long spentTodayMicros, boolean budgetExhausted)
      implements CborSerializable {}

  /** A click's outcome; carries its type name on the wire so that a {@link ClickResults} list round-trips. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = ClickCharged.class, name = "charged"),
      @JsonSubTypes.Type(value = ClickRefused.class, name = "refused")})
  public sealed interface ClickResult extends CborSerializable {}

  /**
   * The click's outcome; for a repeated token, the outcome of its first use with
   * {@code duplicate = true}.
   */
  public record ClickCharged(String tokenId, String productId, long priceMicros, long chargedMicros, boolean duplicate)
      implements ClickResult {}

  public record ClickRefused(String reason) implements ClickResult {}

  /** Replies to {@link ChargeClicks}: {@code results.get(i)} is the outcome of click i. */
  public record ClickResults(List<ClickResult> results) implements CborSerializable {
    public ClickResults {
      results = List.copyOf(results);
    }
  }

  public sealed interface ConversionResult extends CborSerializable {}

  public record ConversionRecorded(String tokenId, long orderValueMicros) implements ConversionResult {}

  public record ConversionRefused(String code, String message) implements ConversionResult {}

  public record StatsReply(boolean found, List<DayStats> days) implements CborSerializable {}

  public record Snapshot(CampaignSnapshot snapshot) implements CborSerializable {}

  // --- events -------------------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {}

  public record CampaignCreated(CampaignSettings settings) implements Event {}

  public record DetailsChanged(String name, long defaultBidMicros, List<String> productIds) implements Event {}

  public record BudgetChanged(long dailyBudgetMicros, double overspendAllowance) implements Event {}

  public record KeywordsChanged(List<CampaignSettings.KeywordSpec> keywords) implements Event {}

  public record NegativesChanged(List<CampaignSettings.NegativeSpec> negatives) implements Event {}

  public record Paused(long atMillis) implements Event {}

  public record Resumed(long atMillis) implements Event {}

  public record DayRolledOver(long fromEpochDay, long toEpochDay) implements Event {}

  /**
   * One charged click: the core's decision ({@code chargedMicros ≤ priceMicros}) as a fact.
   *
   * @param capReached this click took the day's spend to the cap: the campaign was eligible before
   *     it and is not after it (the one click of the day that replicas must not miss; see {@link
   *     #tagsFor}). Absent (false) in events written before it existed; the replay does not read it.
   */
  public record ClickChargedEvent(String tokenId, String productId, long clickedAtMillis, long epochDay,
      long priceMicros, long chargedMicros, boolean capReached) implements Event {}

  public record ConversionRecordedEvent(String tokenId, long orderValueMicros, long epochDay, long atMillis)
      implements Event {}

  public record ImpressionsRecorded(long epochDay, long count) implements Event {}

  // --- state --------------------------------------------------------------------------------------

  /** A charged click as the dedupe and attribution state remembers it. */
  public record ClickRecord(String productId, long clickedAtMillis, long priceMicros, long chargedMicros,
      boolean converted) implements CborSerializable {}

  /**
   * Entity state. Mutable on purpose (Pekko allows it when only the event handler mutates): the
   * dedupe map holds up to a day of clicks and copying it per click would make charging O(n).
   */
  public static final class State implements CborSerializable {
    @JsonProperty CampaignSettings settings;
    @JsonProperty long settingsVersion;
    @JsonProperty CampaignSpend spend;
    /** Charged tokens in charge order (oldest first), pruned beyond the retention window. */
    @JsonProperty LinkedHashMap<String, ClickRecord> clicks;
    @JsonProperty TreeMap<Long, DayStats> days;
    /** Events applied so far (= the journal sequence number): orders snapshots for replicas. */
    @JsonProperty long eventCount;

    @JsonCreator
    State(
        @JsonProperty("settings") CampaignSettings settings,
        @JsonProperty("settingsVersion") long settingsVersion,
        @JsonProperty("spend") CampaignSpend spend,
        @JsonProperty("clicks") LinkedHashMap<String, ClickRecord> clicks,
        @JsonProperty("days") TreeMap<Long, DayStats> days,
        @JsonProperty("eventCount") long eventCount) {
      this.eventCount = eventCount;
      this.settings = settings;
      this.settingsVersion = settingsVersion;
      this.spend = spend;
      this.clicks = clicks == null ? new LinkedHashMap<>() : clicks;
      this.days = days == null ? new TreeMap<>() : days;
    }

    static State empty() {
      return new State(null, 0, CampaignSpend.startOfDay(0), null, null, 0);
    }

    public boolean created() {
      return settings != null;
    }

    public CampaignSettings settings() {
      return settings;
    }

    public CampaignSpend spend() {
      return spend;
    }

    public Map<String, ClickRecord> clicks() {
      return java.util.Collections.unmodifiableMap(clicks);
    }

    public Map<Long, DayStats> days() {
      return java.util.Collections.unmodifiableMap(days);
    }

    boolean ownedBy(String advertiserId) {
      return settings != null && settings.advertiserId().equals(advertiserId);
    }

    DayStats day(long epochDay) {
      return days.getOrDefault(epochDay, DayStats.empty(epochDay));
    }
  }

  // --- behavior -----------------------------------------------------------------------------------

  private static final String JVM =
      java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/" + ProcessHandle.current().pid();

  private final String campaignId;
  private final CampaignListener listener;
  /** The settings version this incarnation last published in a whole snapshot (-1: none yet). */
  private long publishedSettingsVersion = -1;
  private final long clickRetentionMillis;

  private CampaignEntity(String campaignId, CampaignListener listener, Duration clickRetention) {
    super(PersistenceId.of(TYPE_KEY.name(), campaignId));
    this.campaignId = campaignId;
    this.listener = listener;
    this.clickRetentionMillis = clickRetention.toMillis();
  }

  /**
   * @param clickRetention how long a charged token is remembered for dedupe and conversions; must be
   *     at least the click tokens' time to live
   */
  public static Behavior<Command> create(String campaignId, CampaignListener listener, Duration clickRetention) {
    return new CampaignEntity(campaignId, listener, clickRetention);
  }

  /** The identifier of this JVM in {@link CampaignSnapshot#originJvm()}. */
  public static String jvmId() {
    return JVM;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  /**
   * Events that every node's replica must not miss, tagged {@link ReplicaCatchUp#TAG} so that a
   * node which lost the pub-sub message re-reads them from the journal: settings changes, and the
   * click that took the day's spend to the cap (the ad must go; {@link ClickChargedEvent#capReached}).
   * Ordinary charges, the free or capped clicks after the cap was reached, impressions, conversions
   * and day rollovers carry no tag: a tagged event costs an {@code event_tag} row, a journal insert
   * of its own (the plugin inserts tagged rows one by one), and every {@code eventsByTag} poll of
   * every node reads every {@code event_tag} row (H2 plans the query as a scan of that table), so
   * tagging every click past the cap made each poll slower the longer a campaign stayed exhausted.
   */
  @Override
  public java.util.Set<String> tagsFor(Event event) {
    boolean replica = switch (event) {
      case CampaignCreated e -> true;
      case DetailsChanged e -> true;
      case BudgetChanged e -> true;
      case KeywordsChanged e -> true;
      case NegativesChanged e -> true;
      case Paused e -> true;
      case Resumed e -> true;
      case ClickChargedEvent e -> e.capReached();
      case DayRolledOver e -> false;
      case ConversionRecordedEvent e -> false;
      case ImpressionsRecorded e -> false;
    };
    return replica ? REPLICA_TAGS : java.util.Set.of();
  }

  private static final java.util.Set<String> REPLICA_TAGS = java.util.Set.of(ReplicaCatchUp.TAG);

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(org.apache.pekko.persistence.typed.RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  private void onRecovered(State state) {
    if (state.created()) {
      listener.changed(snapshot(state));
      publishedSettingsVersion = state.settingsVersion;
    }
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, this::onGet)
        .onCommand(Update.class, this::onUpdate)
        .onCommand(AddKeywords.class, this::onAddKeywords)
        .onCommand(RemoveKeywords.class, this::onRemoveKeywords)
        .onCommand(AddNegatives.class, this::onAddNegatives)
        .onCommand(RemoveNegatives.class, this::onRemoveNegatives)
        .onCommand(Pause.class, this::onPause)
        .onCommand(Resume.class, this::onResume)
        .onCommand(ChargeClick.class, this::onChargeClick)
        .onCommand(ChargeClicks.class, this::onChargeClicks)
        .onCommand(RecordConversion.class, this::onRecordConversion)
        .onCommand(RecordImpressions.class, this::onRecordImpressions)
        .onCommand(GetStats.class, this::onGetStats)
        .onCommand(GetSnapshot.class, this::onGetSnapshot)
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create cmd) {
    if (state.created()) {
      return Effect().reply(cmd.replyTo(), new Invalid("exists", "campaignId", "campaign " + campaignId + " exists"));
    }
    return persistAndReply(state, List.of(new CampaignCreated(cmd.settings())), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onGet(State state, Get cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    return Effect().reply(cmd.replyTo(), new Done(details(state)));
  }

  private ReplyEffect<Event, State> onUpdate(State state, Update cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    CampaignSettings s = state.settings();
    List<Event> events = new ArrayList<>(2);
    if (cmd.name() != null || cmd.defaultBidMicros() != null || cmd.productIds() != null) {
      events.add(new DetailsChanged(
          cmd.name() != null ? cmd.name() : s.name(),
          cmd.defaultBidMicros() != null ? cmd.defaultBidMicros() : s.defaultBidMicros(),
          cmd.productIds() != null ? cmd.productIds() : s.productIds()));
    }
    if (cmd.dailyBudgetMicros() != null || cmd.overspendAllowance() != null) {
      events.add(new BudgetChanged(
          cmd.dailyBudgetMicros() != null ? cmd.dailyBudgetMicros() : s.dailyBudgetMicros(),
          cmd.overspendAllowance() != null ? cmd.overspendAllowance() : s.overspendAllowance()));
    }
    return persistAndReply(state, events, cmd.replyTo());
  }

  private ReplyEffect<Event, State> onAddKeywords(State state, AddKeywords cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    List<CampaignSettings.KeywordSpec> merged = new ArrayList<>(state.settings().keywords());
    for (CampaignSettings.KeywordSpec k : cmd.keywords()) {
      merged.removeIf(old -> old.sameKeyword(k.text(), k.matchType()));
      merged.add(k);
    }
    if (merged.size() > cmd.maxKeywords()) {
      return Effect().reply(cmd.replyTo(), new Invalid("too_many", "keywords",
          "a campaign may have at most " + cmd.maxKeywords() + " keywords, this would make " + merged.size()));
    }
    return persistAndReply(state, List.of(new KeywordsChanged(merged)), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRemoveKeywords(State state, RemoveKeywords cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    List<CampaignSettings.KeywordSpec> kept = new ArrayList<>(state.settings().keywords());
    for (CampaignSettings.KeywordSpec k : cmd.keywords()) {
      kept.removeIf(old -> old.sameKeyword(k.text(), k.matchType()));
    }
    if (kept.size() == state.settings().keywords().size()) {
      return Effect().reply(cmd.replyTo(), new Done(details(state)));
    }
    return persistAndReply(state, List.of(new KeywordsChanged(kept)), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onAddNegatives(State state, AddNegatives cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    List<CampaignSettings.NegativeSpec> merged = new ArrayList<>(state.settings().negatives());
    for (CampaignSettings.NegativeSpec n : cmd.negatives()) {
      merged.removeIf(old -> old.text().equalsIgnoreCase(n.text()) && old.matchType() == n.matchType());
      merged.add(n);
    }
    if (merged.size() > cmd.maxNegatives()) {
      return Effect().reply(cmd.replyTo(), new Invalid("too_many", "negatives",
          "a campaign may have at most " + cmd.maxNegatives() + " negatives, this would make " + merged.size()));
    }
    return persistAndReply(state, List.of(new NegativesChanged(merged)), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRemoveNegatives(State state, RemoveNegatives cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    List<CampaignSettings.NegativeSpec> kept = new ArrayList<>(state.settings().negatives());
    for (CampaignSettings.NegativeSpec n : cmd.negatives()) {
      kept.removeIf(old -> old.text().equalsIgnoreCase(n.text()) && old.matchType() == n.matchType());
    }
    if (kept.size() == state.settings().negatives().size()) {
      return Effect().reply(cmd.replyTo(), new Done(details(state)));
    }
    return persistAndReply(state, List.of(new NegativesChanged(kept)), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onPause(State state, Pause cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    if (state.settings().status() == CampaignStatus.PAUSED) {
      return Effect().reply(cmd.replyTo(), new Done(details(state)));
    }
    return persistAndReply(state, List.of(new Paused(cmd.atMillis())), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onResume(State state, Resume cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    if (state.settings().status() == CampaignStatus.ACTIVE) {
      return Effect().reply(cmd.replyTo(), new Done(details(state)));
    }
    return persistAndReply(state, List.of(new Resumed(cmd.atMillis())), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onChargeClick(State state, ChargeClick cmd) {
    if (!state.created()) {
      return Effect().reply(cmd.replyTo(), new ClickRefused("unknown_campaign"));
    }
    List<Event> events = new ArrayList<>(2);
    ClickResult result = new Charging(state).charge(
        new ClickRequest(cmd.tokenId(), cmd.productId(), cmd.priceMicros(), cmd.clickedAtMillis()), events);
    if (events.isEmpty()) {
      return Effect().reply(cmd.replyTo(), result);
    }
    long start = System.nanoTime();
    return Effect().persist(events)
        .thenRun(s -> afterPersist(s, start))
        .thenReply(cmd.replyTo(), s -> result);
  }

  private ReplyEffect<Event, State> onChargeClicks(State state, ChargeClicks cmd) {
    List<ClickResult> results = new ArrayList<>(cmd.clicks().size());
    if (!state.created()) {
      for (int i = 0; i < cmd.clicks().size(); i++) {
        results.add(new ClickRefused("unknown_campaign"));
      }
      return Effect().reply(cmd.replyTo(), new ClickResults(results));
    }
    List<Event> events = new ArrayList<>(cmd.clicks().size() + 1);
    Charging charging = new Charging(state);
    for (ClickRequest click : cmd.clicks()) {
      results.add(charging.charge(click, events));
    }
    ClickResults reply = new ClickResults(results);
    if (events.isEmpty()) {
      return Effect().reply(cmd.replyTo(), reply);
    }
    // one persist of all events = one AtomicWrite = one journal transaction; replies after it
    long start = System.nanoTime();
    return Effect().persist(events)
        .thenRun(s -> afterPersist(s, start))
        .thenReply(cmd.replyTo(), s -> reply);
  }

  /**
   * Decides clicks against the state as it will be once the events decided so far are applied: the
   * spend moves exactly as the event handler will move it ({@link ChargeResult#after()} is {@code
   * DayRolledOver} + {@code withCharge}), and tokens charged earlier in the same write are
   * duplicates. The state itself is not touched (only the event handler changes it).
   */
  private static final class Charging {
    private final State state;
    private CampaignSpend spend;
    private Map<String, ClickCharged> chargedHere;

    Charging(State state) {
      this.state = state;
      this.spend = state.spend();
    }

    /** The click's outcome; appends the events that make it a fact (none for a duplicate). */
    ClickResult charge(ClickRequest cmd, List<Event> events) {
      ClickRecord seen = state.clicks.get(cmd.tokenId());
      if (seen != null) {
        return new ClickCharged(cmd.tokenId(), seen.productId(), seen.priceMicros(), seen.chargedMicros(), true);
      }
      ClickCharged earlier = chargedHere == null ? null : chargedHere.get(cmd.tokenId());
      if (earlier != null) {
        return new ClickCharged(earlier.tokenId(), earlier.productId(), earlier.priceMicros(), earlier.chargedMicros(), true);
      }
      long day = Times.epochDay(cmd.clickedAtMillis());
      // the core decides the charge (cap = budget × allowance, free over-delivery beyond it)
      long capMicros = state.settings().spendCapMicros();
      ChargeResult r = spend.charge(day, cmd.priceMicros(), capMicros);
      if (day > spend.epochDay()) {
        events.add(new DayRolledOver(spend.epochDay(), day));
      }
      boolean capReached = spend.onDay(day).eligible(capMicros) && !r.after().eligible(capMicros);
      events.add(new ClickChargedEvent(cmd.tokenId(), cmd.productId(), cmd.clickedAtMillis(), day,
          cmd.priceMicros(), r.chargedMicros(), capReached));
      spend = r.after();
      ClickCharged charged = new ClickCharged(cmd.tokenId(), cmd.productId(), cmd.priceMicros(), r.chargedMicros(), false);
      if (chargedHere == null) {
        chargedHere = new HashMap<>();
      }
      chargedHere.put(cmd.tokenId(), charged);
      return charged;
    }
  }

  private ReplyEffect<Event, State> onRecordConversion(State state, RecordConversion cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new ConversionRefused("not_found", "no charged click for this token"));
    }
    ClickRecord click = state.clicks.get(cmd.tokenId());
    if (click == null) {
      return Effect().reply(cmd.replyTo(), new ConversionRefused("click_not_found",
          "this click was never charged, or is older than the attribution window"));
    }
    if (click.converted()) {
      return Effect().reply(cmd.replyTo(), new ConversionRefused("already_attributed",
          "an order was already attributed to this click"));
    }
    long day = Times.epochDay(cmd.atMillis());
    return Effect().persist(new ConversionRecordedEvent(cmd.tokenId(), cmd.orderValueMicros(), day, cmd.atMillis()))
        .thenReply(cmd.replyTo(), s -> new ConversionRecorded(cmd.tokenId(), cmd.orderValueMicros()));
  }

  private ReplyEffect<Event, State> onRecordImpressions(State state, RecordImpressions cmd) {
    if (!state.created() || cmd.count() <= 0) {
      return Effect().reply(cmd.replyTo(), new NotFound());
    }
    return Effect().persist(new ImpressionsRecorded(cmd.epochDay(), cmd.count()))
        .thenReply(cmd.replyTo(), s -> new Done(details(s)));
  }

  private ReplyEffect<Event, State> onGetStats(State state, GetStats cmd) {
    if (!state.ownedBy(cmd.advertiserId())) {
      return Effect().reply(cmd.replyTo(), new StatsReply(false, List.of()));
    }
    List<DayStats> out = new ArrayList<>();
    for (long d = cmd.fromEpochDay(); d <= cmd.toEpochDay(); d++) {
      out.add(state.day(d));
    }
    return Effect().reply(cmd.replyTo(), new StatsReply(true, out));
  }

  private ReplyEffect<Event, State> onGetSnapshot(State state, GetSnapshot cmd) {
    return Effect().reply(cmd.replyTo(), new Snapshot(state.created() ? snapshot(state) : null));
  }

  private ReplyEffect<Event, State> persistAndReply(State state, List<Event> events, ActorRef<Reply> replyTo) {
    if (events.isEmpty()) {
      return Effect().reply(replyTo, new Done(details(state)));
    }
    long start = System.nanoTime();
    return Effect().persist(events)
        .thenRun(s -> afterPersist(s, start))
        .thenReply(replyTo, s -> new Done(details(s)));
  }

  private void afterPersist(State s, long startNanos) {
    listener.persisted(System.nanoTime() - startNanos);
    CampaignSnapshot full = snapshot(s);
    if (s.settingsVersion == publishedSettingsVersion && !full.exhausted()) {
      listener.changed(full.spendOnly());
    } else {
      // settings changed, or the budget ran out: the whole snapshot (exhaustion is rare and must
      // reach a replica that missed an earlier message)
      listener.changed(full);
      publishedSettingsVersion = s.settingsVersion;
    }
  }

  private CampaignSnapshot snapshot(State s) {
    return new CampaignSnapshot(s.settings, s.settingsVersion, s.eventCount, s.spend.epochDay(),
        s.spend.spentMicros(), JVM, System.nanoTime());
  }

  private static Details details(State s) {
    long cap = s.settings.spendCapMicros();
    return new Details(s.settings, s.spend.epochDay(), s.spend.spentMicros(), s.spend.spentMicros() >= cap);
  }

  // --- events applied -----------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((State s, Event e) -> apply(s, e));
  }

  private State apply(State s, Event event) {
    s.eventCount++;
    return switch (event) {
      case CampaignCreated e -> applyCreated(s, e);
      case DetailsChanged e -> settings(s, s.settings.withDetails(e.name(), e.defaultBidMicros(), e.productIds()));
      case BudgetChanged e -> settings(s, s.settings.withBudget(e.dailyBudgetMicros(), e.overspendAllowance()));
      case KeywordsChanged e -> settings(s, s.settings.withKeywords(e.keywords()));
      case NegativesChanged e -> settings(s, s.settings.withNegatives(e.negatives()));
      case Paused e -> settings(s, s.settings.withStatus(CampaignStatus.PAUSED));
      case Resumed e -> settings(s, s.settings.withStatus(CampaignStatus.ACTIVE));
      case DayRolledOver e -> applyDayRolledOver(s, e);
      case ClickChargedEvent e -> applyClick(s, e);
      case ConversionRecordedEvent e -> applyConversion(s, e);
      case ImpressionsRecorded e -> applyImpressions(s, e);
    };
  }

  private State applyCreated(State s, CampaignCreated e) {
    s.settings = e.settings();
    s.settingsVersion++;
    s.spend = CampaignSpend.startOfDay(Times.epochDay(e.settings().createdAtMillis()));
    return s;
  }

  private static State settings(State s, CampaignSettings next) {
    s.settings = next;
    s.settingsVersion++;
    return s;
  }

  private State applyDayRolledOver(State s, DayRolledOver e) {
    s.spend = s.spend.onDay(e.toEpochDay());
    return s;
  }

  private State applyClick(State s, ClickChargedEvent e) {
    s.spend = s.spend.withCharge(e.epochDay(), e.chargedMicros(), e.priceMicros());
    s.clicks.put(e.tokenId(), new ClickRecord(e.productId(), e.clickedAtMillis(), e.priceMicros(), e.chargedMicros(), false));
    s.days.put(e.epochDay(), s.day(e.epochDay()).plusClick(e.priceMicros(), e.chargedMicros()));
    prune(s, e.clickedAtMillis());
    return s;
  }

  private State applyConversion(State s, ConversionRecordedEvent e) {
    ClickRecord c = s.clicks.get(e.tokenId());
    if (c != null) {
      s.clicks.put(e.tokenId(), new ClickRecord(c.productId(), c.clickedAtMillis(), c.priceMicros(), c.chargedMicros(), true));
    }
    s.days.put(e.epochDay(), s.day(e.epochDay()).plusConversion(e.orderValueMicros()));
    return s;
  }

  private State applyImpressions(State s, ImpressionsRecorded e) {
    s.days.put(e.epochDay(), s.day(e.epochDay()).plusImpressions(e.count()));
    return s;
  }

  /** Forgets charged tokens older than the retention window (oldest first: insertion order). */
  private void prune(State s, long nowMillis) {
    long cutoff = nowMillis - clickRetentionMillis;
    var it = s.clicks.values().iterator();
    while (it.hasNext() && it.next().clickedAtMillis() < cutoff) {
      it.remove();
    }
  }
}
