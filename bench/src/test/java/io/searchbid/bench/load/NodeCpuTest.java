package io.searchbid.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeCpuTest {

  @Test
  void parse_readsProcessCpuSecondsAmongOtherMetrics() {
    String exposition = """
        # HELP process_cpu_seconds_total_created never emitted by 0.0.4, but a prefix must not match
        process_cpu_seconds_total_created 1.7E9
        # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 12.375
        process_open_fds 97.0
        """;
    assertEquals(12_375_000_000L, NodeCpu.parse(exposition));
  }

  @Test
  void parse_absentOrMalformed_isMinusOne() {
    assertEquals(-1, NodeCpu.parse("process_open_fds 97.0\n"));
    assertEquals(-1, NodeCpu.parse("process_cpu_seconds_total NaN\n"));
    assertEquals(-1, NodeCpu.parse("process_cpu_seconds_total abc\n"));
    assertEquals(-1, NodeCpu.parse(""));
  }

  @Test
  void read_unreachableNode_isMinusOne() {
    assertEquals(-1, NodeCpu.read("http://127.0.0.1:1"));
  }

  @Test
  void cpuCores_perNode_andTheSumIsUnknownWhenOneNodeIs() {
    double[] cores = HttpSuite.cpuCores(new long[] {0, 1_000_000_000L, -1}, new long[] {500_000_000L, 3_000_000_000L, 7}, 1_000_000_000L);
    assertArrayEquals(new double[] {0.5, 2.0, -1}, cores, 1e-12);
    assertEquals(-1, new HttpSuite.Measured(null, cores).serverCpuCores());
    assertEquals(2.5, new HttpSuite.Measured(null, new double[] {0.5, 2.0}).serverCpuCores(), 1e-12);
  }
}
