package io.searchbid.auction.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.auction.CampaignSpend;
import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.MatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every reply and snapshot round-trips through Jackson CBOR; the advertiser entity's logic. */
class SerializationAndAdvertiserTest {

  static final ActorTestKit TESTKIT = ActorTestKit.create(CampaignEntityTest.CONFIG);

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  static final CampaignSettings SETTINGS = new CampaignSettings("cmp_1", "adv_a", "n", CampaignStatus.PAUSED, 5, 1.25, 3,
      List.of("p1", "p2"), List.of(new CampaignSettings.KeywordSpec("oak table", MatchType.BROAD, 7)),
      List.of(new CampaignSettings.NegativeSpec("used", MatchType.PHRASE)), 123);

  static final ApiKeySet KEYS = new ApiKeySet("h3", 9, List.of(new ApiKeySet.RetiringKey("h1", 1, 20),
      new ApiKeySet.RetiringKey("h2", 5, 30)));

  @Test
  void everyReplySnapshotAndState_roundTrips() {
    SerializationTestKit ser = TESTKIT.serializationTestKit();
    var probe = TESTKIT.<Object>createTestProbe().ref();
    List<Object> samples = List.of(
        new CampaignEntity.Done(new CampaignEntity.Details(SETTINGS, 20_000, 4, true)),
        new CampaignEntity.NotFound(),
        new CampaignEntity.Invalid("too_many", "keywords", "m"),
        new CampaignEntity.ClickCharged("t", "p", 5, 4, true),
        new CampaignEntity.ClickRefused("unknown_campaign"),
        new CampaignEntity.ClickResults(List.of(new CampaignEntity.ClickCharged("t", "p", 5, 4, false),
            new CampaignEntity.ClickRefused("unknown_campaign"), new CampaignEntity.ClickCharged("t", "p", 5, 4, true))),
        new CampaignEntity.ChargeClicks(List.of(new CampaignEntity.ClickRequest("t", "p", 5, 77),
            new CampaignEntity.ClickRequest("u", "q", 0, 78)), probe.narrow()),
        new CampaignEntity.ChargeClick("t", "p", 5, 77, probe.narrow()),
        new CampaignEntity.ConversionRecorded("t", 9),
        new CampaignEntity.ConversionRefused("already_attributed", "m"),
        new CampaignEntity.StatsReply(true, List.of(new DayStats(1, 2, 3, 4, 5, 6, 7, 8))),
        new CampaignEntity.Snapshot(new CampaignSnapshot(SETTINGS, 3, 9, 20_000, 4, "jvm", 77)),
        new CampaignEntity.Snapshot(null),
        new CampaignSnapshot(SETTINGS, 3, 9, 20_000, 4, "jvm", 77), // published on the replication topic as is
        new SpendUpdate("cmp_1", 3, 10, 20_000, 400_004, "jvm", 78),
        new CampaignEntity.GetSnapshot(probe.narrow()),
        new CampaignEntity.GetStats("adv_a", 1, 2, probe.narrow()),
        new CampaignEntity.Update("adv_a", null, 5L, null, null, List.of("p"), probe.narrow()),
        new AdvertiserEntity.Registered("adv_a"),
        new AdvertiserEntity.AlreadyExists("adv_a"),
        new AdvertiserEntity.AuthResult(true, Long.MAX_VALUE),
        new AdvertiserEntity.Register("n", "h", 1, probe.narrow()),
        new AdvertiserEntity.Authenticate("h", 5, probe.narrow()),
        new AdvertiserEntity.RotateKey("h2", "h", "admin:ops", 5, 86_400_000, probe.narrow()),
        new AdvertiserEntity.GetKeys(probe.narrow()),
        new AdvertiserEntity.KeyRotated(KEYS),
        new AdvertiserEntity.RotationRefused("too_many_keys", "m"),
        new AdvertiserEntity.KeysReply(KEYS),
        new AdvertiserEntity.KeysReply(null),
        new AdvertiserEntity.AdvertiserRegistered("adv_a", "n", "h", 1),
        new AdvertiserEntity.ApiKeyRotated("adv_a", "h2", 5, 0, "advertiser"),
        new AdvertiserEntity.State("adv_a", "n", 1, KEYS),
        new AdvertiserEntity.State("", "", 0, null));
    for (Object o : samples) {
      assertThat(ser.verifySerialization(o, true)).as(o.getClass().getSimpleName()).isEqualTo(o);
    }
    LinkedHashMap<String, CampaignEntity.ClickRecord> clicks = new LinkedHashMap<>();
    clicks.put("t1", new CampaignEntity.ClickRecord("p1", 5, 6, 6, true));
    TreeMap<Long, DayStats> days = new TreeMap<>();
    days.put(3L, new DayStats(3, 1, 1, 1, 0, 0, 0, 0));
    var state = new CampaignEntity.State(SETTINGS, 4, new CampaignSpend(3, 1, 1, 0, 0, 0), clicks, days, 11);
    var back = (CampaignEntity.State) ser.verifySerialization(state, false);
    assertThat(back.settings()).isEqualTo(SETTINGS);
    assertThat(back.clicks()).isEqualTo(clicks);
    assertThat(back.days()).isEqualTo(days);
    assertThat(back.spend()).isEqualTo(state.spend());
  }

