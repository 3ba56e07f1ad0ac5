package io.searchbid.auction;

import java.util.Arrays;

/**
 * The token dictionary of {@link AdIndex}: string → dense int id (0, 1, 2, … in order of first
 * sight), ids never reused.
 *
 * <p>Laid out for the lookup of query tokens, once per token per auction: one {@code long[]}
 * open-addressing table (linear probing) whose entries hold the term's {@link String#hashCode()}
 * and the offset of its record in one {@code char[]} pool, the record being {@code [length (2
 * chars), id (2 chars), the term's chars]}. A lookup reads one table line and one pool line — a
 * {@code HashMap<String, Integer>} reads the bucket, the node, the key string, its bytes and the
 * boxed id. Not thread-safe (the index guards it with its lock).
 */
final class TermDictionary {
  private static final int HEADER = 4;
  /** {@code hashCode << 32 | (pool offset + 1)}; 0 = empty. */
  private long[] table = new long[64];
  private char[] pool = new char[1024];
  private int poolSize;
  private int size;

  int size() {
    return size;
  }

  /** The term's id, or -1 if it was never interned. */
  int get(String term) {
    int h = term.hashCode();
    long[] t = table;
    int mask = t.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      long e = t[i];
      if (e == 0) {
        return -1;
      }
      if ((int) (e >>> 32) == h) {
        int at = (int) e - 1;
        if (sameTerm(at, term)) {
          return pool[at + 2] << 16 | pool[at + 3];
        }
      }
    }
  }

  /** The term's id, assigning the next one if it is new. */
  int intern(String term) {
    int id = get(term);
    if (id >= 0) {
      return id;
    }
    if ((size + 1) * 2 > table.length) {
      grow();
    }
    int len = term.length();
    if (poolSize + HEADER + len > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + HEADER + len));
    }
    int at = poolSize;
    id = size++;
    pool[at] = (char) (len >>> 16);
    pool[at + 1] = (char) len;
    pool[at + 2] = (char) (id >>> 16);
    pool[at + 3] = (char) id;
    term.getChars(0, len, pool, at + HEADER);
    poolSize += HEADER + len;
    insert(table, term.hashCode(), at);
    return id;
  }

  private boolean sameTerm(int at, String term) {
    int len = pool[at] << 16 | pool[at + 1];
    if (len != term.length()) {
      return false;
    }
    int from = at + HEADER;
    for (int i = 0; i < len; i++) {
      if (pool[from + i] != term.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int slot(int h, int mask) {
    int x = h * 0x9E3779B9; // String.hashCode is weak in its low bits for short terms
    return (x ^ x >>> 16) & mask;
  }

  private static void insert(long[] t, int h, int at) {
    int mask = t.length - 1;
    int i = slot(h, mask);
    while (t[i] != 0) {
      i = (i + 1) & mask;
    }
    t[i] = (long) h << 32 | (at + 1L);
  }

  private void grow() {
    long[] next = new long[table.length * 2];
    for (long e : table) {
      if (e != 0) {
        insert(next, (int) (e >>> 32), (int) e - 1);
      }
    }
    table = next;
  }
}
