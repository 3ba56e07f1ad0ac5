package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.searchbid.auction.TokenVerification.Reason;
import io.searchbid.auction.TokenVerification.Rejected;
import io.searchbid.auction.TokenVerification.Valid;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClickTokenCodecTest {
  static final byte[] K1 = "first-secret-0123456789abcdef".getBytes();
  static final byte[] K2 = "second-secret-0123456789abcdef".getBytes();
  static final long T0 = 1_764_000_000_000L;
  static final long TTL = 3_600_000L;
  static final ClickToken TOKEN = new ClickToken(123456789L, "camp-1", "ad-7", "红色 dress", 2, 1_234_567L, T0);

  static ClickTokenCodec codec(ClickKeyRing ring) {
    return new ClickTokenCodec(ring, TTL, 60_000);
  }

  @Test
  void signThenVerify_roundTripsEveryField_andIsUrlSafe() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String s = c.sign(TOKEN);
    assertThat(s).matches("[A-Za-z0-9_-]+");
    TokenVerification v = c.verify(s, T0 + 1000);
    assertThat(v).isInstanceOf(Valid.class);
    assertThat(((Valid) v).token()).isEqualTo(TOKEN);
    assertThat(((Valid) v).keyId()).isEqualTo("k1");
  }

  @Test
  void everySingleBitFlip_inTheDecodedBytes_isRejected() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    byte[] bytes = Base64.getUrlDecoder().decode(c.sign(TOKEN));
    Set<Reason> seen = EnumSet.noneOf(Reason.class);
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] f = bytes.clone();
      f[bit / 8] ^= (byte) (1 << (bit % 8));
      TokenVerification v = c.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(f), T0);
      assertThat(v).as("bit %d", bit).isInstanceOf(Rejected.class);
      seen.add(((Rejected) v).reason());
    }
    assertThat(seen).contains(Reason.BAD_SIGNATURE, Reason.MALFORMED, Reason.UNKNOWN_KEY);
  }

  @Test
  void everySingleBitFlip_inTheTokenText_isRejected() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String s = c.sign(TOKEN);
    for (int i = 0; i < s.length(); i++) {
      for (int bit = 0; bit < 16; bit++) {
        char[] ch = s.toCharArray();
        ch[i] ^= (char) (1 << bit);
        assertThat(c.verify(new String(ch), T0)).as("char %d bit %d", i, bit).isInstanceOf(Rejected.class);
      }
    }
  }

  @Test
  void expiredToken_isRejectedAsExpired_atTheTtlBoundary() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String s = c.sign(TOKEN);
    assertThat(c.verify(s, T0 + TTL)).isInstanceOf(Valid.class);
    assertThat(c.verify(s, T0 + TTL + 1)).isEqualTo(new Rejected(Reason.EXPIRED,
        ((Rejected) c.verify(s, T0 + TTL + 1)).message()));
    assertThat(((Rejected) c.verify(s, T0 + TTL + 1)).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void tokenFromTheFuture_beyondSkew_isNotYetValid() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String s = c.sign(TOKEN);
    assertThat(c.verify(s, T0 - 60_000)).isInstanceOf(Valid.class);
    assertThat(((Rejected) c.verify(s, T0 - 60_001)).reason()).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void rotatedKey_oldTokensStillVerify_newTokensUseNewKey_retiredKeyIsUnknown() {
    ClickKeyRing before = ClickKeyRing.single("k1", K1);
    String old = codec(before).sign(TOKEN);
    ClickKeyRing rotated = before.rotateTo("k2", K2);
    ClickTokenCodec c = codec(rotated);
    assertThat(c.verify(old, T0)).isInstanceOf(Valid.class);
    String fresh = c.sign(TOKEN);
    assertThat(((Valid) c.verify(fresh, T0)).keyId()).isEqualTo("k2");
    ClickTokenCodec retired = codec(rotated.without("k1"));
    assertThat(((Rejected) retired.verify(old, T0)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(retired.verify(fresh, T0)).isInstanceOf(Valid.class);
  }

  @Test
  void tokenSignedWithAnotherSecretUnderTheSameKeyId_isBadSignature() {
    String forged = codec(ClickKeyRing.single("k1", K2)).sign(TOKEN);
    assertThat(((Rejected) codec(ClickKeyRing.single("k1", K1)).verify(forged, T0)).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void garbage_isMalformed_neverThrows() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    for (String s : new String[] {"", "abc", "!!!!", "a b", "AAAA", "A".repeat(5000), "AQ" + "A".repeat(100)}) {
      assertThat(((Rejected) c.verify(s, T0)).reason()).as(s.length() > 20 ? s.substring(0, 20) : s)
          .isEqualTo(Reason.MALFORMED);
    }
    assertThat(((Rejected) c.verify(null, T0)).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void useRing_inPlace_oldKeyVerifiesUntilRemoved_newKeySigns() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String old = c.sign(TOKEN);
    c.useRing(c.ring().rotateTo("k2", K2));
    String fresh = c.sign(TOKEN);
    assertThat(((Valid) c.verify(fresh, T0)).keyId()).isEqualTo("k2");
    assertThat(((Valid) c.verify(old, T0)).keyId()).isEqualTo("k1");
    c.useRing(c.ring().without("k1"));
    assertThat(((Rejected) c.verify(old, T0)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(c.verify(fresh, T0)).isInstanceOf(Valid.class);
  }

  @Test
  void useRing_sameKeyIdWithAnotherSecret_doesNotReuseTheCachedMac() {
    ClickTokenCodec c = codec(ClickKeyRing.single("k1", K1));
    String underK1 = c.sign(TOKEN); // initialises this thread's MAC for k1 = K1
    assertThat(c.verify(underK1, T0)).isInstanceOf(Valid.class);
    c.useRing(ClickKeyRing.single("k1", K2));
    assertThat(((Rejected) c.verify(underK1, T0)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(c.sign(TOKEN)).isEqualTo(codec(ClickKeyRing.single("k1", K2)).sign(TOKEN));
  }

  @Test
  void parse_badEntries_namePositionOrKeyId_neverTheSecret() {
    String secret = Base64.getEncoder().encodeToString(K1);
    assertThat(ClickKeyRing.parse("k2:" + Base64.getEncoder().encodeToString(K2) + ", k1:" + secret).keyIds())
        .containsExactly("k2", "k1");
    for (String spec : new String[] {secret, "k1:" + secret + ",k1:" + secret, "k1:" + secret + "!", "k1:" + secret.substring(0, 8)}) {
      assertThatThrownBy(() -> ClickKeyRing.parse(spec))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(secret.substring(0, 8)))
          .hasNoCause();
    }
    assertThat(ClickKeyRing.parse("k1:" + secret).toString()).doesNotContain(secret).contains("k1");
  }

  @Test
  void sameSecret_comparesByKeyId() {
    ClickKeyRing a = ClickKeyRing.single("k1", K1).rotateTo("k2", K2);
    assertThat(a.sameSecret("k1", ClickKeyRing.single("k1", K1))).isTrue();
    assertThat(a.sameSecret("k1", ClickKeyRing.single("k1", K2))).isFalse();
    assertThat(a.sameSecret("k2", ClickKeyRing.single("k1", K2))).isFalse();
  }
}
