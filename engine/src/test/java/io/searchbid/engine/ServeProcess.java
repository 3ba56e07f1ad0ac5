package io.searchbid.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A searchbid JVM started as a child process by tests that need a real process boundary (SIGKILL,
 * several nodes on one database): the same JVM flags as the launcher, this test JVM's classpath.
 *
 * @param process the child process; tests kill or destroy it themselves
 * @param port the HTTP port the node printed ("listening on port N"), {@code 0} for non-serving commands
 * @param output everything the process printed so far (stdout and stderr), appended by a drain thread
 * @param drain the thread reading the output; it ends when the process has exited and closed it
 */
public record ServeProcess(Process process, int port, StringBuffer output, Thread drain) {

  /** All the process printed, once it has exited (waits up to {@code seconds} for the exit and the drain). */
  public String outputAfterExit(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("process did not exit in " + seconds + " s; output so far:\n" + output);
    }
    drain.join(TimeUnit.SECONDS.toMillis(seconds));
    return output.toString();
  }

  /** {@code java <launcher flags> -Xmx512m -cp <this classpath> mainClass}, mutable for extra arguments. */
  public static List<String> javaCommand(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    return cmd;
  }

  /**
   * Starts {@code pb} (stderr merged into stdout) and waits up to 300 s for the node's "listening on
   * port N" line; afterwards a daemon thread keeps draining its output so the pipe never fills.
   *
   * @throws AssertionError with the node's output when it exits or does not start in time
   */
  public static ServeProcess start(ProcessBuilder pb, String what) throws IOException {
    Process p = pb.redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuffer log = new StringBuffer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      log.append(line).append('\n');
      int at = line.indexOf("listening on port ");
      if (at >= 0) {
        Thread drain = new Thread(() -> {
          try {
            String more;
            while ((more = out.readLine()) != null) { // keeps the pipe from filling up
              log.append(more).append('\n');
            }
          } catch (IOException processGone) {
            // nothing left to drain
          }
        });
        drain.setDaemon(true);
        drain.start();
        return new ServeProcess(p, Integer.parseInt(line.substring(at + 18).split("[ ,]")[0]), log, drain);
      }
    }
    p.destroyForcibly();
    throw new AssertionError(what + " did not start:\n" + log);
  }
}
