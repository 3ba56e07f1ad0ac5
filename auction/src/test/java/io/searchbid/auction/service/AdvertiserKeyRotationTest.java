package io.searchbid.auction.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API key rotation: the {@link ApiKeySet} rules dueled against a brute-force reference on seeded
 * random rotation sequences, and the advertiser entity that applies them (single writer, journaled
 * hashes only, recovered on restart).
 */
class AdvertiserKeyRotationTest {

  static final ActorTestKit TESTKIT = ActorTestKit.create(CampaignEntityTest.CONFIG);
  static final long T0 = 1_790_000_000_000L;
  static final long HOUR = 3_600_000L;

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  // --- ApiKeySet against a reference ------------------------------------------------------------------

  /**
   * The reference: keep every key ever made with the rotations after it; key i is valid at t iff it
   * is the newest, or t is before min over later rotations j of (t_j + grace_j). A rotation is
   * refused when more than MAX_RETIRING earlier keys would still be valid just after it.
   */
  static final class Reference {
    final List<String> hashes = new ArrayList<>();
    final List<Long> ends = new ArrayList<>(); // end of key i so far (MAX_VALUE while newest)

    Reference(String first) {
      hashes.add(first);
      ends.add(Long.MAX_VALUE);
    }

    long validUntil(String h, long t) {
      for (int i = 0; i < hashes.size(); i++) {
        if (hashes.get(i).equals(h) && t < ends.get(i)) {
          return ends.get(i);
        }
      }
      return 0;
    }

    boolean wouldExceed(long t, long grace) {
      int live = 0;
      for (int i = 0; i < hashes.size(); i++) {
        if (Math.min(ends.get(i), t + grace) > t) {
          live++;
        }
      }
      return live > ApiKeySet.MAX_RETIRING;
    }

    void rotate(String h, long t, long grace) {
      for (int i = 0; i < ends.size(); i++) {
        ends.set(i, Math.min(ends.get(i), t + grace));
      }
      hashes.add(h);
      ends.add(Long.MAX_VALUE);
    }
  }

