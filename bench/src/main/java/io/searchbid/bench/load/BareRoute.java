package io.searchbid.bench.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The service suite's baseline: a bare Pekko HTTP server on loopback whose every GET answers the same
 * constant JSON body. What a real route costs beyond this (parsing, ranking, auction, JSON) is the
 * service's own work; the ratio of the two at the same rate is comparable across machines.
 *
 * <p>Its actor system reads only Pekko's reference configuration (never an {@code application.conf}
 * on the classpath, which may configure clustering or persistence) plus the JDK 25 dispatcher fix
 * from STACK.md.
 */
public final class BareRoute implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final int bodyBytes;

  private BareRoute(ActorSystem<Void> system, ServerBinding binding, int bodyBytes) {
    this.system = system;
    this.binding = binding;
    this.bodyBytes = bodyBytes;
  }

  /** Starts the server on {@code 127.0.0.1} and an ephemeral port; the body is {@code bodyBytes} of JSON. */
  public static BareRoute start(int bodyBytes) throws Exception {
    Config cfg = ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.stdout-loglevel = WARNING
        pekko.actor.default-dispatcher.fork-join-executor.minimum-runnable = -1
        pekko.actor.internal-dispatcher.fork-join-executor.minimum-runnable = -1
        pekko.http.server.max-connections = 4096
        pekko.http.server.backlog = 1024
        pekko.coordinated-shutdown.exit-jvm = off
        """).withFallback(ConfigFactory.defaultReference());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench-bare-route", cfg);
    HttpEntity.Strict body = HttpEntities.create(ContentTypes.APPLICATION_JSON, constantBody(bodyBytes));
    Route route = new Routes().route(body);
    try {
      ServerBinding b = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new BareRoute(system, b, bodyBytes);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  static String constantBody(int bytes) {
    StringBuilder sb = new StringBuilder("{\"query\":\"constant\",\"pad\":\"");
    while (sb.length() < bytes - 2) {
      sb.append('x');
    }
    return sb.append("\"}").toString();
  }

  private static final class Routes extends AllDirectives {
    Route route(HttpEntity.Strict body) {
      return get(() -> extractUnmatchedPath(p -> complete(body)));
    }
  }

  /** Runs the bare route as its own process: prints {@code listening on port N} and serves until killed. */
  public static void main(String[] args) throws Exception {
    int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    BareRoute r = start(bytes);
    System.out.println("bare route: listening on port " + r.port());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        r.close();
      } catch (Exception e) {
        // exiting anyway
      }
    }));
    Thread.currentThread().join();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int bodyBytes() {
    return bodyBytes;
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
