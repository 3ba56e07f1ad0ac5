package io.searchbid.bench.load;

import io.searchbid.bench.jmh.JmhSuite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM (same JDK, flags and classpath as this one), so the load
 * driver's CPU and the server's are separate and the server's can be measured
 * ({@link #cpuNanos()}). The main class must print {@code listening on port N} once it serves.
 * Stopped with SIGTERM (graceful), then killed if it does not exit.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  private final Process process;
  private final int port;
  private final PrintWriter log;

  private ServerProcess(Process process, int port, PrintWriter log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServerProcess start(String mainClass, List<String> args, Path logFile, Duration startTimeout) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JmhSuite.forkJvmArgs());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
    log.println("# " + String.join(" ", cmd));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.println(line);
          Matcher m = LISTENING.matcher(line);
          if (!port.isDone() && m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (IOException e) {
        // the process went away
      } finally {
        port.completeExceptionally(new IllegalStateException("server exited before listening; see " + logFile));
      }
    }, "server-log-" + mainClass);
    reader.setDaemon(true);
    reader.start();
    try {
      int n = port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ServerProcess(p, n, log);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("server " + mainClass + " did not start within " + startTimeout.toSeconds() + " s; see " + logFile, e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until {@code path} answers 200 (e.g. a readiness check). */
  void awaitOk(String path, Duration timeout) throws InterruptedException {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(path + " not ready within " + timeout.toSeconds() + " s");
  }

  /** CPU time the server process has used so far, or -1 if the OS does not say. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    log.close();
  }
}