  /** The shape of {@link CampaignEntity.ClickChargedEvent} in journals written before {@code capReached}. */
  record ClickChargedEventBeforeCapReached(String tokenId, String productId, long clickedAtMillis, long epochDay,
      long priceMicros, long chargedMicros) implements CborSerializable {}

  @Test
  void clickChargedEvent_journaledWithoutCapReached_readsBackAsFalse() throws Exception {
    var ser = org.apache.pekko.serialization.SerializationExtension.get(TESTKIT.system());
    var old = new ClickChargedEventBeforeCapReached("t", "p", 77, 20_000, 500, 300);
    byte[] bytes = ser.serialize(old).get();
    var current = new CampaignEntity.ClickChargedEvent("t", "p", 77, 20_000, 500, 300, true);
    var serializer = ser.findSerializerFor(current);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, current);
    Object back = ser.deserialize(bytes, serializer.identifier(), manifest).get();
    assertThat(back).isEqualTo(new CampaignEntity.ClickChargedEvent("t", "p", 77, 20_000, 500, 300, false));
    assertThat(ser.deserialize(ser.serialize(current).get(), serializer.identifier(), manifest).get()).isEqualTo(current);
  }

  @Test
  void advertiser_registerOnce_authenticateOnlyWithTheRightHash() {
    var kit = EventSourcedBehaviorTestKit.<AdvertiserEntity.Command, AdvertiserEntity.Event, AdvertiserEntity.State>create(
        TESTKIT.system(), AdvertiserEntity.create("adv_x"));
    String key = new ApiKeys(new java.security.SecureRandom()).newKey("adv_x");
    var reg = kit.<AdvertiserEntity.RegisterReply>runCommand(r -> new AdvertiserEntity.Register("X", ApiKeys.hash(key), 1, r));
    assertThat(reg.reply()).isEqualTo(new AdvertiserEntity.Registered("adv_x"));
    assertThat(((AdvertiserEntity.AdvertiserRegistered) reg.event()).keyHash()).isEqualTo(ApiKeys.hash(key)).doesNotContain(key);
    var again = kit.<AdvertiserEntity.RegisterReply>runCommand(r -> new AdvertiserEntity.Register("Y", "other", 2, r));
    assertThat(again.reply()).isInstanceOf(AdvertiserEntity.AlreadyExists.class);
    assertThat(again.hasNoEvents()).isTrue();
    kit.restart();
    assertThat(kit.<AdvertiserEntity.AuthResult>runCommand(r -> new AdvertiserEntity.Authenticate(ApiKeys.hash(key), 2, r)).reply().ok()).isTrue();
    assertThat(kit.<AdvertiserEntity.AuthResult>runCommand(r -> new AdvertiserEntity.Authenticate(ApiKeys.hash(key + "x"), 2, r)).reply().ok()).isFalse();
  }

  @Test
  void apiKey_namesItsAdvertiser_evenWhenTheSecretHasUnderscores() {
    assertThat(ApiKeys.advertiserIdOf("sbk_adv_abcdefghij_se_cr_et")).hasValue("adv_abcdefghij");
    assertThat(ApiKeys.advertiserIdOf("sbk_adv_abcdefghij_")).isEmpty();
    assertThat(ApiKeys.advertiserIdOf("nope")).isEmpty();
    var keys = new ApiKeys(new java.security.SecureRandom());
    for (int i = 0; i < 200; i++) {
      String id = keys.newId("adv");
      assertThat(ApiKeys.advertiserIdOf(keys.newKey(id))).hasValue(id);
    }
  }
}
