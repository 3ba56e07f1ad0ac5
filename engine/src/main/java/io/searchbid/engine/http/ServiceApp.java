package io.searchbid.engine.http;

import com.typesafe.config.Config;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.ServiceNode;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Composition root of one running service node: the Pekko node (journal, cluster, entities), the
 * search engine with its local indexes, and the HTTP server. Built by hand, in one place.
 *
 * <p>{@link #close()} is the graceful stop: unbind (finish in-flight requests), then
 * CoordinatedShutdown of the actor system (entities stop, the journal finishes its writes).
 */
public final class ServiceApp implements AutoCloseable {

  private final ServiceNode node;
  private final HttpServer http;
  private final Metrics metrics;
  private final InetSocketAddress address;

  private ServiceApp(ServiceNode node, HttpServer http, Metrics metrics, InetSocketAddress address) {
    this.node = node;
    this.http = http;
    this.metrics = metrics;
    this.address = address;
  }

  /**
   * Starts a node from {@code config} and binds HTTP on {@code searchbid.http.host/port}.
   *
   * @param adminKey the admin key (already checked non-empty by the caller)
   */
  public static ServiceApp start(Config config, String adminKey, Clock clock) {
    ServiceNode node = ServiceNode.start(config);
    try {
      Metrics metrics = new Metrics();
      ApiKeys keys = new ApiKeys(new SecureRandom());
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("journal", node::journalReady);
      checks.put("cluster", node::clusterUp);
      HttpServer http = new HttpServer(node.system(), metrics,
          config.getMemorySize("searchbid.http.max-body-bytes").toBytes(),
          List.of(
              new HealthRoutes(checks, metrics),
              new AdvertiserRoutes(node, keys, adminKey, clock)));
      InetSocketAddress address = http.bind(config.getString("searchbid.http.host"), config.getInt("searchbid.http.port"));
      return new ServiceApp(node, http, metrics, address);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  public int port() {
    return address.getPort();
  }

  public ServiceNode node() {
    return node;
  }

  public Metrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    http.unbind(Duration.ofSeconds(5));
    node.close();
  }
}
