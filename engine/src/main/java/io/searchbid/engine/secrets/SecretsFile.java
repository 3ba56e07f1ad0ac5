package io.searchbid.engine.secrets;

import io.searchbid.auction.ClickKeyRing;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets file ({@code serve --secrets FILE}): Java properties syntax ({@code name = value},
 * {@code #} comments), UTF-8, at most 64 KiB.
 *
 * <pre>
 * # admin keys: any of them is accepted; several at once let you rotate them
 * admin-key.ops-2026a = 3f1c0e...            (16-512 visible ASCII characters)
 * # click-token keys: standard base64 of at least 16 random bytes (openssl rand -base64 32)
 * click-key.k2026a = q8V0...
 * click-key.k2025b = Hq2b...
 * # the key that signs new tokens; required when there are several click keys
 * click-signing-key = k2026a
 * </pre>
 *
 * Key ids are 1–32 of {@code [A-Za-z0-9_-]}. Every other property name, a repeated name, an empty
 * file section (no admin key, no click key) or a value breaking its rule is refused with a message
 * naming the property and the rule — never the value.
 */
public final class SecretsFile {

  private static final Logger LOG = LoggerFactory.getLogger(SecretsFile.class);

  /** Largest secrets file read, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  static final String ADMIN_PREFIX = "admin-key.";
  static final String CLICK_PREFIX = "click-key.";
  static final String SIGNING = "click-signing-key";

  /** The public admin key of {@code serve --demo}; never accepted from a secrets file. */
  static final String DEMO_ADMIN_KEY = "demo-admin-key";

  private SecretsFile() {}

  /**
   * Reads and validates {@code file}. Warns (once per call) when the file is readable by group or
   * others on a POSIX file system.
   *
   * @throws IllegalArgumentException naming the file, the property and the rule
   */
  public static Secrets read(Path file) {
    byte[] bytes;
    try {
      bytes = readBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("secrets file " + file + " cannot be read: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    warnIfReadableByOthers(file);
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secrets file " + file + ": " + e.getMessage());
    }
  }

  /** The file's bytes (at most {@link #MAX_BYTES}). */
  static byte[] readBytes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "not a regular file");
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes");
    }
    return Files.readAllBytes(file);
  }

  /**
   * Parses the file's content.
   *
   * @throws IllegalArgumentException naming the property and the rule
   */
  public static Secrets parse(byte[] utf8) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("must be UTF-8 text");
    }
    StrictProperties props = new StrictProperties();
    try {
      props.load(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot be read as properties: " + e.getMessage());
    } catch (IllegalArgumentException e) { // a bad \\uXXXX escape, or a repeated name
      throw new IllegalArgumentException(e.getMessage().startsWith("property") ? e.getMessage()
          : "is not valid properties syntax (a malformed \\\\uXXXX escape)");
    }
    Map<String, String> admin = new LinkedHashMap<>();
    Map<String, byte[]> click = new LinkedHashMap<>();
    String signing = null;
    for (var e : new TreeMap<>(props.entries).entrySet()) {
      String name = e.getKey();
      String value = e.getValue().strip();
      if (name.startsWith(ADMIN_PREFIX)) {
        String id = keyId(name, ADMIN_PREFIX);
        if (value.length() < 16 || value.length() > 512 || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
          throw new IllegalArgumentException("property " + name + " must be 16-512 visible ASCII characters "
              + "(no spaces), got " + value.length() + " characters");
        }
        if (value.equals(DEMO_ADMIN_KEY)) {
          throw new IllegalArgumentException("property " + name + " must not be the public demo admin key");
        }
        for (var other : admin.entrySet()) {
          if (other.getValue().equals(value)) {
            throw new IllegalArgumentException("properties " + ADMIN_PREFIX + other.getKey() + " and " + name
                + " hold the same key; give each holder its own");
          }
        }
        admin.put(id, value);
      } else if (name.startsWith(CLICK_PREFIX)) {
        String id = keyId(name, CLICK_PREFIX);
        byte[] secret = ClickKeyRing.decodeSecret(value, "property " + name);
        if (secret.length < 16) {
          throw new IllegalArgumentException("property " + name + " must decode to at least 16 bytes, got "
              + secret.length + " (use e.g. 'openssl rand -base64 32')");
        }
        click.put(id, secret);
      } else if (name.equals(SIGNING)) {
        signing = value;
      } else {
        throw new IllegalArgumentException("unknown property '" + name + "'; allowed: " + ADMIN_PREFIX + "<id>, "
            + CLICK_PREFIX + "<id>, " + SIGNING);
      }
    }
    if (admin.isEmpty()) {
      throw new IllegalArgumentException("needs at least one admin key: " + ADMIN_PREFIX + "<id> = <key>");
    }
    if (click.isEmpty()) {
      throw new IllegalArgumentException("needs at least one click-token key: " + CLICK_PREFIX + "<id> = <base64>");
    }
    if (signing == null) {
      if (click.size() > 1) {
        throw new IllegalArgumentException(SIGNING + " is required when there are several click keys "
            + click.keySet() + ": name the one that signs new tokens");
      }
      signing = click.keySet().iterator().next();
    } else if (!click.containsKey(signing)) {
      throw new IllegalArgumentException(SIGNING + " must name one of the click keys " + click.keySet()
          + ", got '" + signing + "'");
    }
    return new Secrets(admin, new ClickKeyRing(click, signing));
  }

  private static String keyId(String name, String prefix) {
    String id = name.substring(prefix.length());
    if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("property " + name + ": the key id after '" + prefix
          + "' must be 1-32 of [A-Za-z0-9_-]");
    }
    return id;
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("secrets file {} is readable by other users ({}); chmod 600 it",
            file, java.nio.file.attribute.PosixFilePermissions.toString(perms));
      }
    } catch (UnsupportedOperationException | IOException notPosix) {
      // no POSIX permissions to check (e.g. Windows ACLs)
    }
  }

  /** Properties that refuse a repeated name instead of keeping the last value silently. */
  private static final class StrictProperties extends Properties {
    private static final long serialVersionUID = 1L;
    final transient Map<String, String> entries = new LinkedHashMap<>();

    @Override
    public synchronized Object put(Object key, Object value) {
      String k = (String) key;
      if (entries.containsKey(k)) {
        throw new IllegalArgumentException("property " + k + " is given twice");
      }
      entries.put(k, (String) value);
      return super.put(key, value);
    }
  }
}
