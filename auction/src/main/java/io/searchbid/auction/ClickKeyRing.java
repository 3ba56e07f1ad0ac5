package io.searchbid.auction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HMAC keys for click tokens, by key id. One key signs new tokens; every key in the ring verifies,
 * so a key can be rotated in (add it, then make it the signing key) and out (remove it once its
 * tokens have expired) without rejecting tokens in flight. Immutable; keys are copied in.
 */
public final class ClickKeyRing {
  private final Map<String, byte[]> keys;
  private final String signingKeyId;

  /**
   * @param keys secret per key id; ids are 1–32 ASCII letters, digits, '-' or '_'; secrets ≥ 16 bytes
   * @param signingKeyId the id new tokens are signed with; must be in {@code keys}
   */
  public ClickKeyRing(Map<String, byte[]> keys, String signingKeyId) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : keys.entrySet()) {
      String id = e.getKey();
      if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException("keyId must be 1-32 of [A-Za-z0-9_-], got '" + id + "'");
      }
      if (e.getValue() == null || e.getValue().length < 16) {
        throw new IllegalArgumentException("secret must be >= 16 bytes, got "
            + (e.getValue() == null ? "null" : e.getValue().length) + " for key '" + id + "'");
      }
      copy.put(id, e.getValue().clone());
    }
    if (!copy.containsKey(signingKeyId)) {
      throw new IllegalArgumentException(
          "signingKeyId must name a key in the ring " + copy.keySet() + ", got '" + signingKeyId + "'");
    }
    this.keys = copy;
    this.signingKeyId = signingKeyId;
  }

  /** A ring with one key. */
  public static ClickKeyRing single(String keyId, byte[] secret) {
    return new ClickKeyRing(Map.of(keyId, secret), keyId);
  }

  /** Parses {@code id1:base64secret,id2:base64secret}; the first is the signing key. */
  public static ClickKeyRing parse(String spec) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String first = null;
    for (String part : spec.split(",")) {
      int c = part.indexOf(':');
      if (c <= 0) {
        throw new IllegalArgumentException("click keys must be id:base64secret[,id:base64secret...], got '" + part + "'");
      }
      String id = part.substring(0, c).trim();
      keys.put(id, Base64.getDecoder().decode(part.substring(c + 1).trim()));
      first = first == null ? id : first;
    }
    return new ClickKeyRing(keys, first);
  }

  /** A ring holding these keys plus {@code newKeyId}, which becomes the signing key. */
  public ClickKeyRing rotateTo(String newKeyId, byte[] secret) {
    Map<String, byte[]> next = new LinkedHashMap<>(keys);
    next.put(newKeyId, secret);
    return new ClickKeyRing(next, newKeyId);
  }

  /** A ring without {@code keyId} (must not be the signing key). */
  public ClickKeyRing without(String keyId) {
    Map<String, byte[]> next = new LinkedHashMap<>(keys);
    next.remove(keyId);
    return new ClickKeyRing(next, signingKeyId);
  }

  public String signingKeyId() {
    return signingKeyId;
  }

  /** Secret for a key id, or null (not copied: package-private use only). */
  byte[] secret(String keyId) {
    return keys.get(keyId);
  }

  boolean contains(String keyId) {
    return keys.containsKey(keyId);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
