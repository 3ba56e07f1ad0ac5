package io.searchbid.auction;

/** Result of {@link ClickTokenCodec#verify}: a valid token or a rejection with its reason. */
public sealed interface TokenVerification {
  /** Why a token was rejected. */
  enum Reason {
    /** Not URL-safe base64, wrong version, truncated, or inconsistent structure. */
    MALFORMED,
    /** Signed under a key id the ring does not hold (forged, or the key was retired). */
    UNKNOWN_KEY,
    /** The MAC does not match (tampered or forged). */
    BAD_SIGNATURE,
    /** Older than the codec's time to live. */
    EXPIRED,
    /** Issued later than now plus the allowed clock skew. */
    NOT_YET_VALID
  }

  record Valid(ClickToken token, String keyId) implements TokenVerification {}

  record Rejected(Reason reason, String message) implements TokenVerification {}

  default boolean isValid() {
    return this instanceof Valid;
  }
}
