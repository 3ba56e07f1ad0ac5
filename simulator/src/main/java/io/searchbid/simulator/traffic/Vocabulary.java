package io.searchbid.simulator.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct queries of a simulation, indexed 0..n−1 in popularity order (index 0 is the most
 * popular under a Zipf law). Immutable once built; replay traffic builds its own from the log.
 */
public final class Vocabulary {
  private final List<String> queries;
  private final List<String> classes;
  private final Map<String, Integer> index = new HashMap<>();

  public Vocabulary(List<String> queries, List<String> classes) {
    this.queries = List.copyOf(queries);
    this.classes = List.copyOf(classes);
    if (classes.size() != queries.size()) throw new IllegalArgumentException("classes must match queries");
    for (int i = 0; i < queries.size(); i++) index.putIfAbsent(queries.get(i), i);
  }

  public static Vocabulary of(List<String> queries) {
    List<String> c = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) c.add("");
    return new Vocabulary(queries, c);
  }

  /**
   * The 480 real WANDS queries (Wayfair, ECIR 2022, MIT) in the file's order, with their product
   * class. The file's order carries no popularity information; it is used as the popularity rank
   * so that the same query is popular in every run.
   */
  public static Vocabulary wands() {
    List<String> q = new ArrayList<>();
    List<String> c = new ArrayList<>();
    try (InputStream in = Vocabulary.class.getResourceAsStream("wands-queries.tsv")) {
      if (in == null) throw new IllegalStateException("wands-queries.tsv missing from the jar");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line = r.readLine(); // header
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (f.length < 2 || f[1].isBlank()) continue;
        String query = f[1].trim();
        if (q.contains(query)) continue;
        q.add(query);
        c.add(f.length > 2 ? f[2].trim() : "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Vocabulary(q, c);
  }

  /** The queries whose class is one of {@code classes}, in the same order. */
  public Vocabulary onlyClasses(java.util.Collection<String> keep) {
    List<String> q = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      if (keep.contains(classes.get(i))) {
        q.add(queries.get(i));
        c.add(classes.get(i));
      }
    }
    return new Vocabulary(q, c);
  }

  public int size() {
    return queries.size();
  }

  public String query(int id) {
    return queries.get(id);
  }

  /** The product class a query is about (WANDS), or "". */
  public String queryClass(int id) {
    return classes.get(id);
  }

  /** Id of a query, or −1. */
  public int id(String query) {
    Integer i = index.get(query);
    return i == null ? -1 : i;
  }

  public List<String> queries() {
    return queries;
  }
}
