package io.searchbid.bench.tokens;

import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickToken;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.TokenVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Click tokens (auction core {@link ClickTokenCodec}): sign and verify per second, with a two-key
 * ring (rotation) and realistic ids. Baselines: one HMAC-SHA256 over a byte string of the same
 * length plus URL-safe Base64 (sign), and Base64 decoding plus HMAC plus constant-time compare
 * (verify) — the cryptographic floor any token scheme pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenBench {

  @Param("42")
  public long seed;

  static final int N = 256;
  static final long NOW_MILLIS = 1_767_225_600_000L;

  ClickTokenCodec codec;
  ClickToken[] tokens;
  String[] signed;
  byte[][] payloads;
  String[] bareSigned;
  Mac mac;
  int next;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    byte[] k1 = "bench-secret-key-one-0123456789ab".getBytes(StandardCharsets.UTF_8);
    byte[] k2 = "bench-secret-key-two-0123456789ab".getBytes(StandardCharsets.UTF_8);
    ClickKeyRing ring = ClickKeyRing.single("k2025", k1).rotateTo("k2026", k2);
    codec = new ClickTokenCodec(ring, 3_600_000, 60_000);
    SplittableRandom r = new SplittableRandom(seed);
    tokens = new ClickToken[N];
    signed = new String[N];
    payloads = new byte[N][];
    bareSigned = new String[N];
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(k2, "HmacSHA256"));
    for (int i = 0; i < N; i++) {
      tokens[i] = new ClickToken(r.nextLong(1L << 40), "c" + r.nextInt(100_000), "g" + r.nextInt(1_000_000),
          "red summer dress", 1 + r.nextInt(4), 100_000 + r.nextLong(2_000_000), NOW_MILLIS - r.nextInt(600_000));
      signed[i] = codec.sign(tokens[i]);
      int len = Base64.getUrlDecoder().decode(signed[i]).length - 32;
      payloads[i] = new byte[len];
      r.nextBytes(payloads[i]);
      bareSigned[i] = bareSign(payloads[i]);
    }
  }

  @Benchmark
  public String sign() {
    return codec.sign(tokens[next++ & (N - 1)]);
  }

  @Benchmark
  public TokenVerification verify() {
    return codec.verify(signed[next++ & (N - 1)], NOW_MILLIS);
  }

  @Benchmark
  public String bareHmacSign() {
    return bareSign(payloads[next++ & (N - 1)]);
  }

  @Benchmark
  public boolean bareHmacVerify() {
    byte[] all = Base64.getUrlDecoder().decode(bareSigned[next++ & (N - 1)]);
    int len = all.length - 32;
    mac.update(all, 0, len);
    byte[] expect = mac.doFinal();
    return MessageDigest.isEqual(expect, java.util.Arrays.copyOfRange(all, len, all.length));
  }

  private String bareSign(byte[] payload) {
    byte[] out = java.util.Arrays.copyOf(payload, payload.length + 32);
    mac.update(payload);
    try {
      mac.doFinal(out, payload.length);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
