package io.searchbid.auction;

/** Boundary validation helpers; messages name the field, the value and the rule. */
final class Checks {
  private Checks() {}

  static String nonBlank(String value, String field, String where) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          field + " must be non-empty, got " + (value == null ? "null" : "'" + value + "'") + where);
    }
    return value;
  }

  static long positive(long value, String field, String where) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value + where);
    }
    return value;
  }

  static long nonNegative(long value, String field, String where) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value + where);
    }
    return value;
  }

  static <T> T notNull(T value, String field, String where) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be given, got null" + where);
    }
    return value;
  }

  static String forId(String kind, String id) {
    return " for " + kind + " '" + id + "'";
  }
}
