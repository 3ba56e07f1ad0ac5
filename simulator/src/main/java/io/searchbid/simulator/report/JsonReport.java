package io.searchbid.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.searchbid.simulator.stats.Estimate;
import java.io.IOException;
import java.nio.file.Path;

/** {@code summary.json}: the {@link Summary} as JSON (money in currency units, NaN as null). */
public final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static ObjectNode toJson(Summary s, long seed) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", s.scenario());
    root.put("days", s.days());
    root.put("replicates", s.replicates());
    root.put("seed", seed);
    root.put("currency", s.currency());
    ArrayNode variants = root.putArray("variants");
    s.variants().forEach(variants::add);
    ArrayNode sellers = root.putArray("sellers");
    for (Summary.SellerSummary ss : s.sellers()) {
      ObjectNode o = sellers.addObject();
      o.put("variant", ss.variant());
      o.put("seller", ss.sellerId());
      o.put("competitor", ss.competitor());
      o.put("strategy", ss.strategy());
      ObjectNode m = o.putObject("totals");
      ss.metrics().forEach((k, e) -> estimate(m.putObject(k), e));
      ArrayNode notes = o.putArray("notes");
      ss.notes().forEach(notes::add);
    }
    ArrayNode comps = root.putArray("comparisons");
    for (Summary.Comparison c : s.comparisons()) {
      ObjectNode o = comps.addObject();
      o.put("seller", c.sellerId());
      o.put("variant", c.variant());
      o.put("baseline", c.baseline());
      o.put("metric", "profit");
      num(o, "difference", c.profit().mean());
      num(o, "ci95Low", c.profit().lo());
      num(o, "ci95High", c.profit().hi());
      num(o, "pValue", c.profit().pValue());
      o.put("replicates", c.profit().n());
      o.put("paired", c.profit().paired());
      o.put("significant", c.profit().significant());
      o.put("verdict", c.verdict());
    }
    return root;
  }

  public static void write(Summary s, long seed, Path file) throws IOException {
    JSON.writeValue(file.toFile(), toJson(s, seed));
  }

  private static void estimate(ObjectNode o, Estimate e) {
    num(o, "mean", e.mean());
    num(o, "ci95Low", e.lo());
    num(o, "ci95High", e.hi());
    o.put("n", e.n());
  }

  private static void num(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) o.put(k, Math.round(v * 1e6) / 1e6);
    else o.putNull(k);
  }
}
