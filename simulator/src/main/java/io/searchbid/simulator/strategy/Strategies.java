package io.searchbid.simulator.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.searchbid.simulator.scenario.ConfigNode;
import io.searchbid.simulator.scenario.ProductSpec;
import io.searchbid.simulator.scenario.ScenarioException;
import io.searchbid.simulator.scenario.StrategySpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry of built-in strategies and the loader of user strategies by class name. Each built-in
 * binds and validates its parameters from the scenario mapping (so errors name the path, e.g.
 * {@code sellers[0].strategy.launchDays: must be ≥ 1, got 0}) and creates a fresh instance per seller
 * and replicate.
 */
public final class Strategies {

  /** What a strategy may check its parameters against. */
  public record Context(List<ProductSpec> products, List<String> keywords, Set<String> activities) {}

  /** Binds parameters (reporting problems on the node) and creates instances. */
  interface BuiltIn {
    /** Reads and validates every parameter; returns a factory for instances. */
    java.util.function.Supplier<SellerStrategy> bind(ConfigNode params, Context ctx);
  }

  private static final Map<String, BuiltIn> BUILT_INS = new TreeMap<>();

  static {
    BUILT_INS.put("steady", SteadyStrategy::bind);
    BUILT_INS.put("targetRoas", AutoBidStrategy::bindRoas);
    BUILT_INS.put("targetCpa", AutoBidStrategy::bindCpa);
    BUILT_INS.put("maxClicks", AutoBidStrategy::bindMaxClicks);
    BUILT_INS.put("lossLeader", LossLeaderStrategy::bind);
    BUILT_INS.put("activitySwitch", ActivitySwitchStrategy::bind);
    BUILT_INS.put("listingTest", ListingTestStrategy::bind);
    BUILT_INS.put("skuPlan", SkuPlanStrategy::bind);
  }

  /** Built-in types generated competitors may use (they need no products or activities named). */
  public static final List<String> COMPETITOR_TYPES = List.of("maxClicks", "steady", "targetCpa", "targetRoas");

  private Strategies() {}

  public static Set<String> builtInTypes() {
    return BUILT_INS.keySet();
  }

  /** Validates a strategy mapping; problems go to the node's problem list. */
  public static StrategySpec validate(ConfigNode node, Context ctx) {
    String cls = node.str("class", null);
    if (cls != null) {
      if (node.has("type")) node.problem("type", "give either type (a built-in) or class (your own), not both");
      checkClass(node, cls);
      // everything else in the mapping belongs to the user's class
      var it = node.json().fieldNames();
      while (it.hasNext()) node.allow(it.next());
      return new StrategySpec("custom", cls, node.json(), node.path());
    }
    String type = node.str("type", null);
    if (type == null) {
      node.problem("type", "is required: one of " + String.join(", ", BUILT_INS.keySet()) + " (or class: your.Strategy)");
      return new StrategySpec("steady", null, node.json(), node.path());
    }
    BuiltIn b = BUILT_INS.get(type);
    if (b == null) {
      node.problem("type", "must be one of " + String.join(", ", BUILT_INS.keySet()) + ", got '" + type + "'");
      return new StrategySpec("steady", null, node.json(), node.path());
    }
    b.bind(node, ctx);
    node.rejectUnknown();
    return new StrategySpec(type, null, node.json(), node.path());
  }

  /** A fresh instance for one seller in one replicate. The spec must have passed {@link #validate}. */
  public static SellerStrategy create(StrategySpec spec, Context ctx) {
    if (spec.className() != null) return instantiate(spec.className(), spec.params());
    List<String> problems = new ArrayList<>();
    ConfigNode n = configAt(spec, problems);
    var factory = BUILT_INS.get(spec.type()).bind(n, ctx);
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return factory.get();
  }

  private static ConfigNode configAt(StrategySpec spec, List<String> problems) {
    return ConfigNode.root(spec.params(), problems).reroot(spec.path());
  }

  private static void checkClass(ConfigNode node, String cls) {
    Class<?> c;
    try {
      c = Class.forName(cls, false, Strategies.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      node.problem("class", "no class '" + cls + "' on the classpath (add its jar to the launcher's classpath)");
      return;
    }
    if (!SellerStrategy.class.isAssignableFrom(c)) {
      node.problem("class", cls + " does not implement " + SellerStrategy.class.getName());
      return;
    }
    if (constructor(c) == null) {
      node.problem("class", cls + " needs a public constructor taking a JsonNode (its parameters) or no arguments");
    }
  }

  private static Constructor<?> constructor(Class<?> c) {
    try {
      return c.getConstructor(JsonNode.class);
    } catch (NoSuchMethodException e) {
      try {
        return c.getConstructor();
      } catch (NoSuchMethodException e2) {
        return null;
      }
    }
  }

  private static SellerStrategy instantiate(String cls, JsonNode params) {
    try {
      Class<?> c = Class.forName(cls, true, Strategies.class.getClassLoader());
      Constructor<?> k = constructor(c);
      if (k == null) throw new ScenarioException("strategy class " + cls + " has no usable public constructor");
      ObjectNode p = params.deepCopy();
      p.remove("class");
      Object o = k.getParameterCount() == 1 ? k.newInstance(p) : k.newInstance();
      return (SellerStrategy) o;
    } catch (ClassNotFoundException | InstantiationException | IllegalAccessException e) {
      throw new ScenarioException("cannot create strategy " + cls + ": " + e);
    } catch (InvocationTargetException e) {
      throw new ScenarioException("strategy " + cls + " failed to start: " + e.getCause());
    }
  }
}
