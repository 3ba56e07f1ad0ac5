package io.searchbid.auction.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The API keys of one advertiser, as SHA-256 hashes ({@link ApiKeys#hash}): the active key, and the
 * earlier keys still in the grace period a rotation gave them. Deeply immutable; every time is epoch
 * millis passed in by the caller (nothing here reads a clock).
 *
 * <p>The rules, which are the contract of {@code POST /v1/advertisers/{id}/keys:rotate}:
 *
 * <ul>
 *   <li>a key is valid at {@code t} if it is the active key, or a retiring key with
 *       {@code t < expiresAtMillis};
 *   <li>{@link #rotate rotate(new, t, grace)}: {@code new} becomes the active key; the key active
 *       until then retires until {@code t + grace}; every earlier retiring key ends at
 *       {@code min(its own end, t + grace)} — a key never outlives a newer one — so a grace of 0
 *       revokes every earlier key at once; keys ended by {@code t} are dropped;
 *   <li>at most {@link #MAX_RETIRING} keys may be retiring at once (the caller refuses a rotation
 *       that would exceed it: {@link #rotate} itself does not).
 * </ul>
 *
 * @param activeHash SHA-256 (hex) of the active key
 * @param activeSinceMillis when the active key was made (registration or rotation)
 * @param retiring earlier keys in their grace period, oldest first
 */
public record ApiKeySet(String activeHash, long activeSinceMillis, List<RetiringKey> retiring)
    implements CborSerializable {

  /** At most this many earlier keys are valid at once (so at most 5 keys in all). */
  public static final int MAX_RETIRING = 4;

  /** An earlier key, valid while {@code now < expiresAtMillis}. */
  public record RetiringKey(String hash, long createdAtMillis, long expiresAtMillis) implements CborSerializable {
    public RetiringKey {
      Objects.requireNonNull(hash, "hash");
    }
  }

  public ApiKeySet {
    Objects.requireNonNull(activeHash, "activeHash");
    retiring = List.copyOf(retiring);
  }

  /** A set holding one key, made at {@code createdAtMillis}. */
  public static ApiKeySet of(String keyHash, long createdAtMillis) {
    return new ApiKeySet(keyHash, createdAtMillis, List.of());
  }

  /**
   * Until when the key with this hash is valid, seen at {@code nowMillis}: {@link Long#MAX_VALUE}
   * for the active key, the end of its grace period (exclusive) for a retiring key, 0 when it is
   * not (or no longer) one of these keys. Hashes are compared in constant time.
   */
  public long validUntil(String keyHash, long nowMillis) {
    long until = ApiKeys.sameHash(activeHash, keyHash) ? Long.MAX_VALUE : 0L;
    for (RetiringKey k : retiring) {
      if (ApiKeys.sameHash(k.hash(), keyHash) && nowMillis < k.expiresAtMillis() && until == 0L) {
        until = k.expiresAtMillis();
      }
    }
    return until;
  }

  /**
   * The set after {@code newHash} replaced the active key at {@code nowMillis}, the previous keys
   * keeping at most {@code graceMillis} (rules in the class comment). May hold more than
   * {@link #MAX_RETIRING} retiring keys: check before persisting.
   *
   * @throws IllegalArgumentException if {@code graceMillis} is negative
   */
  public ApiKeySet rotate(String newHash, long nowMillis, long graceMillis) {
    if (graceMillis < 0) {
      throw new IllegalArgumentException("graceMillis must be >= 0, got " + graceMillis);
    }
    long end = nowMillis + graceMillis;
    if (end < nowMillis) { // overflow: no end
      end = Long.MAX_VALUE;
    }
    List<RetiringKey> next = new ArrayList<>(retiring.size() + 1);
    for (RetiringKey k : retiring) {
      long kEnd = Math.min(k.expiresAtMillis(), end);
      if (kEnd > nowMillis) {
        next.add(new RetiringKey(k.hash(), k.createdAtMillis(), kEnd));
      }
    }
    if (end > nowMillis) {
      next.add(new RetiringKey(activeHash, activeSinceMillis, end));
    }
    return new ApiKeySet(newHash, nowMillis, next);
  }

  /** This set without the retiring keys that ended by {@code nowMillis} (what a listing shows). */
  public ApiKeySet at(long nowMillis) {
    List<RetiringKey> live = new ArrayList<>(retiring.size());
    for (RetiringKey k : retiring) {
      if (nowMillis < k.expiresAtMillis()) {
        live.add(k);
      }
    }
    return live.size() == retiring.size() ? this : new ApiKeySet(activeHash, activeSinceMillis, live);
  }
}
