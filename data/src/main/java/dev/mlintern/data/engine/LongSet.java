package dev.mlintern.data.engine;

/**
 * An open-addressing set of longs that grows as it fills: no boxing, one array probe per look-up.
 * For the n-gram check's evaluation hashes and MinHash's candidate pairs.
 */
final class LongSet {
  private long[] slots;
  private boolean hasZero;
  private int size;

  LongSet(int expected) {
    slots = new long[Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1];
  }

  /** Adds {@code v}; false when it was already there. */
  boolean add(long v) {
    if (v == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    int i = slot(v);
    if (slots[i] == v) {
      return false;
    }
    slots[i] = v;
    size++;
    return true;
  }

  boolean contains(long v) {
    return v == 0 ? hasZero : slots[slot(v)] == v;
  }

  /** Where {@code v} (not 0) is, or the empty slot where it would go. */
  private int slot(long v) {
    int mask = slots.length - 1;
    int i = (int) mix(v) & mask;
    while (slots[i] != 0 && slots[i] != v) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** The values, in no particular order. */
  long[] toArray() {
    long[] out = new long[size + (hasZero ? 1 : 0)];
    int n = 0;
    for (long v : slots) {
      if (v != 0) {
        out[n++] = v;
      }
    }
    return out;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long v : old) {
      if (v != 0) {
        add(v);
      }
    }
  }

  /** splitmix64's finalizer: every input bit reaches every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