  @Test
  void apiKeySet_randomRotations_agreeWithBruteForceReference() {
    SplittableRandom random = new SplittableRandom(20261201L);
    long[] graces = {0, 1, 30_000, HOUR, 24 * HOUR, 7 * 24 * HOUR};
    List<String> mismatches = new ArrayList<>();
    int refusals = 0;
    for (int run = 0; run < 300; run++) {
      long t = T0;
      ApiKeySet set = ApiKeySet.of("k0", t);
      Reference ref = new Reference("k0");
      int made = 1;
      for (int step = 0; step < 25; step++) {
        t += random.nextLong(3 * HOUR);
        long grace = graces[random.nextInt(graces.length)];
        String h = "k" + made;
        ApiKeySet next = set.rotate(h, t, grace);
        boolean exceeds = next.retiring().size() > ApiKeySet.MAX_RETIRING;
        assertThat(exceeds).as("run %d step %d: refusal", run, step).isEqualTo(ref.wouldExceed(t, grace));
        if (exceeds) {
          refusals++;
        } else {
          set = next;
          ref.rotate(h, t, grace);
          made++;
        }
        // every key ever made, at several instants from now on
        for (long probe : new long[] {t, t + 1, Math.max(t, t + grace - 1), t + grace, t + random.nextLong(2 * 24 * HOUR)}) {
          for (int k = 0; k < made; k++) {
            long got = set.validUntil("k" + k, probe);
            long want = ref.validUntil("k" + k, probe);
            if (got != want) {
              mismatches.add("run " + run + " step " + step + " key k" + k + " at +" + (probe - t) + " ms: " + got + " != " + want);
            }
          }
        }
        // properties: an unknown key is never valid, the active key always; every retiring key ends
        // after the active key was made; the cap holds
        ApiKeySet cur = set;
        if (set.validUntil(h + "x", t) != 0 || set.validUntil(set.activeHash(), Long.MAX_VALUE - 1) != Long.MAX_VALUE
            || set.retiring().size() > ApiKeySet.MAX_RETIRING
            || cur.retiring().stream().anyMatch(k -> k.expiresAtMillis() <= cur.activeSinceMillis())) {
          mismatches.add("run " + run + " step " + step + ": property broken by " + set);
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(refusals).as("the cap was reached in some sequences").isPositive();
  }

  @Test
  void apiKeySet_graceZero_revokesEveryEarlierKey_negativeGraceRefused() {
    ApiKeySet s = ApiKeySet.of("a", T0).rotate("b", T0 + 10, HOUR).rotate("c", T0 + 20, HOUR);
    assertThat(s.validUntil("a", T0 + 21)).isEqualTo(T0 + 10 + HOUR);
    assertThat(s.validUntil("b", T0 + 21)).isEqualTo(T0 + 20 + HOUR);
    ApiKeySet revoked = s.rotate("d", T0 + 30, 0);
    assertThat(revoked.retiring()).isEmpty();
    for (String old : List.of("a", "b", "c")) {
      assertThat(revoked.validUntil(old, T0 + 30)).as(old).isZero();
    }
    assertThat(revoked.validUntil("d", T0 + 30)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> s.rotate("e", T0, -1)).hasMessageContaining("graceMillis must be >= 0, got -1");
    assertThat(s.at(T0 + 10 + HOUR).retiring()).extracting(ApiKeySet.RetiringKey::hash).containsExactly("b");
  }

  // --- the entity ------------------------------------------------------------------------------------

  EventSourcedBehaviorTestKit<AdvertiserEntity.Command, AdvertiserEntity.Event, AdvertiserEntity.State> kit;
  final ApiKeys keys = new ApiKeys(new SecureRandom());
  String first;

  @BeforeEach
  void register() {
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(), AdvertiserEntity.create("adv_rot"));
    first = keys.newKey("adv_rot");
    kit.<AdvertiserEntity.RegisterReply>runCommand(r -> new AdvertiserEntity.Register("R", ApiKeys.hash(first), T0, r));
  }

  AdvertiserEntity.AuthResult auth(String key, long now) {
    return kit.<AdvertiserEntity.AuthResult>runCommand(r -> new AdvertiserEntity.Authenticate(ApiKeys.hash(key), now, r)).reply();
  }

  EventSourcedBehaviorTestKit.CommandResultWithReply<AdvertiserEntity.Command, AdvertiserEntity.Event, AdvertiserEntity.State,
      AdvertiserEntity.RotateReply> rotate(String presented, String next, long now, long grace) {
    return kit.runCommand(r -> new AdvertiserEntity.RotateKey(ApiKeys.hash(next),
        presented == null ? "" : ApiKeys.hash(presented), presented == null ? "admin:ops" : "advertiser", now, grace, r));
  }

  @Test
  void rotate_newKeyValid_oldKeyValidUntilGraceEnds_journalHoldsHashesOnly_survivesRestart() {
    String second = keys.newKey("adv_rot");
    var r = rotate(first, second, T0 + 1_000, HOUR);
    assertThat(r.reply()).isInstanceOf(AdvertiserEntity.KeyRotated.class);
    var e = (AdvertiserEntity.ApiKeyRotated) r.event();
    assertThat(e).isEqualTo(new AdvertiserEntity.ApiKeyRotated("adv_rot", ApiKeys.hash(second), T0 + 1_000, HOUR, "advertiser"));
    assertThat(e.toString()).doesNotContain(second).doesNotContain(first);

    kit.restart(); // recovered from the journal
    assertThat(auth(second, T0 + 1_000)).isEqualTo(new AdvertiserEntity.AuthResult(true, Long.MAX_VALUE));
    assertThat(auth(first, T0 + 1_000)).isEqualTo(new AdvertiserEntity.AuthResult(true, T0 + 1_000 + HOUR));
    assertThat(auth(first, T0 + 1_000 + HOUR - 1).ok()).isTrue();
    assertThat(auth(first, T0 + 1_000 + HOUR)).isEqualTo(new AdvertiserEntity.AuthResult(false, 0));
    assertThat(auth(second, T0 + 1_000 + HOUR).ok()).isTrue();
    var listed = kit.<AdvertiserEntity.KeysReply>runCommand(AdvertiserEntity.GetKeys::new).reply().keys();
    assertThat(listed.activeHash()).isEqualTo(ApiKeys.hash(second));
    assertThat(listed.retiring()).containsExactly(new ApiKeySet.RetiringKey(ApiKeys.hash(first), T0, T0 + 1_000 + HOUR));
  }

  @Test
  void rotate_withARevokedKey_refused_nothingPersisted() {
    String second = keys.newKey("adv_rot");
    assertThat(rotate(first, second, T0 + 1, 0).reply()).isInstanceOf(AdvertiserEntity.KeyRotated.class);
    assertThat(auth(first, T0 + 1).ok()).as("revoked at once").isFalse();
    var again = rotate(first, keys.newKey("adv_rot"), T0 + 2, HOUR);
    assertThat(again.reply()).isEqualTo(new AdvertiserEntity.RotationRefused("unauthorized", "API key is not valid"));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(auth(second, T0 + 2).ok()).isTrue();
  }

  @Test
  void rotate_byAdmin_withoutAKey_works_unknownAdvertiser_notFound() {
    String lost = keys.newKey("adv_rot");
    var r = rotate(null, lost, T0 + 5, 0);
    assertThat(((AdvertiserEntity.ApiKeyRotated) r.event()).rotatedBy()).isEqualTo("admin:ops");
    assertThat(auth(lost, T0 + 5).ok()).isTrue();
    assertThat(auth(first, T0 + 5).ok()).isFalse();

    var other = EventSourcedBehaviorTestKit.<AdvertiserEntity.Command, AdvertiserEntity.Event, AdvertiserEntity.State>create(
        TESTKIT.system(), AdvertiserEntity.create("adv_none"));
    var missing = other.<AdvertiserEntity.RotateReply>runCommand(rr -> new AdvertiserEntity.RotateKey("h", "", "admin:ops", T0, 0, rr));
    assertThat(missing.reply()).isInstanceOf(AdvertiserEntity.RotationRefused.class)
        .extracting(x -> ((AdvertiserEntity.RotationRefused) x).reason()).isEqualTo("not_found");
    assertThat(missing.hasNoEvents()).isTrue();
    assertThat(other.<AdvertiserEntity.KeysReply>runCommand(AdvertiserEntity.GetKeys::new).reply().keys()).isNull();
  }

  @Test
  void rotate_beyondFourKeysInGrace_refusedNamingTheRule_graceZeroStillAllowed() {
    String current = first;
    for (int i = 1; i <= ApiKeySet.MAX_RETIRING; i++) {
      String next = keys.newKey("adv_rot");
      assertThat(rotate(current, next, T0 + i, HOUR).reply()).isInstanceOf(AdvertiserEntity.KeyRotated.class);
      current = next;
    }
    var refused = rotate(current, keys.newKey("adv_rot"), T0 + 10, HOUR);
    assertThat(refused.reply()).isInstanceOf(AdvertiserEntity.RotationRefused.class);
    var why = (AdvertiserEntity.RotationRefused) refused.reply();
    assertThat(why.reason()).isEqualTo("too_many_keys");
    assertThat(why.message()).contains("at most 4 earlier keys").contains("graceSeconds 0");
    assertThat(refused.hasNoEvents()).isTrue();
    // once the first grace period is over there is room again
    assertThat(rotate(current, keys.newKey("adv_rot"), T0 + 1 + HOUR, HOUR).reply()).isInstanceOf(AdvertiserEntity.KeyRotated.class);
    assertThat(auth(first, T0 + 1 + HOUR).ok()).isFalse();
    String fresh = keys.newKey("adv_rot");
    assertThat(rotate(null, fresh, T0 + 2 + HOUR, 0).reply()).isInstanceOf(AdvertiserEntity.KeyRotated.class);
    var listed = kit.<AdvertiserEntity.KeysReply>runCommand(AdvertiserEntity.GetKeys::new).reply().keys();
    assertThat(listed.retiring()).isEmpty();
    assertThat(listed.activeHash()).isEqualTo(ApiKeys.hash(fresh));
  }
}
