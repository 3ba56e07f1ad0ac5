package io.searchbid.engine.secrets;

import io.searchbid.auction.ClickKeyRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent set of the service's secrets: the admin keys (by key id; any of them is accepted)
 * and the click-token key ring (one signing key, every key verifies).
 *
 * <p>Immutable. {@link #toString()} shows key ids only.
 *
 * @param adminKeys admin key id → key, at least one; ids are 1–32 of {@code [A-Za-z0-9_-]}
 * @param clickKeys click-token keys
 */
public record Secrets(Map<String, String> adminKeys, ClickKeyRing clickKeys) {

  /** Key id given to the admin key of {@code SEARCHBID_ADMIN_KEY} / {@code searchbid.admin-key}. */
  public static final String ENV_ADMIN_KEY_ID = "env";

  public Secrets {
    if (adminKeys == null || adminKeys.isEmpty()) {
      throw new IllegalArgumentException("at least one admin key is required");
    }
    if (clickKeys == null) {
      throw new IllegalArgumentException("click keys are required");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (var e : adminKeys.entrySet()) {
      if (e.getKey() == null || !e.getKey().matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException("admin key id must be 1-32 of [A-Za-z0-9_-], got '" + e.getKey() + "'");
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        throw new IllegalArgumentException("admin key '" + e.getKey() + "' must not be empty");
      }
      copy.put(e.getKey(), e.getValue());
    }
    adminKeys = java.util.Collections.unmodifiableMap(copy);
  }

  /** Secrets with one admin key (id {@value #ENV_ADMIN_KEY_ID}), as configured by environment. */
  public static Secrets of(String adminKey, ClickKeyRing clickKeys) {
    return new Secrets(Map.of(ENV_ADMIN_KEY_ID, adminKey), clickKeys);
  }

  /**
   * The id of the admin key equal to {@code presented}, if any. Compares SHA-256 digests in constant
   * time against every admin key (no early exit, no length leak).
   */
  public Optional<String> adminKeyId(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = sha256(presented);
    String found = null;
    for (var e : adminKeys.entrySet()) {
      if (MessageDigest.isEqual(given, sha256(e.getValue())) && found == null) {
        found = e.getKey();
      }
    }
    return Optional.ofNullable(found);
  }

  public List<String> adminKeyIds() {
    return new ArrayList<>(adminKeys.keySet());
  }

  @Override
  public String toString() {
    return "Secrets[adminKeyIds=" + adminKeys.keySet() + ", clickKeyIds=" + clickKeys.keyIds()
        + ", signingKeyId=" + clickKeys.signingKeyId() + "]";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
