package io.searchbid.auction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * Parses {@code id1:base64secret,id2:base64secret}; the first is the signing key. Error messages
   * name the entry by position and key id, never its secret (they end up in logs).
   *
   * @throws IllegalArgumentException on a malformed entry, bad base64, a repeated id or a short secret
   */
  public static ClickKeyRing parse(String spec) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String first = null;
    String[] parts = spec.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int c = part.indexOf(':');
      if (c <= 0) {
        throw new IllegalArgumentException("click keys must be id:base64secret[,id:base64secret...]; entry "
            + (i + 1) + " of " + parts.length + " has no 'id:' before its secret");
      }
      String id = part.substring(0, c).trim();
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException("click keys: key id '" + id + "' is listed twice");
      }
      keys.put(id, decodeSecret(part.substring(c + 1).trim(), "click key '" + id + "'"));
      first = first == null ? id : first;
    }
    return new ClickKeyRing(keys, first);
  }

  /**
   * Standard base64 (RFC 4648 §4, padding optional) to bytes.
   *
   * @param what names the secret in the error message, e.g. {@code click key 'k1'}; the value itself
   *     is never part of a message
   * @throws IllegalArgumentException if the text is not base64
   */
  public static byte[] decodeSecret(String base64, String what) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be standard base64 (A-Z a-z 0-9 + /, '=' padding), "
          + "e.g. from 'openssl rand -base64 32'", null); // no cause: its message quotes a character of the secret
    }
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

  /** The key ids, in the order given (the secrets are not exposed). */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /**
   * True if both rings hold {@code keyId} with the same secret (constant-time comparison); false if
   * either lacks it or the secrets differ.
   */
  public boolean sameSecret(String keyId, ClickKeyRing other) {
    byte[] a = keys.get(keyId);
    byte[] b = other.keys.get(keyId);
    return a != null && b != null && MessageDigest.isEqual(a, b);
  }

  /** Key ids and the signing key id only: a ring's string form never shows a secret. */
  @Override
  public String toString() {
    return "ClickKeyRing" + keys.keySet() + ", signing '" + signingKeyId + "'";
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
