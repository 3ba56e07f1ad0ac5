package io.searchbid.engine.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One node, shared by the security test classes of this JVM, whose secrets come from a file it does
 * not watch (reloads happen only when a test asks), with small limits so tests can reach them:
 * 5 requests per API key at once, refilled at 1 per 20 s; request bodies up to 4 KiB.
 */
final class SecuredServer {

  static final String ADMIN_KEY = TestServer.ADMIN_KEY;
  static final int API_KEY_BURST = 5;
  static final double API_KEY_RATE = 0.05;
  static final int MAX_BODY_BYTES = 4096;

  private static TestServer server;
  private static Path secretsFile;

  private SecuredServer() {}

  /** Standard base64 of 32 bytes from {@code seed}: the click key secret of id {@code "k" + seed}. */
  static String clickSecret(int seed) {
    byte[] b = new byte[32];
    new SplittableRandom(1000 + seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static synchronized TestServer get() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("searchbid-secured");
        secretsFile = dir.resolve("secrets.properties");
        writeSecrets(Map.of("ops", ADMIN_KEY), "k1", 1);
        server = new TestServer(dir.resolve("data"), Map.of(
            "searchbid.secrets.watch-interval", "0s",
            "searchbid.rate-limit.api-key.requests-per-second", API_KEY_RATE,
            "searchbid.rate-limit.api-key.burst", API_KEY_BURST,
            "searchbid.http.max-body-bytes", MAX_BODY_BYTES), secretsFile);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /**
   * Replaces the secrets file (atomically, by rename) with these admin keys and the click keys
   * {@code k<seed>} of {@code clickSeeds}, {@code signing} signing.
   */
  static void writeSecrets(Map<String, String> adminKeys, String signing, int... clickSeeds) {
    StringBuilder b = new StringBuilder("# written by SecuredServer\n");
    adminKeys.forEach((id, key) -> b.append("admin-key.").append(id).append(" = ").append(key).append('\n'));
    for (int seed : clickSeeds) {
      b.append("click-key.k").append(seed).append(" = ").append(clickSecret(seed)).append('\n');
    }
    b.append("click-signing-key = ").append(signing).append('\n');
    writeRaw(b.toString());
  }

  static void writeRaw(String content) {
    try {
      Path tmp = secretsFile.resolveSibling("secrets.tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, secretsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
