package io.searchbid.engine.secrets;

import io.searchbid.auction.ClickKeyRing;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets in force on this node, replaceable while it runs when they come from a secrets file:
 * {@link #reload()} (the admin endpoint) applies the file at once, {@link #pollFile()} (a timer)
 * applies a changed file once it has read the same new content twice in a row, so a file caught
 * half-written is never applied.
 *
 * <p>A reload is all or nothing: the new file must be valid as a whole, and a click key id already
 * in force must keep its secret (key ids are immutable: a new secret gets a new id, otherwise nodes
 * and tokens in flight would disagree about what the id means). On refusal the secrets in force stay.
 *
 * <p>Thread-safe: readers see one consistent {@link Secrets}; reloads are serialised.
 */
public final class LiveSecrets {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSecrets.class);

  /** Told about every reload; called under the reload lock, so keep it short. */
  public interface Listener {
    /** New secrets are in force (also called once at start by {@link #listen}). */
    void applied(Secrets secrets);

    /** A reload was refused; {@code message} names the problem, never a secret. */
    void failed(String message);
  }

  /** What a successful reload changed. Key ids only. */
  public record ReloadResult(List<String> clickKeyIds, String signingKeyId, List<String> addedClickKeyIds,
      List<String> removedClickKeyIds, boolean signingKeyChanged, List<String> adminKeyIds, boolean changed) {
    public ReloadResult {
      clickKeyIds = List.copyOf(clickKeyIds);
      addedClickKeyIds = List.copyOf(addedClickKeyIds);
      removedClickKeyIds = List.copyOf(removedClickKeyIds);
      adminKeyIds = List.copyOf(adminKeyIds);
    }
  }

  private final Path file; // null: fixed secrets from the environment / configuration
  private volatile Secrets current;
  private volatile long loadedAtMillis;
  private volatile String lastError;
  private Listener listener = new Listener() {
    @Override
    public void applied(Secrets secrets) {}

    @Override
    public void failed(String message) {}
  };
  private byte[] lastSeenDigest; // of the file content last applied or refused
  private byte[] pendingDigest; // a changed content seen once by the poller

  private LiveSecrets(Path file, Secrets initial, byte[] digest, long nowMillis) {
    this.file = file;
    this.current = initial;
    this.lastSeenDigest = digest;
    this.loadedAtMillis = nowMillis;
  }

  /** Secrets that cannot be reloaded (from {@code SEARCHBID_ADMIN_KEY} / {@code SEARCHBID_CLICK_KEYS}). */
  public static LiveSecrets fixed(Secrets secrets, long nowMillis) {
    return new LiveSecrets(null, java.util.Objects.requireNonNull(secrets), null, nowMillis);
  }

  /**
   * Secrets from {@code file}, read and validated now.
   *
   * @throws IllegalArgumentException naming the file, property and rule when it is unusable
   */
  public static LiveSecrets fromFile(Path file, long nowMillis) {
    Path abs = file.toAbsolutePath().normalize();
    byte[] bytes;
    try {
      bytes = SecretsFile.readBytes(abs);
    } catch (IOException e) {
      throw new IllegalArgumentException("secrets file " + abs + " cannot be read: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    Secrets s = SecretsFile.read(abs); // validates (and warns about permissions)
    return new LiveSecrets(abs, s, digest(bytes), nowMillis);
  }

  /** Registers the one listener and tells it the secrets in force now. */
  public synchronized void listen(Listener l) {
    this.listener = java.util.Objects.requireNonNull(l);
    l.applied(current);
  }

  public Secrets current() {
    return current;
  }

  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** When the secrets in force were loaded, epoch millis. */
  public long loadedAtMillis() {
    return loadedAtMillis;
  }

  /** The message of the last refused reload since the last successful one, or null. */
  public String lastError() {
    return lastError;
  }

  /**
   * Re-reads the secrets file and puts it in force at once.
   *
   * @throws IllegalStateException if the secrets do not come from a file (nothing to reload)
   * @throws IllegalArgumentException if the file is unusable or breaks a rotation rule; nothing changes
   */
  public synchronized ReloadResult reload(long nowMillis) {
    if (file == null) {
      throw new IllegalStateException("the secrets come from the environment (SEARCHBID_ADMIN_KEY, SEARCHBID_CLICK_KEYS) "
          + "and cannot be reloaded; restart with new values, or start with --secrets FILE");
    }
    byte[] bytes;
    try {
      bytes = SecretsFile.readBytes(file);
    } catch (IOException e) {
      throw refuse("secrets file " + file + " cannot be read: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    byte[] d = digest(bytes);
    lastSeenDigest = d;
    pendingDigest = null;
    Secrets next;
    try {
      next = SecretsFile.read(file);
    } catch (IllegalArgumentException e) {
      throw refuse(e.getMessage());
    }
    return apply(next, nowMillis);
  }

  /**
   * For a timer: reloads when the file content changed and has read the same on two consecutive
   * calls. Refusals are logged and counted, never thrown.
   *
   * @return the result when new secrets were put in force, else empty
   */
  public synchronized Optional<ReloadResult> pollFile(long nowMillis) {
    if (file == null) {
      return Optional.empty();
    }
    byte[] d;
    try {
      d = digest(SecretsFile.readBytes(file));
    } catch (IOException e) {
      String msg = "secrets file " + file + " cannot be read: " + e.getClass().getSimpleName();
      if (!msg.equals(lastError)) { // log a missing file once, not every poll
        refuse(msg);
      }
      return Optional.empty();
    }
    if (MessageDigest.isEqual(d, lastSeenDigest)) {
      pendingDigest = null;
      return Optional.empty();
    }
    if (pendingDigest == null || !MessageDigest.isEqual(d, pendingDigest)) {
      pendingDigest = d; // apply on the next poll if it still reads the same
      return Optional.empty();
    }
    try {
      return Optional.of(reload(nowMillis));
    } catch (IllegalArgumentException refusedAndLogged) {
      return Optional.empty();
    }
  }

  private ReloadResult apply(Secrets next, long nowMillis) {
    Secrets before = current;
    ClickKeyRing was = before.clickKeys();
    ClickKeyRing now = next.clickKeys();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String id : now.keyIds()) {
      if (!was.keyIds().contains(id)) {
        added.add(id);
      } else if (!was.sameSecret(id, now)) {
        throw refuse("click key '" + id + "' has a different secret than the one in force; key ids are immutable: "
            + "put the new secret under a new id (and make it " + SecretsFile.SIGNING + " once every node has it)");
      }
    }
    for (String id : was.keyIds()) {
      if (!now.keyIds().contains(id)) {
        removed.add(id);
      }
    }
    boolean signingChanged = !was.signingKeyId().equals(now.signingKeyId());
    boolean adminChanged = !before.adminKeys().equals(next.adminKeys());
    boolean changed = !added.isEmpty() || !removed.isEmpty() || signingChanged || adminChanged;
    current = next;
    loadedAtMillis = nowMillis;
    lastError = null;
    listener.applied(next);
    ReloadResult r = new ReloadResult(now.keyIds(), now.signingKeyId(), added, removed, signingChanged,
        next.adminKeyIds(), changed);
    LOG.info("secrets reloaded from {}: click keys {} (signing '{}'{}), added {}, removed {}; admin key ids {}{}",
        file, r.clickKeyIds(), r.signingKeyId(), signingChanged ? ", changed" : "", added, removed,
        r.adminKeyIds(), changed ? "" : " (no change)");
    return r;
  }

  private IllegalArgumentException refuse(String message) {
    lastError = message;
    LOG.warn("secrets reload refused, the secrets in force stay: {}", message);
    listener.failed(message);
    return new IllegalArgumentException(message);
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
