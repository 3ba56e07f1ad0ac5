package io.searchbid.simulator.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A search log: timestamped queries with an optional user segment, in time order. Formats:
 *
 * <ul>
 *   <li>CSV with a header {@code timestamp,query[,segment]}; fields may be double-quoted (RFC 4180);
 *   <li>JSONL, one object per line: {@code {"timestamp": ..., "query": "...", "segment": "..."}}.
 * </ul>
 *
 * Timestamps are ISO-8601 instants ({@code 2026-01-05T10:15:30Z}) or epoch seconds (decimals
 * allowed). Blank lines and lines starting with {@code #} are skipped. Every bad line is reported
 * with its number; the log is rejected if any line is bad. Immutable.
 */
public final class TrafficLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REPORTED = 20;

  private final long[] epochMillis;
  private final int[] queryIds;
  private final byte[] segments; // −1 = not given
  private final Vocabulary vocabulary;

  private TrafficLog(long[] epochMillis, int[] queryIds, byte[] segments, Vocabulary vocabulary) {
    this.epochMillis = epochMillis;
    this.queryIds = queryIds;
    this.segments = segments;
    this.vocabulary = vocabulary;
  }

  public int size() {
    return epochMillis.length;
  }

  public long epochMillis(int i) {
    return epochMillis[i];
  }

  public int queryId(int i) {
    return queryIds[i];
  }

  /** Segment index, or −1 when the line gave none. */
  public int segment(int i) {
    return segments[i];
  }

  /** Distinct queries of the log, most frequent first. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Reads a log; the format is chosen by extension ({@code .jsonl}/{@code .ndjson} → JSONL, else CSV).
   *
   * @param segmentNames user-model segment names a line may reference (index = segment id)
   * @throws TrafficLogException naming every bad line (first 20)
   */
  public static TrafficLog read(Path file, List<String> segmentNames) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson");
    List<String> problems = new ArrayList<>();
    List<long[]> rows = new ArrayList<>(); // {millis, segment, lineNo} kept alongside queries
    List<String> queries = new ArrayList<>();
    String label = file.getFileName().toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      int[] columns = null;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) continue;
        String ts;
        String query;
        String seg;
        if (jsonl) {
          JsonNode n;
          try {
            n = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            problems.add(label + ":" + lineNo + ": not a JSON object (" + e.getOriginalMessage() + ")");
            continue;
          }
          if (!(n instanceof ObjectNode)) {
            problems.add(label + ":" + lineNo + ": not a JSON object");
            continue;
          }
          JsonNode t = n.get("timestamp");
          ts = t == null || t.isNull() ? null : t.asText();
          JsonNode q = n.get("query");
          query = q == null || q.isNull() ? null : q.asText();
          JsonNode s = n.get("segment");
          seg = s == null || s.isNull() ? null : s.asText();
          var it = n.fieldNames();
          while (it.hasNext()) {
            String f = it.next();
            if (!f.equals("timestamp") && !f.equals("query") && !f.equals("segment")) {
              problems.add(label + ":" + lineNo + ": unknown field '" + f + "' (known: timestamp, query, segment)");
            }
          }
        } else {
          List<String> f = csvFields(line);
          if (f == null) {
            problems.add(label + ":" + lineNo + ": unbalanced quotes");
            continue;
          }
          if (columns == null) {
            columns = header(f);
            if (columns == null) {
              problems.add(label + ":" + lineNo + ": header must name the columns timestamp,query[,segment], got '" + line + "'");
              break;
            }
            continue;
          }
          ts = columns[0] < f.size() ? f.get(columns[0]) : null;
          query = columns[1] < f.size() ? f.get(columns[1]) : null;
          seg = columns[2] >= 0 && columns[2] < f.size() ? f.get(columns[2]) : null;
          if (seg != null && seg.isBlank()) seg = null;
        }
        if (ts == null || ts.isBlank()) {
          problems.add(label + ":" + lineNo + ": timestamp is missing");
          continue;
        }
        long millis;
        try {
          millis = parseTimestamp(ts.trim());
        } catch (IllegalArgumentException e) {
          problems.add(label + ":" + lineNo + ": timestamp '" + ts + "' is not an ISO-8601 instant or epoch seconds");
          continue;
        }
        if (query == null || query.isBlank()) {
          problems.add(label + ":" + lineNo + ": query is missing or empty");
          continue;
        }
        int segment = -1;
        if (seg != null) {
          segment = segmentNames.indexOf(seg.trim());
          if (segment < 0) {
            problems.add(label + ":" + lineNo + ": segment '" + seg + "' is not one of " + segmentNames);
            continue;
          }
        }
        queries.add(query.trim());
        rows.add(new long[] {millis, segment, lineNo});
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read traffic log " + file, e);
    }
    if (problems.isEmpty() && rows.isEmpty()) problems.add(label + ": the log has no searches");
    if (!problems.isEmpty()) {
      List<String> shown = new ArrayList<>(problems.subList(0, Math.min(MAX_REPORTED, problems.size())));
      if (problems.size() > MAX_REPORTED) shown.add("... and " + (problems.size() - MAX_REPORTED) + " more bad lines");
      throw new TrafficLogException(shown);
    }
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i)[0] < rows.get(i - 1)[0]) {
        throw new TrafficLogException(List.of(label + ":" + rows.get(i)[2] + ": timestamp goes back in time (the log must be sorted by time)"));
      }
    }
    // vocabulary in order of frequency, ties by first appearance: deterministic
    java.util.LinkedHashMap<String, int[]> counts = new java.util.LinkedHashMap<>();
    for (String q : queries) counts.computeIfAbsent(q, k -> new int[1])[0]++;
    List<String> vocab = new ArrayList<>(counts.keySet());
    vocab.sort((a, b) -> Integer.compare(counts.get(b)[0], counts.get(a)[0]));
    Vocabulary v = Vocabulary.of(vocab);
    int n = rows.size();
    long[] ms = new long[n];
    int[] ids = new int[n];
    byte[] segs = new byte[n];
    for (int i = 0; i < n; i++) {
      ms[i] = rows.get(i)[0];
      segs[i] = (byte) rows.get(i)[1];
      ids[i] = v.id(queries.get(i));
    }
    return new TrafficLog(ms, ids, segs, v);
  }

  static long parseTimestamp(String ts) {
    if (ts.isEmpty()) throw new IllegalArgumentException("empty");
    char c = ts.charAt(0);
    if (Character.isDigit(c) && !ts.contains("-") && !ts.contains(":")) {
      try {
        return new java.math.BigDecimal(ts).movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(ts);
      }
    }
    try {
      return Instant.parse(ts).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(ts);
    }
  }

  private static int[] header(List<String> f) {
    int t = -1;
    int q = -1;
    int s = -1;
    for (int i = 0; i < f.size(); i++) {
      switch (f.get(i).trim().toLowerCase(java.util.Locale.ROOT)) {
        case "timestamp" -> t = i;
        case "query" -> q = i;
        case "segment" -> s = i;
        default -> {
          return null;
        }
      }
    }
    return t < 0 || q < 0 ? null : new int[] {t, q, s};
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines); null on unbalanced quotes. */
  static List<String> csvFields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) return null;
    out.add(cur.toString());
    return out;
  }

  static String csvQuote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * Writes searches as a log. Day d's second s becomes {@code start + d days + s seconds}.
   *
   * @param jsonl JSONL instead of CSV
   */
  public static void write(
      Path file, boolean jsonl, Instant start, Vocabulary vocabulary, List<String> segmentNames, Iterable<DayTraffic> days)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, jsonl, start, vocabulary, segmentNames, days);
    }
  }

  public static void write(
      Writer w, boolean jsonl, Instant start, Vocabulary vocabulary, List<String> segmentNames, Iterable<DayTraffic> days)
      throws IOException {
    if (!jsonl) w.write("timestamp,query,segment\n");
    for (DayTraffic d : days) {
      for (int i = 0; i < d.size(); i++) {
        Instant t = start.plusSeconds(d.day() * 86_400L + d.seconds()[i]);
        String q = vocabulary.query(d.queryIds()[i]);
        String seg = segmentNames.get(d.segments()[i]);
        if (jsonl) {
          ObjectNode o = JSON.createObjectNode();
          o.put("timestamp", t.toString());
          o.put("query", q);
          o.put("segment", seg);
          w.write(JSON.writeValueAsString(o));
          w.write('\n');
        } else {
          w.write(t.toString());
          w.write(',');
          w.write(csvQuote(q));
          w.write(',');
          w.write(csvQuote(seg));
          w.write('\n');
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TrafficLog[" + size() + " searches, " + vocabulary.size() + " distinct queries, from " + Arrays.toString(new long[] {epochMillis[0]}) + "]";
  }
}
