package io.searchbid.engine.cli;

import io.searchbid.engine.ServeProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three (or more) {@code serve --cluster} JVMs on one PostgreSQL test database, each with fixed
 * HTTP and Artery ports and its own data directory, so that a node can be killed or stopped and
 * started again at the same addresses (what a process supervisor does in production).
 *
 * <p>Every node lists the first two nodes as seed nodes, as docs/OPERATIONS.md tells operators to.
 * A node's output goes to {@code <dataDir>/serve.log} (appended across restarts) and its tail is
 * part of every start failure.
 */
final class ServeCluster implements AutoCloseable {

  /** One node's fixed addresses and its current process (null while down). */
  static final class Node {
    final int index;
    final int httpPort;
    final int arteryPort;
    final Path dataDir;
    volatile Process process;

    Node(int index, int httpPort, int arteryPort, Path dataDir) {
      this.index = index;
      this.httpPort = httpPort;
      this.arteryPort = arteryPort;
      this.dataDir = dataDir;
    }

    Path log() {
      return dataDir.resolve("serve.log");
    }

    @Override
    public String toString() {
      return "node " + index + " (http " + httpPort + ", artery " + arteryPort + ")";
    }
  }

  private final PostgresTestDatabase db;
  private final List<Node> nodes = new ArrayList<>();
  private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ServeCluster(PostgresTestDatabase db, Path dir, int size) throws IOException {
    this.db = db;
    int[] ports = freePorts(2 * size);
    for (int i = 0; i < size; i++) {
      Path dataDir = dir.resolve("n" + i);
      Files.createDirectories(dataDir);
      nodes.add(new Node(i, ports[2 * i], ports[2 * i + 1], dataDir));
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  Node node(int i) {
    return nodes.get(i);
  }

  /** HTTP ports of all nodes, in node order (clients address nodes by these; they never change). */
  int[] httpPorts() {
    return nodes.stream().mapToInt(n -> n.httpPort).toArray();
  }

  /** Starts every node at once (as an operator's start script would) and waits until all are ready. */
  void startAll(Duration timeout) throws Exception {
    for (Node n : nodes) {
      launch(n);
    }
    for (Node n : nodes) {
      awaitReady(n, timeout);
    }
  }

  /** Starts a node that is down and waits until its {@code /health/ready} answers 200. */
  void start(Node n, Duration timeout) throws Exception {
    launch(n);
    awaitReady(n, timeout);
  }

  void launch(Node n) throws IOException {
    if (n.process != null && n.process.isAlive()) {
      throw new IllegalStateException(n + " is running");
    }
    List<String> cmd = ServeProcess.javaCommand("io.searchbid.engine.cli.ServeCli");
    // C1 only: these nodes live a minute on a 2-core machine; C2 compiler threads would compete
    // with the load for the cores and slow the start (the behaviour under test does not change).
    cmd.add(1, "-XX:TieredStopAtLevel=1");
    String seeds = "127.0.0.1:" + nodes.get(0).arteryPort + ",127.0.0.1:" + nodes.get(1).arteryPort;
    cmd.addAll(List.of("--config=" + PostgresJournalTest.postgresConf(), "--cluster", "--seed-nodes=" + seeds,
        "--node-port=" + n.arteryPort, "--port=" + n.httpPort, "--host=127.0.0.1", "--data-dir=" + n.dataDir));
    ProcessBuilder pb = PostgresJournalTest.withPgEnv(new ProcessBuilder(cmd), db);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(n.log().toFile()));
    Files.writeString(n.log(), "---- start " + System.currentTimeMillis() + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    n.process = pb.start();
  }

  /** Waits until the node answers 200 on {@code /health/ready}; fails with the log tail otherwise. */
  void awaitReady(Node n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (n.process == null || !n.process.isAlive()) {
        throw new AssertionError(n + " exited while starting:\n" + tail(n, 60));
      }
      if (readyStatus(n) == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(n + " not ready within " + timeout + ":\n" + tail(n, 60));
  }

  /** HTTP status of {@code /health/ready}, or -1 when the node does not answer. */
  int readyStatus(Node n) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build();
      return probe.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGKILL: no shutdown hook, no hand-off, nothing flushed. Waits until the process is gone. */
  void kill(Node n) throws InterruptedException {
    Process p = n.process;
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(n + " survived SIGKILL");
    }
  }

  /** SIGTERM (graceful stop through CoordinatedShutdown) without waiting for the exit. */
  void terminate(Node n) {
    n.process.destroy();
  }

  String tail(Node n, int lines) {
    try {
      List<String> all = Files.readAllLines(n.log(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Ends every node with SIGKILL: the end of the test class, the database is dropped next, so there
   * is nothing to hand off or flush (a graceful stop of all nodes at once would wait for shard
   * hand-offs that have nowhere to go).
   */
  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.process != null) {
        n.process.destroyForcibly();
      }
    }
    for (Node n : nodes) {
      try {
        if (n.process != null) {
          n.process.waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Distinct free TCP ports (bound together, then released). */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }
}
