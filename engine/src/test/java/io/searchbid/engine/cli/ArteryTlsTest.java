package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code config/artery-tls.conf} with stores made by the runbook's keytool commands
 * (docs/OPERATIONS.md, "TLS for cluster remoting"): two nodes with certificates from the cluster CA
 * form a cluster over mutually authenticated TLS with hostname verification; a node whose
 * certificate is self-made (not from the CA) is never let in.
 */
class ArteryTlsTest {

  static final String PASS = "test-store-pass-0123";

  @TempDir Path dir;

  void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }

  /** The runbook's per-node steps: key pair, CSR signed by the CA (SAN = the node's address), chain imported. */
  void nodeStore(String name, String san) throws Exception {
    keytool("-genkeypair", "-alias", "node", "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "30", "-keystore", name + ".p12", "-storepass", PASS);
    keytool("-certreq", "-alias", "node", "-keystore", name + ".p12", "-storepass", PASS, "-file", name + ".csr");
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-infile", name + ".csr",
        "-outfile", name + ".pem", "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth", "-validity", "30");
    Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(dir.resolve("ca.pem")) + Files.readString(dir.resolve(name + ".pem")));
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", name + "-chain.pem", "-keystore", name + ".p12", "-storepass", PASS);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  ActorSystem<Void> node(String keystore, int port, int seedPort) {
    Path shipped = Path.of(System.getProperty("user.dir")).resolve("../config/artery-tls.conf").normalize();
    Config env = ConfigFactory.parseMap(Map.of(
        "SEARCHBID_ARTERY_KEYSTORE", dir.resolve(keystore).toString(),
        "SEARCHBID_ARTERY_KEYSTORE_PASSWORD", PASS,
        "SEARCHBID_ARTERY_TRUSTSTORE", dir.resolve("truststore.p12").toString(),
        "SEARCHBID_ARTERY_TRUSTSTORE_PASSWORD", PASS));
    Config tls = ConfigFactory.parseFile(shipped.toFile()).resolveWith(env);
    Config c = ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", port,
            "pekko.cluster.seed-nodes", List.of("pekko://searchbid@127.0.0.1:" + seedPort),
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off",
            "pekko.loglevel", "WARNING"))
        .withFallback(tls)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    assertThat(c.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    return ActorSystem.create(Behaviors.empty(), "searchbid", c);
  }

  static int upMembers(ActorSystem<?> s) {
    int n = 0;
    for (var m : Cluster.get(s).state().getMembers()) {
      if (m.status() == MemberStatus.up()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void nodesWithCaSignedCertificates_formACluster_aSelfMadeCertificateIsRefused() throws Exception {
    // the cluster CA and its trust store
    keytool("-genkeypair", "-alias", "ca", "-dname", "CN=searchbid-cluster-ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-ext", "bc:c", "-validity", "30", "-keystore", "ca.p12", "-storepass", PASS);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-file", "ca.pem");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12", "-storepass", PASS);
    nodeStore("node1", "ip:127.0.0.1"); // node2 runs on the same address: it may share node1's store here
    // an intruder: same name and address, but its own self-signed certificate
    keytool("-genkeypair", "-alias", "node", "-dname", "CN=node3", "-keyalg", "EC", "-groupname", "secp256r1",
        "-ext", "san=ip:127.0.0.1", "-validity", "30", "-keystore", "rogue.p12", "-storepass", PASS);

    int p1 = freePort();
    int p2 = freePort();
    int p3 = freePort();
    List<ActorSystem<Void>> systems = new ArrayList<>();
    try {
      ActorSystem<Void> a = node("node1.p12", p1, p1);
      systems.add(a);
      ActorSystem<Void> b = node("node1.p12", p2, p1);
      systems.add(b);
      long t0 = System.nanoTime();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
      while ((upMembers(a) < 2 || upMembers(b) < 2) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long joinMillis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(upMembers(a)).as("node1 sees both nodes Up over TLS").isEqualTo(2);
      assertThat(upMembers(b)).as("node2 sees both nodes Up over TLS").isEqualTo(2);

      ActorSystem<Void> rogue = node("rogue.p12", p3, p1);
      systems.add(rogue);
      Thread.sleep(Math.max(3_000, 2 * joinMillis)); // twice what node2 needed to join
      assertThat(Cluster.get(rogue).selfMember().status()).as("the intruder is not a member")
          .isNotEqualTo(MemberStatus.up());
      assertThat(Cluster.get(a).state().getMembers()).hasSize(2);
    } finally {
      for (ActorSystem<Void> s : systems) {
        s.terminate();
      }
      for (ActorSystem<Void> s : systems) {
        s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
