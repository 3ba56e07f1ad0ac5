package io.searchbid.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickToken;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.TokenVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets file format and the reload rules, on real files. */
class SecretsFileTest {

  static final String ADMIN = "admin-0123456789abcdef";
  static final String ADMIN2 = "admin-fedcba9876543210";
  static final String K1 = secret(1);
  static final String K2 = secret(2);
  static final String K3 = secret(3);

  static String secret(long seed) {
    byte[] b = new byte[32];
    new SplittableRandom(seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] text(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @TempDir Path dir;

  @Test
  void parse_adminKeysClickKeysAndSigningKey() {
    Secrets s = SecretsFile.parse(text("# comment", "admin-key.ops = " + ADMIN, "admin-key.ci:" + ADMIN2,
        "click-key.k1 = " + K1, "click-key.k2=" + K2, "click-signing-key = k2"));
    assertThat(s.adminKeyIds()).containsExactlyInAnyOrder("ops", "ci");
    assertThat(s.adminKeyId(ADMIN)).hasValue("ops");
    assertThat(s.adminKeyId(ADMIN2)).hasValue("ci");
    assertThat(s.adminKeyId(ADMIN + "x")).isEmpty();
    assertThat(s.adminKeyId("")).isEmpty();
    assertThat(s.clickKeys().keyIds()).containsExactlyInAnyOrder("k1", "k2");
    assertThat(s.clickKeys().signingKeyId()).isEqualTo("k2");
    assertThat(s.toString()).contains("ops", "k1").doesNotContain(ADMIN).doesNotContain(K1);
  }

  @Test
  void parse_oneClickKey_signsWithoutNamingIt() {
    Secrets s = SecretsFile.parse(text("admin-key.ops=" + ADMIN, "click-key.only=" + K1));
    assertThat(s.clickKeys().signingKeyId()).isEqualTo("only");
  }

  @Test
  void parse_everyBrokenRule_namesThePropertyAndTheRule_neverTheValue() {
    String badBase64 = "not*base64*" + K3.substring(0, 12);
    String[][] cases = {
      {"click-key.k1=" + K1, "needs at least one admin key"},
      {"admin-key.ops=" + ADMIN, "needs at least one click-token key"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.k1=" + K1 + "\nclick-keys.k2=" + K2, "unknown property 'click-keys.k2'"},
      {"admin-key.ops=" + ADMIN + "\nadmin-key.ops=" + ADMIN2 + "\nclick-key.k1=" + K1, "property admin-key.ops is given twice"},
      {"admin-key.ops=short\nclick-key.k1=" + K1, "admin-key.ops must be 16-512 visible ASCII"},
      {"admin-key.ops=has a space in it!!\nclick-key.k1=" + K1, "admin-key.ops must be 16-512 visible ASCII"},
      {"admin-key.ops=demo-admin-key\nclick-key.k1=" + K1, "admin-key.ops must"},
      {"admin-key.a=" + ADMIN + "\nadmin-key.b=" + ADMIN + "\nclick-key.k1=" + K1, "hold the same key"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.k1=" + badBase64, "click-key.k1 must be standard base64"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.k1=" + Base64.getEncoder().encodeToString(new byte[8]), "click-key.k1 must decode to at least 16 bytes, got 8"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.bad/id=" + K1, "key id after 'click-key.' must be 1-32"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.k1=" + K1 + "\nclick-key.k2=" + K2, "click-signing-key is required"},
      {"admin-key.ops=" + ADMIN + "\nclick-key.k1=" + K1 + "\nclick-signing-key=k9", "click-signing-key must name one of the click keys [k1], got 'k9'"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SecretsFile.parse(text(c[0]))).as(c[0].replace("\n", " | "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ADMIN).doesNotContain(ADMIN2).doesNotContain(K1)
              .doesNotContain(K2).doesNotContain(badBase64).doesNotContain(K3.substring(0, 12)));
    }
    assertThatThrownBy(() -> SecretsFile.parse(new byte[] {(byte) 0xff, 'a'})).hasMessageContaining("UTF-8");
  }

  @Test
  void read_namesTheFile_andRefusesOversizedOrMissingFiles() throws IOException {
    Path f = dir.resolve("secrets.properties");
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("cannot be read");
    Files.write(f, new byte[SecretsFile.MAX_BYTES + 1]);
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessageContaining("larger than");
    Files.write(f, text("admin-key.ops=" + ADMIN));
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessageStartingWith("secrets file " + f + ": needs at least one click-token key");
  }

  /** The codec the service wires to the listener, to check what verifies after each reload. */
  static final class Wired implements LiveSecrets.Listener {
    ClickTokenCodec codec;
    final List<String> failures = new ArrayList<>();
    int applied;

    @Override
    public void applied(Secrets s) {
      applied++;
      if (codec == null) {
        codec = new ClickTokenCodec(s.clickKeys(), 3_600_000, 60_000);
      } else {
        codec.useRing(s.clickKeys());
      }
    }

    @Override
    public void failed(String message) {
      failures.add(message);
    }
  }

  static final ClickToken TOKEN = new ClickToken(1, "c", "a", "lamp", 1, 10_000, 1_000_000L);

  @Test
  void reload_rotation_oldKeyVerifiesUntilRemoved_newKeySigns() throws IOException {
    Path f = dir.resolve("s.properties");
    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1));
    LiveSecrets live = LiveSecrets.fromFile(f, 0);
    Wired w = new Wired();
    live.listen(w);
    String old = w.codec.sign(TOKEN);

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1, "click-key.k2=" + K2, "click-signing-key=k1"));
    LiveSecrets.ReloadResult added = live.reload(1);
    assertThat(added.addedClickKeyIds()).containsExactly("k2");
    assertThat(added.signingKeyChanged()).isFalse();

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1, "click-key.k2=" + K2, "click-signing-key=k2"));
    assertThat(live.reload(2).signingKeyChanged()).isTrue();
    String fresh = w.codec.sign(TOKEN);
    assertThat(((TokenVerification.Valid) w.codec.verify(fresh, 1_000_000L)).keyId()).isEqualTo("k2");
    assertThat(((TokenVerification.Valid) w.codec.verify(old, 1_000_000L)).keyId()).isEqualTo("k1");

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k2=" + K2));
    assertThat(live.reload(3).removedClickKeyIds()).containsExactly("k1");
    assertThat(((TokenVerification.Rejected) w.codec.verify(old, 1_000_000L)).reason())
        .isEqualTo(TokenVerification.Reason.UNKNOWN_KEY);
    assertThat(w.codec.verify(fresh, 1_000_000L)).isInstanceOf(TokenVerification.Valid.class);
    assertThat(live.reload(4).changed()).as("same file again").isFalse();
    assertThat(w.applied).isEqualTo(5);
  }

  @Test
  void reload_refused_keepsTheSecretsInForce_andReportsWhy() throws IOException {
    Path f = dir.resolve("s.properties");
    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1));
    LiveSecrets live = LiveSecrets.fromFile(f, 0);
    Wired w = new Wired();
    live.listen(w);
    Secrets before = live.current();

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K3)); // same id, another secret
    assertThatThrownBy(() -> live.reload(1)).hasMessageContaining("click key 'k1' has a different secret")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(K1).doesNotContain(K3));
    assertThat(live.current()).isSameAs(before);
    assertThat(live.lastError()).contains("different secret");
    assertThat(w.failures).hasSize(1);

    Files.delete(f);
    assertThatThrownBy(() -> live.reload(2)).hasMessageContaining("cannot be read");
    assertThat(live.current()).isSameAs(before);

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1, "click-key.k2=" + K2, "click-signing-key=k2"));
    live.reload(3);
    assertThat(live.lastError()).isNull();
    assertThat(live.current().clickKeys().signingKeyId()).isEqualTo("k2");
  }

  @Test
  void fixedSecrets_cannotBeReloaded() {
    LiveSecrets live = LiveSecrets.fixed(Secrets.of(ADMIN, ClickKeyRing.parse("k1:" + K1)), 0);
    assertThatThrownBy(() -> live.reload(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("--secrets FILE");
    assertThat(live.pollFile(1)).isEmpty();
    assertThat(live.current().adminKeyId(ADMIN)).hasValue(Secrets.ENV_ADMIN_KEY_ID);
  }

  @Test
  void pollFile_appliesAChangeOnlyAfterReadingItTwice() throws IOException {
    Path f = dir.resolve("s.properties");
    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k1=" + K1));
    LiveSecrets live = LiveSecrets.fromFile(f, 0);
    Wired w = new Wired();
    live.listen(w);
    assertThat(live.pollFile(1)).as("unchanged").isEmpty();

    // caught half-written: a valid-looking prefix that would drop k1 — seen once, never applied
    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k2=" + K2));
    assertThat(live.pollFile(2)).isEmpty();
    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k2=" + K2, "click-key.k1=" + K1, "click-signing-key=k2"));
    assertThat(live.pollFile(3)).as("changed again: wait for a stable read").isEmpty();
    assertThat(live.current().clickKeys().keyIds()).containsExactly("k1");
    var applied = live.pollFile(4);
    assertThat(applied).isPresent();
    assertThat(applied.get().addedClickKeyIds()).containsExactly("k2");
    assertThat(live.current().clickKeys().signingKeyId()).isEqualTo("k2");
    assertThat(live.pollFile(5)).isEmpty();

    Files.write(f, text("admin-key.ops=" + ADMIN, "click-key.k2=" + K3, "click-signing-key=k2"));
    assertThat(live.pollFile(6)).isEmpty();
    assertThat(live.pollFile(7)).as("refused, not thrown").isEmpty();
    assertThat(w.failures).hasSize(1);
    assertThat(live.pollFile(8)).as("a refused content is not retried every poll").isEmpty();
    assertThat(w.failures).hasSize(1);
    assertThat(live.current().clickKeys().keyIds()).containsExactly("k1", "k2");
  }
}
