package io.searchbid.engine.http;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (prometheus.io, "Exposition
 * formats", text-based format), written for tests: it refuses what the Prometheus server would
 * refuse and a little more that promtool's linter flags.
 *
 * <p>Checked: line grammar ({@code # HELP}, {@code # TYPE}, comments, samples with optional labels
 * and timestamp); metric and label name syntax; label value escapes ({@code \\ \" \n} only);
 * values as Go's ParseFloat reads them (plus {@code NaN}, {@code +Inf}, {@code -Inf}); one TYPE and
 * one HELP per family, TYPE before the family's samples; every sample belongs to the family of the
 * last TYPE line (name, or name + {@code _bucket/_sum/_count} for histograms, + {@code _sum/_count}
 * for summaries); a family's samples are contiguous; no duplicate series (name + label set); no
 * repeated label name within a sample; counters and histogram counts are non-negative; per
 * histogram series: {@code le} on every bucket, ascending, cumulative counts non-decreasing, a
 * {@code +Inf} bucket equal to {@code _count}, and a {@code _sum}.
 */
public final class PrometheusText {

  /** One sample: metric name, labels (sorted by name), value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family from its TYPE line. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  /** The parsed exposition. */
  public record Scrape(Map<String, Family> families, List<Sample> samples) {
    public Set<String> sampleNames() {
      Set<String> s = new java.util.TreeSet<>();
      for (Sample x : samples) {
        s.add(x.name());
      }
      return s;
    }

    /** Sum of the samples named {@code name} whose labels include {@code labels} (0 when none). */
    public double sum(String name, Map<String, String> labels) {
      double total = 0;
      for (Sample x : samples) {
        if (x.name().equals(name) && x.labels().entrySet().containsAll(labels.entrySet())) {
          total += x.value();
        }
      }
      return total;
    }
  }

  public static final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|0[xX][0-9a-fA-F]+)");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private PrometheusText() {}

  /**
   * What {@code promtool check metrics} (Debian package 'prometheus') says about the families of
   * {@code scrape} whose names start with {@code prefix}, one line each; empty when promtool is not
   * installed (nothing to ask).
   */
  public static Optional<List<String>> promtoolComplaints(String scrape, String prefix) {
    Path promtool = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        promtool = p;
        break;
      }
    }
    if (promtool == null) {
      return Optional.empty();
    }
    try {
      Path file = Files.createTempFile("searchbid-scrape", ".prom");
      Files.writeString(file, scrape);
      Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("promtool check metrics did not finish in 60 s");
      }
      Files.delete(file);
      return Optional.of(out.lines().filter(l -> l.startsWith(prefix)).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a whole exposition.
   *
   * @throws ParseException naming the line and the rule broken
   */
  public static Scrape parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> helps = new HashMap<>();
    List<Sample> all = new ArrayList<>();
    Set<String> series = new java.util.HashSet<>();
    Set<String> closedFamilies = new java.util.HashSet<>();
    Family current = null;
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new ParseException(text.split("\n", -1).length, "the exposition must end with a line feed");
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      int no = i + 1;
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] t = line.split(" ", 4);
        if (t.length >= 3 && t[0].equals("#") && (t[1].equals("HELP") || t[1].equals("TYPE"))) {
          String name = t[2];
          requireName(no, name);
          if (t[1].equals("HELP")) {
            if (helps.put(name, t.length == 4 ? unescapeHelp(no, t[3]) : "") != null) {
              throw new ParseException(no, "second HELP line for " + name);
            }
          } else {
            if (t.length != 4 || !TYPES.contains(t[3])) {
              throw new ParseException(no, "TYPE of " + name + " must be one of " + TYPES);
            }
            if (families.containsKey(name)) {
              throw new ParseException(no, "second TYPE line for " + name);
            }
            if (current != null) {
              closedFamilies.add(current.name());
            }
            current = new Family(name, t[3], helps.get(name), new ArrayList<>());
            families.put(name, current);
          }
        }
        continue; // any other '#' line is a comment
      }
      Sample s = sample(no, line);
      if (current == null || !belongs(s.name(), current)) {
        Family owner = ownerOf(s.name(), families);
        if (owner != null && closedFamilies.contains(owner.name())) {
          throw new ParseException(no, "sample " + s.name() + " is not contiguous with its family " + owner.name());
        }
        throw new ParseException(no, "sample " + s.name() + " has no TYPE line before it"
            + (current == null ? "" : " (the last TYPE was " + current.name() + ")"));
      }
      if (!series.add(s.name() + s.labels())) {
        throw new ParseException(no, "duplicate series " + s.name() + s.labels());
      }
      if (current.type().equals("counter") && !(s.value() >= 0)) {
        throw new ParseException(no, "counter " + s.name() + " must be >= 0, got " + s.value());
      }
      current.samples().add(s);
      all.add(s);
    }
    for (Family f : families.values()) {
      if (f.type().equals("histogram")) {
        checkHistogram(f);
      }
    }
    return new Scrape(Collections.unmodifiableMap(families), List.copyOf(all));
  }

  private static boolean belongs(String sampleName, Family f) {
    String n = f.name();
    return switch (f.type()) {
      case "histogram" -> sampleName.equals(n + "_bucket") || sampleName.equals(n + "_sum") || sampleName.equals(n + "_count");
      case "summary" -> sampleName.equals(n) || sampleName.equals(n + "_sum") || sampleName.equals(n + "_count");
      default -> sampleName.equals(n);
    };
  }

  private static Family ownerOf(String sampleName, Map<String, Family> families) {
    for (Family f : families.values()) {
      if (belongs(sampleName, f)) {
        return f;
      }
    }
    return null;
  }

  private static void checkHistogram(Family f) {
    Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
    Map<Map<String, String>, Double> counts = new HashMap<>();
    Set<Map<String, String>> sums = new java.util.HashSet<>();
    for (Sample s : f.samples()) {
      Map<String, String> key = new TreeMap<>(s.labels());
      if (s.name().endsWith("_bucket")) {
        String le = key.remove("le");
        if (le == null) {
          throw new ParseException(0, f.name() + "_bucket" + s.labels() + " has no le label");
        }
        double bound = parseFloat(0, le);
        if (buckets.computeIfAbsent(key, k -> new TreeMap<>()).put(bound, s.value()) != null) {
          throw new ParseException(0, f.name() + " has two buckets le=" + le + " for " + key);
        }
      } else if (s.name().endsWith("_count")) {
        counts.put(key, s.value());
      } else {
        sums.add(key);
      }
    }
    for (var e : buckets.entrySet()) {
      double prev = 0;
      for (var b : e.getValue().entrySet()) {
        if (b.getValue() < prev) {
          throw new ParseException(0, f.name() + e.getKey() + ": bucket le=" + b.getKey() + " count " + b.getValue()
              + " is below the previous bucket's " + prev + " (buckets are cumulative)");
        }
        prev = b.getValue();
      }
      Double inf = e.getValue().get(Double.POSITIVE_INFINITY);
      if (inf == null) {
        throw new ParseException(0, f.name() + e.getKey() + " has no le=\"+Inf\" bucket");
      }
      if (!inf.equals(counts.get(e.getKey()))) {
        throw new ParseException(0, f.name() + e.getKey() + ": +Inf bucket " + inf + " != _count " + counts.get(e.getKey()));
      }
      if (!sums.contains(e.getKey())) {
        throw new ParseException(0, f.name() + e.getKey() + " has no _sum");
      }
    }
    if (!buckets.keySet().equals(counts.keySet())) {
      throw new ParseException(0, f.name() + ": series with _count but no buckets: " + counts.keySet());
    }
  }

  private static Sample sample(int no, String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(no, name);
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int start = i;
        while (i < n && line.charAt(i) != '=') {
          i++;
        }
        String label = line.substring(start, i);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new ParseException(no, "label name '" + label + "' of " + name + " is not valid");
        }
        if (i + 1 >= n || line.charAt(i + 1) != '"') {
          throw new ParseException(no, "label " + label + " of " + name + " must be followed by =\"value\"");
        }
        i += 2;
        StringBuilder v = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '\\') {
            if (i >= n) {
              break;
            }
            char e = line.charAt(i++);
            switch (e) {
              case '\\' -> v.append('\\');
              case '"' -> v.append('"');
              case 'n' -> v.append('\n');
              default -> throw new ParseException(no, "label " + label + " has an invalid escape \\" + e);
            }
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed) {
          throw new ParseException(no, "label value of " + label + " is not closed");
        }
        if (labels.put(label, v.toString()) != null) {
          throw new ParseException(no, "label " + label + " repeated in " + name);
        }
        if (i < n && line.charAt(i) == ',') {
          i++;
        } else if (i >= n || line.charAt(i) != '}') {
          throw new ParseException(no, "expected ',' or '}' after label " + label + " of " + name);
        }
      }
    }
    if (i >= n || line.charAt(i) != ' ') {
      throw new ParseException(no, "expected a space and a value after " + name);
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
      throw new ParseException(no, "expected 'value [timestamp]' after " + name + ", got '" + line.substring(i + 1) + "'");
    }
    double value = parseFloat(no, rest[0]);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw new ParseException(no, "timestamp of " + name + " must be an integer (ms), got '" + rest[1] + "'");
      }
    }
    return new Sample(name, Collections.unmodifiableMap(labels), value);
  }

  static double parseFloat(int no, String s) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!FLOAT.matcher(s).matches()) {
          throw new ParseException(no, "'" + s + "' is not a number");
        }
        return s.contains("x") || s.contains("X") ? (double) Long.decode(s) : Double.parseDouble(s);
    }
  }

  private static void requireName(int no, String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new ParseException(no, "metric name '" + name + "' is not valid");
    }
  }

  private static String unescapeHelp(int no, String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        if (e == '\\') {
          b.append('\\');
        } else if (e == 'n') {
          b.append('\n');
        } else {
          b.append('\\').append(e); // HELP allows other backslashes verbatim
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
