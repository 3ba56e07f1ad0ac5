package io.searchbid.auction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link ClickToken}s with HMAC-SHA256; verification needs only the key ring.
 *
 * <h2>Format (version 1)</h2>
 * URL-safe base64 without padding (RFC 4648 §5) of the bytes:
 * <pre>
 *   u8  version = 1
 *   u8  keyId length, keyId (ASCII)
 *   i64 auctionId
 *   i64 issuedAtMillis
 *   i64 priceMicros
 *   u8  slot
 *   u8  campaignId length, campaignId (UTF-8)
 *   u8  adGroupId length, adGroupId (UTF-8)
 *   u16 keyword length, keyword (UTF-8)
 *   32 bytes HMAC-SHA256(secret[keyId], all bytes above)
 * </pre>
 * (big-endian). The MAC is compared in constant time ({@link MessageDigest#isEqual}). Only the
 * canonical base64 encoding is accepted, so no two strings verify as the same token. A token is
 * expired when {@code now > issuedAt + ttl}; not yet valid when {@code issuedAt > now + skew}.
 *
 * <p>Thread-safe (a {@link Mac} per thread and key). The key ring can be replaced while tokens are
 * signed and verified ({@link #useRing}): each call reads the ring once, so it signs or verifies
 * wholly with the old ring or wholly with the new one.
 */
public final class ClickTokenCodec {
  static final int VERSION = 1;
  static final int MAC_BYTES = 32;
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private volatile ClickKeyRing ring;
  private final long ttlMillis;
  private final long skewMillis;
  private final ThreadLocal<MacCache> macs = ThreadLocal.withInitial(MacCache::new);

  /** One thread's initialised MACs, valid for one ring: a replaced ring empties it. */
  private static final class MacCache {
    ClickKeyRing ring;
    final Map<String, Mac> byKeyId = new HashMap<>();
  }

  /**
   * @param ring keys
   * @param ttlMillis how long a token stays valid after issue, > 0
   * @param skewMillis tolerated clock difference for tokens from the future, ≥ 0
   */
  public ClickTokenCodec(ClickKeyRing ring, long ttlMillis, long skewMillis) {
    this.ring = java.util.Objects.requireNonNull(ring, "ring");
    this.ttlMillis = Checks.positive(ttlMillis, "ttlMillis", "");
    this.skewMillis = Checks.nonNegative(skewMillis, "skewMillis", "");
  }

  public ClickKeyRing ring() {
    return ring;
  }

  /**
   * Replaces the key ring: tokens signed after this returns use {@code next}'s signing key, and only
   * key ids in {@code next} verify from then on (a token of a removed key id is
   * {@link TokenVerification.Reason#UNKNOWN_KEY}). Safe to call while other threads sign and verify.
   */
  public void useRing(ClickKeyRing next) {
    this.ring = java.util.Objects.requireNonNull(next, "next");
  }

  public long ttlMillis() {
    return ttlMillis;
  }

  /** Signs with the ring's signing key; returns the URL-safe token. */
  public String sign(ClickToken t) {
    ClickKeyRing ring = this.ring;
    String keyId = ring.signingKeyId();
    byte[] kid = ClickKeyRing.ascii(keyId);
    byte[] camp = utf8(t.campaignId(), 255, "campaignId");
    byte[] ad = utf8(t.adGroupId(), 255, "adGroupId");
    byte[] kw = utf8(t.keywordText(), 65535, "keywordText");
    int len = 1 + 1 + kid.length + 8 * 3 + 1 + 1 + camp.length + 1 + ad.length + 2 + kw.length;
    ByteBuffer b = ByteBuffer.allocate(len + MAC_BYTES);
    b.put((byte) VERSION).put((byte) kid.length).put(kid);
    b.putLong(t.auctionId()).putLong(t.issuedAtMillis()).putLong(t.priceMicros());
    b.put((byte) t.slot());
    b.put((byte) camp.length).put(camp);
    b.put((byte) ad.length).put(ad);
    b.putShort((short) kw.length).put(kw);
    byte[] bytes = b.array();
    Mac mac = mac(ring, keyId);
    mac.update(bytes, 0, len);
    try {
      mac.doFinal(bytes, len);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return ENC.encodeToString(bytes);
  }

  /** Verifies a token at time {@code nowMillis}; never throws on bad input. */
  public TokenVerification verify(String token, long nowMillis) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return malformed("token must be 1-4096 characters");
    }
    byte[] bytes;
    try {
      bytes = DEC.decode(token);
    } catch (IllegalArgumentException e) {
      return malformed("token must be URL-safe base64");
    }
    if (!ENC.encodeToString(bytes).equals(token)) {
      return malformed("token must be canonical URL-safe base64 without padding");
    }
    int minLen = 1 + 1 + 1 + 8 * 3 + 1 + 1 + 1 + 1 + 1 + 2 + MAC_BYTES;
    if (bytes.length < minLen) {
      return malformed("token is too short (" + bytes.length + " bytes)");
    }
    if (bytes[0] != VERSION) {
      return malformed("token version must be " + VERSION + ", got " + bytes[0]);
    }
    int kidLen = bytes[1] & 0xff;
    if (kidLen == 0 || 2 + kidLen + MAC_BYTES > bytes.length) {
      return malformed("key id length " + kidLen + " does not fit the token");
    }
    String keyId = new String(bytes, 2, kidLen, StandardCharsets.US_ASCII);
    ClickKeyRing ring = this.ring;
    if (!ring.contains(keyId)) {
      return new TokenVerification.Rejected(TokenVerification.Reason.UNKNOWN_KEY,
          "token key id is not in the key ring");
    }
    int bodyLen = bytes.length - MAC_BYTES;
    Mac mac = mac(ring, keyId);
    mac.update(bytes, 0, bodyLen);
    byte[] expected = mac.doFinal();
    byte[] actual = new byte[MAC_BYTES];
    System.arraycopy(bytes, bodyLen, actual, 0, MAC_BYTES);
    if (!MessageDigest.isEqual(expected, actual)) {
      return new TokenVerification.Rejected(TokenVerification.Reason.BAD_SIGNATURE,
          "token signature does not match");
    }
    ClickToken t;
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, bodyLen);
      b.position(2 + kidLen);
      long auctionId = b.getLong();
      long issuedAt = b.getLong();
      long price = b.getLong();
      int slot = b.get() & 0xff;
      String camp = str(b, b.get() & 0xff);
      String ad = str(b, b.get() & 0xff);
      String kw = str(b, b.getShort() & 0xffff);
      if (b.hasRemaining()) {
        return malformed("token has trailing bytes");
      }
      t = new ClickToken(auctionId, camp, ad, kw, slot, price, issuedAt);
    } catch (RuntimeException e) { // BufferUnderflow or a field out of range; signed by us, so a bug
      return malformed("token fields are inconsistent: " + e.getMessage());
    }
    if (nowMillis > t.issuedAtMillis() && nowMillis - t.issuedAtMillis() > ttlMillis) {
      return new TokenVerification.Rejected(TokenVerification.Reason.EXPIRED,
          "token expired: issued at " + t.issuedAtMillis() + ", ttl " + ttlMillis + " ms, now " + nowMillis);
    }
    if (t.issuedAtMillis() - nowMillis > skewMillis) {
      return new TokenVerification.Rejected(TokenVerification.Reason.NOT_YET_VALID,
          "token issued at " + t.issuedAtMillis() + " is in the future (now " + nowMillis + ")");
    }
    return new TokenVerification.Valid(t, keyId);
  }

  private static String str(ByteBuffer b, int len) {
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static TokenVerification malformed(String msg) {
    return new TokenVerification.Rejected(TokenVerification.Reason.MALFORMED, msg);
  }

  private static byte[] utf8(String s, int max, String field) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " UTF-8 bytes, got " + b.length);
    }
    return b;
  }

  private Mac mac(ClickKeyRing ring, String keyId) {
    MacCache cache = macs.get();
    if (cache.ring != ring) { // a key id may carry another secret in another ring
      cache.byKeyId.clear();
      cache.ring = ring;
    }
    return cache.byKeyId.computeIfAbsent(keyId, id -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(ring.secret(id), "HmacSHA256"));
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    });
  }
}
