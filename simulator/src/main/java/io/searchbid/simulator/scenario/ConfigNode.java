package io.searchbid.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A read cursor over one object of a parsed scenario tree that knows its path and collects
 * problems instead of throwing, so a bad file reports every broken field at once.
 *
 * <p>Every getter records the field as known; {@link #rejectUnknown()} then reports any field the
 * binder did not read. Range rules are checked by the getters that take bounds and reported as
 * {@code path: must be ≥ 1, got 0}. On a problem the getter returns the default so binding can
 * continue. Not thread-safe; used only while loading.
 */
public final class ConfigNode {
  private final JsonNode json;
  private final String path;
  private final List<String> problems;
  private final Set<String> known = new LinkedHashSet<>();

  ConfigNode(JsonNode json, String path, List<String> problems) {
    this.json = json == null ? MissingNode.getInstance() : json;
    this.path = path;
    this.problems = problems;
    if (!this.json.isMissingNode() && !this.json.isNull() && !this.json.isObject()) {
      problem("must be a mapping (key: value lines), got " + kind(this.json));
    }
  }

  /** A root node over a parsed document; problems go to the given list. */
  public static ConfigNode root(JsonNode json, List<String> problems) {
    return new ConfigNode(json, "", problems);
  }

  /** The same mapping reported under another path (used to re-read a validated strategy). */
  public ConfigNode reroot(String newPath) {
    return new ConfigNode(json, newPath, problems);
  }

  /** The path of this node in the file, e.g. {@code sellers[2].strategy}; empty at the root. */
  public String path() {
    return path;
  }

  /** The raw tree (read-only use). */
  public JsonNode json() {
    return json;
  }

  public boolean isPresent() {
    return !json.isMissingNode() && !json.isNull();
  }

  public boolean has(String field) {
    known.add(field);
    JsonNode v = json.get(field);
    return v != null && !v.isNull();
  }

  /** Records a problem at this node's path. */
  public void problem(String message) {
    problems.add((path.isEmpty() ? "(top level)" : path) + ": " + message);
  }

  /** Records a problem at {@code path.field}. */
  public void problem(String field, String message) {
    problems.add(child(field) + ": " + message);
  }

  String child(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private JsonNode get(String field) {
    known.add(field);
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? null : v;
  }

  public String str(String field, String def) {
    JsonNode v = get(field);
    if (v == null) return def;
    if (!v.isValueNode()) {
      problem(field, "must be a text value, got " + kind(v));
      return def;
    }
    return v.asText();
  }

  public String requiredStr(String field) {
    JsonNode v = get(field);
    if (v == null) {
      problem(field, "is required");
      return "";
    }
    String s = str(field, "");
    if (s.isBlank()) problem(field, "must not be empty");
    return s;
  }

  /** A text value that must be one of {@code allowed} (case-insensitive); returns it lower-cased as given in allowed. */
  public String choice(String field, String def, String... allowed) {
    String s = str(field, def);
    if (s == null) return null;
    for (String a : allowed) {
      if (a.equalsIgnoreCase(s)) return a;
    }
    problem(field, "must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    return def;
  }

  public boolean bool(String field, boolean def) {
    JsonNode v = get(field);
    if (v == null) return def;
    if (!v.isBoolean()) {
      problem(field, "must be true or false, got " + show(v));
      return def;
    }
    return v.booleanValue();
  }

  public long integer(String field, long def, long min, long max) {
    JsonNode v = get(field);
    if (v == null) return def;
    if (!v.isIntegralNumber() && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
      problem(field, "must be a whole number, got " + show(v));
      return def;
    }
    long x = v.asLong();
    return checkRange(field, x, min, max) ? x : def;
  }

  public int integer(String field, int def, int min, int max) {
    return (int) integer(field, (long) def, (long) min, (long) max);
  }

  private boolean checkRange(String field, long x, long min, long max) {
    if (x < min) {
      problem(field, "must be ≥ " + min + ", got " + x);
      return false;
    }
    if (x > max) {
      problem(field, "must be ≤ " + max + ", got " + x);
      return false;
    }
    return true;
  }

  public double number(String field, double def, double min, double max) {
    JsonNode v = get(field);
    if (v == null) return def;
    if (!v.isNumber()) {
      problem(field, "must be a number, got " + show(v));
      return def;
    }
    double x = v.asDouble();
    if (!(x >= min)) {
      problem(field, "must be ≥ " + fmt(min) + ", got " + fmt(x));
      return def;
    }
    if (!(x <= max)) {
      problem(field, "must be ≤ " + fmt(max) + ", got " + fmt(x));
      return def;
    }
    return x;
  }

  /**
   * A money amount written in currency units (e.g. {@code 59.90}), returned in micros. At most six
   * decimals; must lie in [minMicros, maxMicros].
   */
  public long money(String field, long defMicros, long minMicros, long maxMicros) {
    JsonNode v = get(field);
    if (v == null) return defMicros;
    BigDecimal d;
    if (v.isNumber()) {
      d = v.decimalValue();
    } else if (v.isTextual()) {
      try {
        d = new BigDecimal(v.asText().trim());
      } catch (NumberFormatException e) {
        problem(field, "must be an amount like 12.50, got " + show(v));
        return defMicros;
      }
    } else {
      problem(field, "must be an amount like 12.50, got " + show(v));
      return defMicros;
    }
    BigDecimal micros = d.movePointRight(6);
    if (micros.stripTrailingZeros().scale() > 0) {
      problem(field, "must have at most 6 decimals, got " + d.toPlainString());
      return defMicros;
    }
    long m;
    try {
      m = micros.longValueExact();
    } catch (ArithmeticException e) {
      problem(field, "is too large, got " + d.toPlainString());
      return defMicros;
    }
    if (m < minMicros) {
      problem(field, "must be ≥ " + Money.format(minMicros) + ", got " + d.toPlainString());
      return defMicros;
    }
    if (m > maxMicros) {
      problem(field, "must be ≤ " + Money.format(maxMicros) + ", got " + d.toPlainString());
      return defMicros;
    }
    return m;
  }

  public long requiredMoney(String field, long minMicros, long maxMicros) {
    if (!has(field)) {
      problem(field, "is required");
      return minMicros;
    }
    return money(field, minMicros, minMicros, maxMicros);
  }

  /** A child mapping; a missing child gives an empty node (all defaults). */
  public ConfigNode obj(String field) {
    JsonNode v = get(field);
    return new ConfigNode(v, child(field), problems);
  }

  /** A list of mappings; a missing list is empty. */
  public List<ConfigNode> list(String field) {
    JsonNode v = get(field);
    List<ConfigNode> out = new ArrayList<>();
    if (v == null) return out;
    if (!v.isArray()) {
      problem(field, "must be a list (lines starting with '- '), got " + kind(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      out.add(new ConfigNode(v.get(i), child(field) + "[" + i + "]", problems));
    }
    return out;
  }

  /** A list of text values; a single text value counts as a one-element list. */
  public List<String> strList(String field) {
    JsonNode v = get(field);
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    if (v.isValueNode()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      problem(field, "must be a list of text values, got " + kind(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isValueNode() || e.isNull()) {
        problems.add(child(field) + "[" + i + "]: must be a text value, got " + kind(e));
      } else {
        out.add(e.asText());
      }
    }
    return out;
  }

  /** Marks fields as known without reading them (they are read elsewhere). */
  public void allow(String... fields) {
    for (String f : fields) known.add(f);
  }

  /** Reports every field of this mapping that no getter asked for. Call after binding it. */
  public void rejectUnknown() {
    if (!json.isObject()) return;
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        problem(n, "unknown field (known fields here: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) return "a list";
    if (v.isObject()) return "a mapping";
    return show(v);
  }

  private static String show(JsonNode v) {
    if (v.isTextual()) return "'" + v.asText() + "'";
    return v.toString();
  }

  private static String fmt(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
    return Double.toString(x);
  }
}
