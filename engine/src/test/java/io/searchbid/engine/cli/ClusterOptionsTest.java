package io.searchbid.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void withoutCluster_noOverrides_andClusterFlagsAreRefused() {
    assertThat(ClusterOptions.overrides(false, null, null, null)).isEmpty();
    assertThatThrownBy(() -> ClusterOptions.overrides(false, "a:1", null, null)).hasMessageContaining("need --cluster");
    assertThatThrownBy(() -> ClusterOptions.overrides(false, null, 2552, null)).hasMessageContaining("need --cluster");
  }

  @Test
  void seedNodes_becomePekkoAddresses_inOrder_withThisNodesPort() {
    Map<String, Object> o = ClusterOptions.overrides(true, "10.0.0.1:25520, node-b.internal:25521", 25522, "10.0.0.3");
    assertThat(o.get("pekko.cluster.seed-nodes"))
        .isEqualTo(List.of("pekko://searchbid@10.0.0.1:25520", "pekko://searchbid@node-b.internal:25521"));
    assertThat(o.get("pekko.remote.artery.canonical.port")).isEqualTo(25522);
    assertThat(o.get("pekko.remote.artery.canonical.hostname")).isEqualTo("10.0.0.3");
    assertThat(ClusterOptions.overrides(true, "h:1", null, null).get("pekko.remote.artery.canonical.port"))
        .isEqualTo(ClusterOptions.DEFAULT_NODE_PORT);
  }

  @Test
  void serveCluster_onTheEmbeddedH2Journal_isAUsageError() {
    var err = new java.io.ByteArrayOutputStream();
    var saved = System.err;
    int exit;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      exit = new picocli.CommandLine(new ServeCli()).execute("--cluster", "--seed-nodes", "127.0.0.1:25520");
    } finally {
      System.setErr(saved);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--cluster needs a journal every node shares");
  }

  @Test
  void badClusterFlags_nameTheOptionAndRule() {
    assertThatThrownBy(() -> ClusterOptions.overrides(true, null, 1, null)).hasMessageContaining("--seed-nodes");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "host", 1, null)).hasMessageContaining("host:port").hasMessageContaining("'host'");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "host:x", 1, null)).hasMessageContaining("must be a number");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "host:70000", 1, null)).hasMessageContaining("[1, 65535]");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "a:1,a:1", 1, null)).hasMessageContaining("twice");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "a:1", 0, null)).hasMessageContaining("--node-port");
    assertThatThrownBy(() -> ClusterOptions.overrides(true, "a b:1", 2, null)).hasMessageContaining("host:port");
  }
}
