package io.searchbid.auction;

import java.util.Arrays;

/**
 * Small open-addressing map from int keys to non-negative int values, cleared per use; scratch for
 * per-auction dedupe without allocation. Not thread-safe.
 */
final class IntIntTable {
  private int[] keys = new int[64];
  private int[] values = new int[64]; // value + 1; 0 = empty
  private int size;

  void clear() {
    if (size > 0) {
      Arrays.fill(values, 0);
      size = 0;
    }
  }

  /** The value for {@code key}, or -1. */
  int get(int key) {
    return values[find(key)] - 1;
  }

  void put(int key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = find(key);
    if (values[i] == 0) {
      size++;
      keys[i] = key;
    }
    values[i] = value + 1;
  }

  /** The value for {@code key} if present (unchanged), else puts {@code value} and returns -1: one probe. */
  int putIfAbsent(int key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = find(key);
    if (values[i] != 0) {
      return values[i] - 1;
    }
    size++;
    keys[i] = key;
    values[i] = value + 1;
    return -1;
  }

  private int find(int key) {
    int mask = keys.length - 1;
    int i = ((key * 0x9E3779B9) >>> 16) & mask;
    while (values[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != 0) {
        int j = find(oldKeys[i]);
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }
}
