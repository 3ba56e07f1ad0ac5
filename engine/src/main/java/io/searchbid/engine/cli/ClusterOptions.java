package io.searchbid.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code serve --cluster --seed-nodes host:port,... --node-port N [--node-host H]} as configuration
 * overrides: the node's Artery address and the static seed nodes it joins (Pekko Cluster, STACK.md:
 * no discovery/bootstrap here).
 *
 * <p>Pekko joins through the seed list: the first seed node forms the cluster by joining itself when
 * none of the others answers; every other node joins the first seed that answers. List the same
 * seed nodes, in the same order, on every node.
 */
final class ClusterOptions {

  /** Artery port of a cluster node when {@code --node-port} is not given (Pekko's usual default). */
  static final int DEFAULT_NODE_PORT = 25520;

  /** Actor system name of every node ({@code ServiceNode}); part of each seed node address. */
  static final String SYSTEM_NAME = "searchbid";

  private ClusterOptions() {}

  /**
   * @param cluster {@code --cluster}
   * @param seedNodes {@code --seed-nodes} or null
   * @param nodePort {@code --node-port} or null
   * @param nodeHost {@code --node-host} or null
   * @return overrides to layer over the configuration (empty without {@code --cluster})
   * @throws IllegalArgumentException naming the option and the rule when the flags do not fit
   */
  static Map<String, Object> overrides(boolean cluster, String seedNodes, Integer nodePort, String nodeHost) {
    Map<String, Object> o = new HashMap<>();
    if (!cluster) {
      if (seedNodes != null || nodePort != null || nodeHost != null) {
        throw new IllegalArgumentException("--seed-nodes, --node-port and --node-host need --cluster");
      }
      return o;
    }
    if (seedNodes == null || seedNodes.isBlank()) {
      throw new IllegalArgumentException("--cluster needs --seed-nodes host:port[,host:port...] "
          + "(the same list on every node; the first one starts the cluster)");
    }
    int port = nodePort == null ? DEFAULT_NODE_PORT : nodePort;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--node-port must be in [1, 65535], got " + port);
    }
    List<String> seeds = new ArrayList<>();
    for (String part : seedNodes.split(",")) {
      String hp = part.trim();
      int colon = hp.lastIndexOf(':');
      if (colon <= 0 || colon == hp.length() - 1) {
        throw new IllegalArgumentException("--seed-nodes entries must be host:port, got '" + hp + "'");
      }
      String host = hp.substring(0, colon);
      int seedPort;
      try {
        seedPort = Integer.parseInt(hp.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seed-nodes: port of '" + hp + "' must be a number");
      }
      if (seedPort < 1 || seedPort > 65535 || !host.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:]+\\]")) {
        throw new IllegalArgumentException("--seed-nodes: '" + hp + "' must be host:port with port in [1, 65535]");
      }
      String address = "pekko://" + SYSTEM_NAME + "@" + host + ":" + seedPort;
      if (seeds.contains(address)) {
        throw new IllegalArgumentException("--seed-nodes lists '" + hp + "' twice");
      }
      seeds.add(address);
    }
    o.put("pekko.cluster.seed-nodes", seeds);
    o.put("pekko.remote.artery.canonical.port", port);
    if (nodeHost != null) {
      if (nodeHost.isBlank()) {
        throw new IllegalArgumentException("--node-host must not be empty");
      }
      o.put("pekko.remote.artery.canonical.hostname", nodeHost);
    }
    return o;
  }
}
