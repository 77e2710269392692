package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.MinHashLsh.BANDS;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * MinHash's band buckets in bounded memory: the band keys of every row spill to one scratch file
 * per band (8 bytes per row, off the heap), then each band is grouped on its own into candidate
 * pairs, every row paired with the first row of its bucket (a star per bucket). Grouping a band
 * reads its file twice: first two bitsets indexed by the key's low bits mark the slots met more
 * than once, then only keys in such slots (true repeats and a few slot collisions) go into a
 * key-to-first-row map, so the map holds a small fraction of the rows whatever the input size.
 *
 * <p>Rows are numbered by position in the order they were added; with two sides (train/test), all
 * rows of side 0 come first and only pairs of a side-0 first row with a side-1 row are kept.
 */
final class LshBuckets implements AutoCloseable {
  private static final int CHUNK = 1 << 17;

  private final Path dir;
  private final FileChannel[] files = new FileChannel[BANDS];
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(CHUNK * Long.BYTES).order(ByteOrder.nativeOrder());
  private final long[] column = new long[CHUNK];
  private int[] rows;
  private int count;
  private int secondSide = -1;

  /** Buckets for about {@code expectedRows} rows, their files in a new folder under scratch. */
  LshBuckets(Path scratch, long expectedRows) {
    rows = new int[(int) Math.max(16, Math.min(expectedRows, Integer.MAX_VALUE - 8))];
    try {
      dir = Files.createTempDirectory(scratch, "lsh-");
      for (int b = 0; b < BANDS; b++) {
        files[b] =
            FileChannel.open(
                dir.resolve("band" + b),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows added from now on are the second side (the test set of a train/test check). */
  void startSecondSide() {
    secondSide = count;
  }

  /**
   * Adds the rows {@code i} in {@code [0, size)} (at most {@link TextBatches#SIZE}) with {@code
   * has[i]}: row id {@code rowIds[i]}, band {@code b}'s key {@code keys[b * stride + i]}.
   */
  void add(long[] keys, int stride, boolean[] has, long[] rowIds, int size) {
    for (int i = 0; i < size; i++) {
      if (has[i]) {
        if (rowIds[i] > Integer.MAX_VALUE) {
          throw new DataException(
              Kind.BAD_INPUT, "near-duplicate check: more than 2^31 rows; sample the table first");
        }
        if (count == rows.length) {
          rows = Arrays.copyOf(rows, rows.length * 2);
        }
        rows[count++] = (int) rowIds[i];
      }
    }
    try {
      for (int b = 0; b < BANDS; b++) {
        int n = 0;
        for (int i = 0, at = b * stride; i < size; i++, at++) {
          if (has[i]) {
            column[n++] = keys[at];
          }
        }
        buffer.clear();
        buffer.asLongBuffer().put(column, 0, n);
        buffer.limit(n * Long.BYTES);
        write(files[b]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(FileChannel file) throws IOException {
    while (buffer.hasRemaining()) {
      file.write(buffer);
    }
    buffer.clear();
  }

  /** The row id of the row at {@code position}. */
  long row(int position) {
    return rows[position];
  }

  /**
   * Candidate pairs over all bands, without repeats, each packed as {@code first << 32 | second}
   * (positions, first the bucket's first row).
   */
  LongSet pairs() {
    // 16 to 32 slots per row (a slot collision for about one key in twenty), 2^16 to 2^27 slots:
    // the two bitsets take at most 32 MB whatever the input size
    int slotBits = Math.min(27, Math.max(16, 64 - Long.numberOfLeadingZeros(count * 16L)));
    long[] seen = new long[1 << (slotBits - 6)];
    long[] twice = new long[seen.length];
    int mask = (1 << slotBits) - 1;
    long[] keys = new long[CHUNK];
    FirstRows firsts = new FirstRows();
    LongSet pairs = new LongSet(1 << 16);
    try {
      for (int b = 0; b < BANDS; b++) {
        Arrays.fill(seen, 0);
        Arrays.fill(twice, 0);
        firsts.clear();
        for (int from = 0; from < count; from += CHUNK) {
          int n = read(files[b], from, keys);
          for (int i = 0; i < n; i++) {
            int at = slot(keys[i], mask);
            long bit = 1L << at;
            if ((seen[at >>> 6] & bit) != 0) {
              twice[at >>> 6] |= bit;
            } else {
              seen[at >>> 6] |= bit;
            }
          }
        }
        for (int from = 0; from < count; from += CHUNK) {
          int n = read(files[b], from, keys);
          for (int i = 0; i < n; i++) {
            int at = slot(keys[i], mask);
            if ((twice[at >>> 6] & (1L << at)) != 0) {
              pair(firsts, pairs, keys[i], from + i);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pairs;
  }

  /** A row whose key's slot repeats: the bucket's first row, or paired with it. */
  private void pair(FirstRows firsts, LongSet pairs, long key, int position) {
    boolean second = secondSide >= 0 && position >= secondSide;
    int first = firsts.get(key);
    if (first < 0) {
      if (!second) {
        firsts.put(key, position);
      }
    } else if (secondSide < 0 || second) {
      pairs.add((long) first << 32 | position);
    }
  }

  private static int slot(long key, int mask) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  /** Reads the keys at positions {@code [from, from + CHUNK)} (or to the end) into {@code keys}. */
  private int read(FileChannel file, int from, long[] keys) throws IOException {
    int n = Math.min(CHUNK, count - from);
    buffer.clear().limit(n * Long.BYTES);
    long at = (long) from * Long.BYTES;
    while (buffer.hasRemaining()) {
      if (file.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("band file ended early");
      }
    }
    buffer.flip();
    buffer.asLongBuffer().get(keys, 0, n);
    return n;
  }

  /** Open addressing from a band key to the position of its bucket's first row. */
  private static final class FirstRows {
    private long[] keys = new long[1 << 16];
    private int[] values = new int[1 << 16];
    private int size;

    FirstRows() {
      Arrays.fill(values, -1);
    }

    void clear() {
      Arrays.fill(values, -1);
      size = 0;
    }

    /** The first row's position, or -1. */
    int get(long key) {
      int mask = keys.length - 1;
      for (int i = (int) LongSet.mix(key) & mask; values[i] >= 0; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
      }
      return -1;
    }

    /** Records a key not yet present. */
    void put(long key, int value) {
      if ((size + 1) * 2 > keys.length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldValues[i] >= 0) {
            put(oldKeys[i], oldValues[i]);
          }
        }
      }
      int mask = keys.length - 1;
      int i = (int) LongSet.mix(key) & mask;
      while (values[i] >= 0) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = value;
      size++;
    }
  }

  @Override
  public void close() {
    for (FileChannel file : files) {
      try {
        if (file != null) {
          file.close();
        }
      } catch (IOException ignored) {
        // deleting anyway
      }
    }
    for (int b = 0; b < BANDS; b++) {
      dir.resolve("band" + b).toFile().delete();
    }
    dir.toFile().delete();
  }
}
