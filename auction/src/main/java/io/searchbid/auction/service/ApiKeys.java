package io.searchbid.auction.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Advertiser ids and API keys. A key reads {@code sbk_<advertiserId>_<secret>}: the id lets the
 * service route the check to the right (sharded) advertiser entity without a global index; only the
 * SHA-256 of the whole key is stored, so a journal leak does not leak keys.
 *
 * <p>Thread-safe.
 */
public final class ApiKeys {

  private static final String PREFIX = "sbk_";
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private final SecureRandom random;

  public ApiKeys(SecureRandom random) {
    this.random = random;
  }

  /** A fresh random id such as {@code adv_k3m9x2q7pa}. */
  public String newId(String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append('_');
    for (int i = 0; i < 10; i++) {
      sb.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
    }
    return sb.toString();
  }

  /** A fresh key for {@code advertiserId}: 256 random bits, URL-safe. */
  public String newKey(String advertiserId) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return PREFIX + advertiserId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The advertiser id a key claims to belong to, if it has the key's shape. */
  public static Optional<String> advertiserIdOf(String key) {
    if (key == null || !key.startsWith(PREFIX)) {
      return Optional.empty();
    }
    // sbk_<kind>_<10 chars>_<secret>: the id is "<kind>_<10 chars>" (neither part contains '_')
    int kindEnd = key.indexOf('_', PREFIX.length());
    int end = kindEnd < 0 ? -1 : key.indexOf('_', kindEnd + 1);
    if (kindEnd <= PREFIX.length() || end <= kindEnd + 1 || end == key.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(key.substring(PREFIX.length(), end));
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
  public static String hash(String key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * The public id of a key: the first 12 hex digits of its hash. Names a key in answers, logs and
   * events without revealing it (the hash is one-way; 48 bits tell the keys of one advertiser apart).
   */
  public static String keyId(String keyHash) {
    return keyHash.substring(0, Math.min(12, keyHash.length()));
  }

  /** Constant-time comparison of two hex hashes (or any two strings). */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
