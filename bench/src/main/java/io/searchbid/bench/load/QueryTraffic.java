package io.searchbid.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Queries for the load driver, drawn with a Zipf-like skew (query at popularity rank r has weight
 * {@code 1 / r^s}) from a list: the bundled WANDS queries (MIT, see {@code data/README.md}) or a
 * traffic file. A traffic file is either one query per line, or tab-separated with a header naming a
 * {@code query} column (the WANDS layout).
 */
public final class QueryTraffic {

  private final List<String> queries;
  private final double[] cumulative;

  private QueryTraffic(List<String> queries, double zipfExponent) {
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("the traffic has no queries");
    }
    this.queries = List.copyOf(queries);
    this.cumulative = new double[queries.size()];
    double sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += 1.0 / Math.pow(i + 1, zipfExponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** The 480 bundled WANDS queries in file order, with Zipf exponent 1. */
  public static QueryTraffic wands() {
    try (InputStream in = QueryTraffic.class.getResourceAsStream("/io/searchbid/bench/data/wands-queries.tsv")) {
      if (in == null) {
        throw new IllegalStateException("bundled wands-queries.tsv missing from the classpath");
      }
      return new QueryTraffic(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), "wands-queries.tsv"), 1.0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads a traffic file; an empty file or a TSV without a {@code query} column is rejected naming the file. */
  public static QueryTraffic fromFile(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new QueryTraffic(parse(r, file.toString()), 1.0);
    }
  }

  public static QueryTraffic of(List<String> queries) {
    return new QueryTraffic(queries, 1.0);
  }

  private static List<String> parse(BufferedReader r, String source) throws IOException {
    List<String> out = new ArrayList<>();
    String first = r.readLine();
    if (first == null) {
      throw new IllegalArgumentException(source + ": empty traffic file");
    }
    int column = -1;
    if (first.contains("\t")) {
      String[] h = first.split("\t", -1);
      for (int i = 0; i < h.length; i++) {
        if (h[i].trim().equalsIgnoreCase("query")) {
          column = i;
        }
      }
      if (column < 0) {
        throw new IllegalArgumentException(source + ": line 1: a tab-separated traffic file needs a 'query' column in its header");
      }
    } else if (!first.isBlank()) {
      out.add(first.trim());
    }
    String line;
    int n = 1;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      if (column >= 0) {
        String[] f = line.split("\t", -1);
        if (f.length <= column || f[column].isBlank()) {
          throw new IllegalArgumentException(source + ": line " + n + ": no query in column " + (column + 1));
        }
        out.add(f[column].trim());
      } else {
        out.add(line.trim());
      }
    }
    return out;
  }

  public String next(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return queries.get(lo);
  }

  public int size() {
    return queries.size();
  }
}
