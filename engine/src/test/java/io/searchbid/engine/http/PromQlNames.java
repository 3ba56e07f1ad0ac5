package io.searchbid.engine.http;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, for checking alert rules against a scrape. A small
 * scanner, not a PromQL parser: it drops string literals, label matchers {@code {...}}, range and
 * subquery brackets {@code [...]} and the label lists of {@code by/without/on/ignoring/group_left/
 * group_right (...)}, then keeps every identifier that is not a function or aggregation (followed by
 * {@code (}), a keyword, or part of a number or duration.
 */
final class PromQlNames {

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
      "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> LABEL_LIST_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQlNames() {}

  static Set<String> metricNames(String expr) {
    String s = stripBalanced(stripStrings(expr), '{', '}');
    s = stripBalanced(s, '[', ']');
    Set<String> names = new TreeSet<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++; // a number or a duration such as 30m, 1e3
        }
        continue;
      }
      if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
          i++;
        }
        String word = s.substring(start, i);
        int j = i;
        while (j < n && Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        boolean call = j < n && s.charAt(j) == '(';
        // sum by (x) (...): an aggregation whose label list comes before its argument
        boolean aggregation = AGGREGATIONS.contains(word) && (s.startsWith("by", j) || s.startsWith("without", j));
        if (LABEL_LIST_WORDS.contains(word) && call) {
          i = skipParens(s, j); // by (instance, le): label names, not metrics
          continue;
        }
        if (!call && !aggregation && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
          names.add(word);
        }
        continue;
      }
      i++;
    }
    return names;
  }

  private static int skipParens(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '(') {
        depth++;
      } else if (s.charAt(i) == ')' && --depth == 0) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in: " + s);
  }

  private static String stripStrings(String s) {
    StringBuilder b = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
          b.append("\"\"");
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else {
        b.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed string in: " + s);
    }
    return b.toString();
  }

  private static String stripBalanced(String s, char open, char close) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close) {
        if (--depth < 0) {
          throw new IllegalArgumentException("unbalanced '" + close + "' in: " + s);
        }
      } else if (depth == 0) {
        b.append(c);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced '" + open + "' in: " + s);
    }
    return b.toString();
  }

  /** A {@code label="value"} matcher of a selector of {@code metric}. */
  record Matcher(String metric, String label, String value) {}

  /** The equality matchers ({@code =}, not {@code !=}, {@code =~}, {@code !~}) of every selector. */
  static java.util.List<Matcher> equalityMatchers(String expr) {
    java.util.List<Matcher> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{").matcher(expr);
    int from = 0;
    while (m.find(from)) {
      String metric = m.group(1);
      int i = m.end();
      while (true) {
        while (i < expr.length() && (Character.isWhitespace(expr.charAt(i)) || expr.charAt(i) == ',')) {
          i++;
        }
        if (expr.charAt(i) == '}') {
          i++;
          break;
        }
        int start = i;
        while (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_') {
          i++;
        }
        String label = expr.substring(start, i);
        while (Character.isWhitespace(expr.charAt(i))) {
          i++;
        }
        int opStart = i;
        while ("=!~".indexOf(expr.charAt(i)) >= 0) {
          i++;
        }
        String op = expr.substring(opStart, i);
        while (Character.isWhitespace(expr.charAt(i))) {
          i++;
        }
        char quote = expr.charAt(i++);
        StringBuilder v = new StringBuilder();
        while (expr.charAt(i) != quote) {
          if (expr.charAt(i) == '\\') {
            i++;
          }
          v.append(expr.charAt(i++));
        }
        i++;
        if (op.equals("=")) {
          out.add(new Matcher(metric, label, v.toString()));
        }
      }
      from = i;
    }
    return out;
  }
}
