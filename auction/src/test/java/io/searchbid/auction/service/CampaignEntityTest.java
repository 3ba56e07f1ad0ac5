package io.searchbid.auction.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.Times;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaign entity logic with Pekko's EventSourcedBehaviorTestKit, which also serializes every
 * command, event, reply-carrying command and state (Jackson CBOR) and fails on anything that does not
 * round-trip.
 */
class CampaignEntityTest {

  static final Config CONFIG = ConfigFactory.parseString("""
      pekko.actor.serialization-bindings { "io.searchbid.auction.service.CborSerializable" = jackson-cbor }
      pekko.actor.default-dispatcher.fork-join-executor.minimum-runnable = -1
      pekko.actor.internal-dispatcher.fork-join-executor.minimum-runnable = -1
      """).withFallback(EventSourcedBehaviorTestKit.config());

  static final ActorTestKit TESTKIT = ActorTestKit.create(CONFIG);
  static final long T0 = 1_790_000_000_000L; // a fixed instant
  static final long DAY = Times.MILLIS_PER_DAY;

  final List<CampaignUpdate> published = new CopyOnWriteArrayList<>();
  EventSourcedBehaviorTestKit<CampaignEntity.Command, CampaignEntity.Event, CampaignEntity.State> kit;

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    published.clear();
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        CampaignEntity.create("cmp_1", published::add, Duration.ofHours(48)));
  }

  static CampaignSettings settings(long budgetMicros) {
    return new CampaignSettings("cmp_1", "adv_a", "test", CampaignStatus.ACTIVE, budgetMicros, 1.0, 500_000,
        List.of("p1"), List.of(new CampaignSettings.KeywordSpec("oak table", MatchType.EXACT, 0)),
        List.of(), T0);
  }

  void create(long budgetMicros) {
    CommandResultWithReply<CampaignEntity.Command, CampaignEntity.Event, CampaignEntity.State, CampaignEntity.Reply> r =
        kit.runCommand(replyTo -> new CampaignEntity.Create(settings(budgetMicros), replyTo));
    assertThat(r.reply()).isInstanceOf(CampaignEntity.Done.class);
    assertThat(r.event()).isInstanceOf(CampaignEntity.CampaignCreated.class);
  }

  CampaignEntity.ClickCharged click(String tokenId, long priceMicros, long atMillis) {
    var r = kit.<CampaignEntity.ClickResult>runCommand(replyTo -> new CampaignEntity.ChargeClick(tokenId, "p1", priceMicros, atMillis, replyTo));
    return (CampaignEntity.ClickCharged) r.reply();
  }

  /** What a replica that received every update holds: whole snapshots replace, spend updates apply. */
  CampaignSnapshot replica() {
    CampaignSnapshot held = null;
    for (CampaignUpdate u : published) {
      if (u instanceof CampaignSnapshot whole) {
        held = held == null || whole.sequenceNr() > held.sequenceNr() ? whole : held;
      } else {
        CampaignSnapshot next = ((SpendUpdate) u).applyTo(held);
        assertThat(next).as("a spend update applies to the snapshot before it: %s on %s", u, held).isNotNull();
        held = next;
      }
    }
    return held;
  }

  @Test
  void clicks_publishSpendOnly_andTheReplicaFoldEqualsTheEntity() {
    create(10_000_000);
    int before = published.size();
    for (int i = 0; i < 5; i++) {
      click("t" + i, 300_000, T0 + i);
    }
    kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Update("adv_a", null, 9_000_000L, 1.0, null, null, r));
    click("t9", 200_000, T0 + 9);
    List<CampaignUpdate> after = published.subList(before, published.size());
    assertThat(after).hasSize(7);
    assertThat(after.subList(0, 5)).allMatch(u -> u instanceof SpendUpdate, "clicks send no settings");
    assertThat(after.get(5)).isInstanceOf(CampaignSnapshot.class);
    assertThat(after.get(6)).isInstanceOf(SpendUpdate.class);
    CampaignSnapshot r = replica();
    var state = kit.getState();
    assertThat(r.settings()).isEqualTo(state.settings());
    assertThat(r.spentMicros()).isEqualTo(state.spend().spentMicros()).isEqualTo(1_700_000);
    assertThat(r.sequenceNr()).isEqualTo(published.get(published.size() - 1).sequenceNr());
  }

  @Test
  void afterRestart_theFirstUpdateIsWhole_soAReplicaThatMissedEverythingCatchesUp() {
    create(10_000_000);
    click("t1", 300_000, T0);
    published.clear(); // a replica that saw nothing so far
    kit.restart();
    click("t2", 300_000, T0 + 1);
    assertThat(published.get(0)).isInstanceOfSatisfying(CampaignSnapshot.class,
        s -> assertThat(s.spentMicros()).isEqualTo(300_000));
    assertThat(replica().spentMicros()).isEqualTo(600_000);
  }

  @Test
  void create_thenGet_byOwner_returnsSettings_otherAdvertiserGetsNotFound() {
    create(10_000_000);
    var mine = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Get("adv_a", r));
    assertThat(((CampaignEntity.Done) mine.reply()).details().settings()).isEqualTo(settings(10_000_000));
    assertThat(mine.hasNoEvents()).isTrue();
    var theirs = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Get("adv_b", r));
    assertThat(theirs.reply()).isInstanceOf(CampaignEntity.NotFound.class);
  }

  @Test
  void create_twice_isRefused() {
    create(10_000_000);
    var again = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Create(settings(1), r));
    assertThat(again.reply()).isInstanceOf(CampaignEntity.Invalid.class);
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void charge_sameTokenTwice_chargesOnce() {
    create(10_000_000);
    var first = click("t1", 400_000, T0 + 1);
    var result = kit.<CampaignEntity.ClickResult>runCommand(r -> new CampaignEntity.ChargeClick("t1", "p1", 400_000, T0 + 2, r));
    var second = (CampaignEntity.ClickCharged) result.reply();

    assertThat(first.duplicate()).isFalse();
    assertThat(first.chargedMicros()).isEqualTo(400_000);
    assertThat(second.duplicate()).isTrue();
    assertThat(second.chargedMicros()).isEqualTo(400_000);
    assertThat(result.hasNoEvents()).as("a repeat persists nothing").isTrue();
    assertThat(kit.getState().spend().spentMicros()).isEqualTo(400_000);
    assertThat(kit.getState().spend().clicks()).isEqualTo(1);
  }

  @Test
  void charge_atTheCap_chargesRemainder_thenFree_byTheCoreRule() {
    create(1_000_000);
    assertThat(click("t1", 700_000, T0).chargedMicros()).isEqualTo(700_000);
    assertThat(click("t2", 700_000, T0).chargedMicros()).isEqualTo(300_000);
    assertThat(click("t3", 700_000, T0).chargedMicros()).isZero();
    var s = kit.getState();
    assertThat(s.spend().spentMicros()).isEqualTo(1_000_000);
    DayStats d = s.days().get(Times.epochDay(T0));
    assertThat(d.chargedClicks()).isEqualTo(3);
    assertThat(d.freeClicks()).isEqualTo(1);
    assertThat(d.overDeliveredMicros()).isEqualTo(400_000 + 700_000);
    assertThat(published.get(published.size() - 1)).as("exhaustion travels as a whole snapshot")
        .isInstanceOfSatisfying(CampaignSnapshot.class, last -> assertThat(last.exhausted()).isTrue());
    assertThat(replica().exhausted()).isTrue();
  }

  @Test
  void charge_onALaterDay_rollsOverFirst_andSpendStartsAfresh() {
    create(1_000_000);
    click("t1", 1_000_000, T0);
    var r = kit.<CampaignEntity.ClickResult>runCommand(rr -> new CampaignEntity.ChargeClick("t2", "p1", 600_000, T0 + DAY, rr));
    assertThat(r.events()).hasSize(2);
    assertThat(r.events().get(0)).isEqualTo(new CampaignEntity.DayRolledOver(Times.epochDay(T0), Times.epochDay(T0 + DAY)));
    assertThat(((CampaignEntity.ClickCharged) r.reply()).chargedMicros()).isEqualTo(600_000);
    assertThat(kit.getState().spend().spentMicros()).isEqualTo(600_000);
    assertThat(kit.getState().days()).hasSize(2);
  }

  @Test
  void restart_restoresSpendDedupeAndStats() {
    create(5_000_000);
    click("t1", 1_000_000, T0);
    click("t2", 2_000_000, T0 + 5);
    kit.<CampaignEntity.ConversionResult>runCommand(r -> new CampaignEntity.RecordConversion("adv_a", "t1", 9_000_000, T0 + 10, r));
    var before = kit.getState();
    long spentBefore = before.spend().spentMicros();
    var daysBefore = before.days();

    kit.restart();

    assertThat(kit.getState().spend().spentMicros()).isEqualTo(spentBefore).isEqualTo(3_000_000);
    assertThat(kit.getState().days()).isEqualTo(daysBefore);
    assertThat(click("t2", 2_000_000, T0 + 20).duplicate()).isTrue();
    assertThat(kit.getState().spend().spentMicros()).isEqualTo(3_000_000);
  }

  @Test
  void conversion_attributedOnce_onlyToAChargedClick_onlyByTheOwner() {
    create(5_000_000);
    click("t1", 1_000_000, T0);
    var ok = kit.<CampaignEntity.ConversionResult>runCommand(r -> new CampaignEntity.RecordConversion("adv_a", "t1", 9_000_000, T0 + 1, r));
    assertThat(ok.reply()).isInstanceOf(CampaignEntity.ConversionRecorded.class);
    var twice = kit.<CampaignEntity.ConversionResult>runCommand(r -> new CampaignEntity.RecordConversion("adv_a", "t1", 9_000_000, T0 + 2, r));
    assertThat(((CampaignEntity.ConversionRefused) twice.reply()).code()).isEqualTo("already_attributed");
    assertThat(twice.hasNoEvents()).isTrue();
    var unknown = kit.<CampaignEntity.ConversionResult>runCommand(r -> new CampaignEntity.RecordConversion("adv_a", "t9", 1, T0 + 2, r));
    assertThat(((CampaignEntity.ConversionRefused) unknown.reply()).code()).isEqualTo("click_not_found");
    var foreign = kit.<CampaignEntity.ConversionResult>runCommand(r -> new CampaignEntity.RecordConversion("adv_b", "t1", 1, T0 + 2, r));
    assertThat(((CampaignEntity.ConversionRefused) foreign.reply()).code()).isEqualTo("not_found");
    DayStats d = kit.getState().days().get(Times.epochDay(T0));
    assertThat(d.conversions()).isEqualTo(1);
    assertThat(d.conversionValueMicros()).isEqualTo(9_000_000);
  }

  @Test
  void keywordsNegativesBudgetPauseResume_eachPersistsItsEvent_andBumpsSettingsVersion() {
    create(5_000_000);
    var add = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.AddKeywords("adv_a",
        List.of(new CampaignSettings.KeywordSpec("walnut table", MatchType.PHRASE, 900_000)), 1000, r));
    assertThat(add.event()).isInstanceOf(CampaignEntity.KeywordsChanged.class);
    assertThat(kit.getState().settings().keywords()).hasSize(2);
    var remove = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.RemoveKeywords("adv_a",
        List.of(new CampaignSettings.KeywordSpec("OAK TABLE", MatchType.EXACT, 0)), r));
    assertThat(remove.event()).isInstanceOf(CampaignEntity.KeywordsChanged.class);
    assertThat(kit.getState().settings().keywords()).extracting(CampaignSettings.KeywordSpec::text).containsExactly("walnut table");
    var neg = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.AddNegatives("adv_a",
        List.of(new CampaignSettings.NegativeSpec("used", MatchType.EXACT)), 500, r));
    assertThat(neg.event()).isInstanceOf(CampaignEntity.NegativesChanged.class);
    var budget = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Update("adv_a", null, 7_000_000L, 1.5, null, null, r));
    assertThat(budget.event()).isEqualTo(new CampaignEntity.BudgetChanged(7_000_000, 1.5));
    var pause = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Pause("adv_a", T0, r));
    assertThat(pause.event()).isEqualTo(new CampaignEntity.Paused(T0));
    assertThat(kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Pause("adv_a", T0, r)).hasNoEvents()).isTrue();
    var resume = kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Resume("adv_a", T0, r));
    assertThat(resume.event()).isEqualTo(new CampaignEntity.Resumed(T0));
    assertThat(kit.getState().settings().status()).isEqualTo(CampaignStatus.ACTIVE);
    // create + 5 settings changes, each published with a growing version and sequence number
    assertThat(published).allMatch(u -> u instanceof CampaignSnapshot, "every settings change travels as a whole snapshot");
    assertThat(published).extracting(u -> ((CampaignSnapshot) u).settingsVersion()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(published).extracting(CampaignUpdate::sequenceNr).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void foreignAdvertiser_cannotChangeAnything() {
    create(5_000_000);
    var r = kit.<CampaignEntity.Reply>runCommand(rr -> new CampaignEntity.Pause("adv_b", T0, rr));
    assertThat(r.reply()).isInstanceOf(CampaignEntity.NotFound.class);
    assertThat(r.hasNoEvents()).isTrue();
    var u = kit.<CampaignEntity.Reply>runCommand(rr -> new CampaignEntity.Update("adv_b", "x", 1L, null, null, null, rr));
    assertThat(u.reply()).isInstanceOf(CampaignEntity.NotFound.class);
    assertThat(u.hasNoEvents()).isTrue();
  }

  @Test
  void dedupeState_prunedBeyondRetention() {
    create(1_000_000_000);
    click("old", 1, T0);
    click("new", 1, T0 + Duration.ofHours(49).toMillis());
    assertThat(kit.getState().clicks()).containsOnlyKeys("new");
  }

  @Test
  void impressions_andStats_perDay() {
    create(5_000_000);
    kit.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.RecordImpressions(Times.epochDay(T0), 40, r));
    click("t1", 100_000, T0);
    var stats = kit.<CampaignEntity.StatsReply>runCommand(r -> new CampaignEntity.GetStats("adv_a",
        Times.epochDay(T0) - 1, Times.epochDay(T0), r)).reply();
    assertThat(stats.found()).isTrue();
    assertThat(stats.days()).hasSize(2);
    assertThat(stats.days().get(0)).isEqualTo(DayStats.empty(Times.epochDay(T0) - 1));
    assertThat(stats.days().get(1).impressions()).isEqualTo(40);
    assertThat(stats.days().get(1).chargedClicks()).isEqualTo(1);
  }

  /** Property: whatever the prices and days, spend per day ≤ cap and equals the sum of charges. */
  @Test
  void randomClicks_spendNeverExceedsCap_andEqualsSumOfCharges() {
    long budget = 3_000_000;
    create(budget);
    SplittableRandom rnd = new SplittableRandom(2026);
    long[] chargedPerDay = new long[3];
    for (int i = 0; i < 60; i++) {
      int day = i / 20;
      long price = rnd.nextLong(1, 600_000);
      var c = click("t" + i, price, T0 + day * DAY + i);
      assertThat(c.chargedMicros()).isBetween(0L, price);
      chargedPerDay[day] += c.chargedMicros();
      assertThat(kit.getState().spend().spentMicros()).isEqualTo(chargedPerDay[day]).isLessThanOrEqualTo(budget);
    }
    for (int d = 0; d < 3; d++) {
      assertThat(kit.getState().days().get(Times.epochDay(T0) + d).spendMicros()).isEqualTo(chargedPerDay[d]);
    }
  }

  /**
   * Property against a dumb reference (a running sum per day): a click event is marked {@code
   * capReached} — and tagged for the replicas — exactly when the day's spend was below the cap before
   * it and is not after it, whether the cap is hit exactly or by a partial charge; the free and capped
   * clicks after it, and ordinary charges, carry no tag. Batches of random size, three days, a late
   * click of an earlier day (charged against the current day, as the core does).
   */
  @Test
  void clickEvents_tagOnlyTheClickThatReachesTheCap_perDay() {
    for (int seed = 1; seed <= 8; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      var k = newKit("tag-" + seed);
      CampaignEntity entity = (CampaignEntity) CampaignEntity.create("tag-" + seed, s -> {}, Duration.ofHours(48));
      long budget = 1_000_000 + rnd.nextLong(2_000_000);
      create(k, budget);
      List<CampaignEntity.ClickRequest> clicks = new java.util.ArrayList<>();
      for (int i = 0; i < 120; i++) {
        int day = i / 40;
        long at = T0 + day * DAY + i + (i == 50 ? -DAY : 0);
        clicks.add(req("t" + i, rnd.nextLong(0, 400_000), at));
      }
      long refDay = Times.epochDay(T0);
      long refSpent = 0;
      int tagged = 0;
      for (int i = 0; i < clicks.size(); ) {
        int n = Math.min(clicks.size() - i, 1 + rnd.nextInt(6));
        List<CampaignEntity.ClickRequest> batch = new java.util.ArrayList<>(clicks.subList(i, i + n));
        if (rnd.nextInt(3) == 0) { // an exact hit: the first click of the batch costs what is left today
          CampaignEntity.ClickRequest c = batch.get(0);
          long left = Times.epochDay(c.clickedAtMillis()) > refDay ? budget : Math.max(0, budget - refSpent);
          batch.set(0, req(c.tokenId(), left, c.clickedAtMillis()));
        }
        var r = k.<CampaignEntity.ClickResults>runCommand(rr -> new CampaignEntity.ChargeClicks(batch, rr));
        for (CampaignEntity.Event e : r.events()) {
          if (!(e instanceof CampaignEntity.ClickChargedEvent c)) {
            assertThat(e).isInstanceOf(CampaignEntity.DayRolledOver.class);
            assertThat(entity.tagsFor(e)).isEmpty();
            continue;
          }
          if (c.epochDay() > refDay) {
            refDay = c.epochDay();
            refSpent = 0;
          }
          long before = refSpent;
          refSpent += c.chargedMicros();
          boolean reaches = before < budget && refSpent >= budget;
          assertThat(c.capReached()).as("seed %d, click %s: spent %d -> %d of %d", seed, c.tokenId(), before, refSpent, budget)
              .isEqualTo(reaches);
          assertThat(entity.tagsFor(c)).isEqualTo(reaches ? java.util.Set.of(ReplicaCatchUp.TAG) : java.util.Set.of());
          tagged += reaches ? 1 : 0;
        }
        i += n;
      }
      assertThat(tagged).as("seed " + seed + ": one tagged click per day, every day runs out").isEqualTo(3);
    }
  }

  // --- batched charging (ChargeClicks) -------------------------------------------------------------

  EventSourcedBehaviorTestKit<CampaignEntity.Command, CampaignEntity.Event, CampaignEntity.State> newKit(String campaignId) {
    return EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        CampaignEntity.create(campaignId, s -> {}, Duration.ofHours(48)));
  }

  static void create(EventSourcedBehaviorTestKit<CampaignEntity.Command, CampaignEntity.Event, CampaignEntity.State> k,
      long budgetMicros) {
    assertThat(k.<CampaignEntity.Reply>runCommand(r -> new CampaignEntity.Create(settings(budgetMicros), r)).reply())
        .isInstanceOf(CampaignEntity.Done.class);
  }

  static CampaignEntity.ClickRequest req(String tokenId, long priceMicros, long atMillis) {
    return new CampaignEntity.ClickRequest(tokenId, "p1", priceMicros, atMillis);
  }

  @Test
  void chargeClicks_sameTokenTwiceInOneBatch_chargesOnce_persistsOneEvent() {
    create(10_000_000);
    var r = kit.<CampaignEntity.ClickResults>runCommand(rr -> new CampaignEntity.ChargeClicks(
        List.of(req("t1", 400_000, T0), req("t2", 300_000, T0 + 1), req("t1", 400_000, T0 + 2)), rr));
    List<CampaignEntity.ClickResult> results = r.reply().results();
    assertThat(results).containsExactly(
        new CampaignEntity.ClickCharged("t1", "p1", 400_000, 400_000, false),
        new CampaignEntity.ClickCharged("t2", "p1", 300_000, 300_000, false),
        new CampaignEntity.ClickCharged("t1", "p1", 400_000, 400_000, true));
    assertThat(r.events()).hasSize(2).allMatch(e -> e instanceof CampaignEntity.ClickChargedEvent);
    assertThat(kit.getState().spend().spentMicros()).isEqualTo(700_000);
    assertThat(kit.getState().spend().clicks()).isEqualTo(2);
    // a later batch repeating both: answered from the dedupe state, nothing persisted
    var again = kit.<CampaignEntity.ClickResults>runCommand(rr -> new CampaignEntity.ChargeClicks(
        List.of(req("t2", 300_000, T0 + 3), req("t1", 400_000, T0 + 4)), rr));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().results()).extracting(c -> ((CampaignEntity.ClickCharged) c).duplicate()).containsExactly(true, true);
    assertThat(kit.getState().spend().spentMicros()).isEqualTo(700_000);
  }

  @Test
  void chargeClicks_onAnUncreatedCampaign_refusesEveryClick_persistsNothing() {
    var r = kit.<CampaignEntity.ClickResults>runCommand(rr -> new CampaignEntity.ChargeClicks(
        List.of(req("t1", 1, T0), req("t2", 1, T0)), rr));
    assertThat(r.hasNoEvents()).isTrue();
    assertThat(r.reply().results()).containsExactly(
        new CampaignEntity.ClickRefused("unknown_campaign"), new CampaignEntity.ClickRefused("unknown_campaign"));
  }

  @Test
  void chargeClicks_emptyOrOversizedBatch_isRefusedAtConstruction() {
    var probe = TESTKIT.<CampaignEntity.ClickResults>createTestProbe().ref();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CampaignEntity.ChargeClicks(List.of(), probe))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clicks must hold 1..");
    List<CampaignEntity.ClickRequest> many = new java.util.ArrayList<>();
    for (int i = 0; i <= CampaignEntity.MAX_CLICKS_PER_BATCH; i++) {
      many.add(req("t" + i, 1, T0));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CampaignEntity.ChargeClicks(many, probe))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Duel: random clicks (repeated tokens, prices that run into the cap, a day rollover, a click
   * stamped on the previous day) charged in random batches give exactly the replies, events and state
   * of the same clicks charged one at a time with ChargeClick — and survive a restart alike.
   */
  @Test
  void chargeClicks_inRandomBatches_equalsOneAtATime() {
    for (int seed = 1; seed <= 6; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      var single = newKit("duel-single-" + seed);
      var batched = newKit("duel-batched-" + seed);
      long budget = 2_000_000 + rnd.nextLong(3_000_000);
      create(single, budget);
      create(batched, budget);
      List<CampaignEntity.ClickRequest> clicks = new java.util.ArrayList<>();
      long t = T0;
      for (int i = 0; i < 150; i++) {
        t += rnd.nextLong(1, 400_000);
        long at = i == 100 ? t + DAY : i > 100 ? t + DAY : (i == 60 ? t - DAY : t);
        String token = rnd.nextInt(5) == 0 && i > 0 ? clicks.get(rnd.nextInt(clicks.size())).tokenId() : "t" + i;
        clicks.add(req(token, rnd.nextLong(0, 500_000), at));
      }
      List<CampaignEntity.ClickResult> oneByOne = new java.util.ArrayList<>();
      List<CampaignEntity.Event> singleEvents = new java.util.ArrayList<>();
      for (CampaignEntity.ClickRequest c : clicks) {
        var r = single.<CampaignEntity.ClickResult>runCommand(rr ->
            new CampaignEntity.ChargeClick(c.tokenId(), c.productId(), c.priceMicros(), c.clickedAtMillis(), rr));
        oneByOne.add(r.reply());
        singleEvents.addAll(r.events());
      }
      List<CampaignEntity.ClickResult> inBatches = new java.util.ArrayList<>();
      List<CampaignEntity.Event> batchedEvents = new java.util.ArrayList<>();
      for (int i = 0; i < clicks.size(); ) {
        int n = Math.min(clicks.size() - i, 1 + rnd.nextInt(12));
        List<CampaignEntity.ClickRequest> batch = clicks.subList(i, i + n);
        var r = batched.<CampaignEntity.ClickResults>runCommand(rr -> new CampaignEntity.ChargeClicks(batch, rr));
        inBatches.addAll(r.reply().results());
        batchedEvents.addAll(r.events());
        i += n;
      }
      assertThat(inBatches).as("seed " + seed).isEqualTo(oneByOne);
      assertThat(batchedEvents).as("seed " + seed).isEqualTo(singleEvents);
      assertSameState(batched.getState(), single.getState());
      batched.restart();
      assertSameState(batched.getState(), single.getState());
      assertThat(batched.getState().spend().spentMicros()).isLessThanOrEqualTo(budget);
    }
  }

  static void assertSameState(CampaignEntity.State got, CampaignEntity.State want) {
    assertThat(got.spend()).isEqualTo(want.spend());
    assertThat(got.clicks()).isEqualTo(want.clicks());
    assertThat(new java.util.ArrayList<>(got.clicks().keySet())).isEqualTo(new java.util.ArrayList<>(want.clicks().keySet()));
    assertThat(got.days()).isEqualTo(want.days());
  }
}
