package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Near-duplicate texts by MinHash with locality-sensitive hashing, in bounded memory. Texts are
 * lower-cased and split into letter/digit words; shingles are {@value #SHINGLE} consecutive words
 * hashed with CRC-32; each of {@value #PERMUTATIONS} hash functions is multiply-shift {@code (a*x +
 * b) >>> 32}; the signature is cut into {@value #BANDS} bands. Band keys stream into a DuckDB table
 * (not the Java heap); rows sharing a band key become candidate pairs, which are verified by exact
 * Jaccard similarity of their shingle sets. The benchmark's Python twin implements exactly this, so
 * the two agree pair for pair.
 */
public final class MinHashLsh {
  public static final int SHINGLE = 3;
  public static final int PERMUTATIONS = 64;
  public static final int BANDS = 16;
  static final int ROWS_PER_BAND = PERMUTATIONS / BANDS;
  static final long[] A = new long[PERMUTATIONS];
  static final long[] B = new long[PERMUTATIONS];

  static {
    SplittableRandom random = new SplittableRandom(20260417L);
    for (int i = 0; i < PERMUTATIONS; i++) {
      A[i] = random.nextLong() | 1L;
      B[i] = random.nextLong();
    }
  }

  /**
   * A verified pair: row numbers (0-based, as in the table) and the Jaccard similarity of their
   * shingles.
   */
  public record Pair(long first, long second, double jaccard) {}

  /**
   * Pairs found, how many rows (of the second side) have a near-duplicate, and the first few pairs
   * as examples.
   */
  public record Result(long pairs, long rowsWithDuplicate, List<Pair> examples) {}

  private final DataEngine engine;
  private final double threshold;

  public MinHashLsh(DataEngine engine, double threshold) {
    this.engine = engine;
    this.threshold = threshold;
  }

  /** Near-duplicate pairs inside one table's text column. */
  public Result within(String table, String column) {
    String lsh = "lsh_" + Math.abs(System.nanoTime() % 1_000_000);
    createLsh(lsh);
    SeenKeys seen = new SeenKeys(engine.single("SELECT count(*) FROM " + quote(table)));
    append(lsh, table, column, 0, seen);
    String candidates = bandUnion(lsh, false);
    return verify(candidates, table, table, column, column, lsh);
  }

  /** Rows of {@code second} with a near-duplicate in {@code first} (train/test overlap). */
  public Result across(String first, String firstColumn, String second, String secondColumn) {
    String lsh = "lsh_" + Math.abs(System.nanoTime() % 1_000_000);
    createLsh(lsh);
    SeenKeys seen =
        new SeenKeys(
            engine.single("SELECT count(*) FROM " + quote(first))
                + engine.single("SELECT count(*) FROM " + quote(second)));
    append(lsh, first, firstColumn, 0, seen);
    append(lsh, second, secondColumn, 1, seen);
    String candidates = bandUnion(lsh, true);
    return verify(candidates, first, second, firstColumn, secondColumn, lsh);
  }

  private void createLsh(String lsh) {
    StringBuilder ddl =
        new StringBuilder(
            "CREATE OR REPLACE TABLE " + lsh + " (row BIGINT, side INTEGER, repeats INTEGER");
    for (int b = 0; b < BANDS; b++) {
      ddl.append(", b").append(b).append(" BIGINT");
    }
    engine.execute(ddl.append(')').toString());
  }

  /**
   * Streams the texts in rowid batches ({@link TextBatches}: band keys computed on two threads
   * while the next batch is read) and appends the keys in row order through a second connection (a
   * streaming result and an appender on one connection slow each other down). Heap use is two
   * batches, whatever the table size.
   */
  private void append(String lsh, String table, String column, int side, SeenKeys seen) {
    try (Connection writer = ((DuckDBConnection) engine.connection()).duplicate();
        DuckDBAppender appender =
            ((DuckDBConnection) writer).createAppender(DuckDBConnection.DEFAULT_SCHEMA, lsh)) {
      long[] keys = new long[TextBatches.SIZE * BANDS];
      boolean[] has = new boolean[TextBatches.SIZE];
      TextBatches.run(
          engine,
          table,
          column,
          null,
          (batch, from, to, buffers) -> {
            for (int i = from; i < to; i++) {
              String text = batch.texts[i];
              int shingles = text == null ? 0 : buffers.shingles(text);
              has[i] = signature(buffers.shingles, shingles, buffers.signature);
              if (has[i]) {
                bandKeys(buffers.signature, keys, i * BANDS);
              }
            }
          },
          batch -> {
            try {
              for (int i = 0; i < batch.size; i++) {
                if (!has[i]) {
                  continue;
                }
                appender
                    .beginRow()
                    .append(batch.rows[i])
                    .append(side)
                    .append(seen.repeats(keys, i * BANDS));
                for (int k = i * BANDS, end = k + BANDS; k < end; k++) {
                  appender.append(keys[k]);
                }
                appender.endRow();
              }
            } catch (SQLException e) {
              throw DataEngine.sqlError(e);
            }
          });
    } catch (SQLException e) {
      throw DataEngine.sqlError(e);
    }
  }

  /** The band keys of a text's MinHash signature, or null when it has no words. */
  static long[] bandKeys(String text) {
    int[] signature = new int[PERMUTATIONS];
    if (text == null || !signature(WordShingles.shingles(text), signature)) {
      return null;
    }
    long[] keys = new long[BANDS];
    bandKeys(signature, keys);
    return keys;
  }

  /**
   * Which band keys may have been seen before, in row order, in bounded memory: one bitset per band
   * indexed by the key's low bits. A key met for the second time always finds its bit set, so every
   * bucket with two or more rows has a flagged row; a flag can also be a false alarm (another key
   * with the same bits), which only costs the band query a little work.
   */
  private static final class SeenKeys {
    private final long[][] bits = new long[BANDS][];
    private final int mask;

    SeenKeys(long rows) {
      // 16 to 32 bits per row and band (a false alarm on one row in 16 or fewer), at most 4 MB per
      // band whatever the input size
      long size = Long.highestOneBit(Math.max(1 << 16, Math.min(1L << 25, rows * 32)));
      mask = (int) (size - 1);
      for (int b = 0; b < BANDS; b++) {
        bits[b] = new long[(int) (size / 64)];
      }
    }

    /** Marks the row's band keys seen; returns a bit per band whose key may have come before. */
    int repeats(long[] keys, int offset) {
      int flags = 0;
      for (int b = 0; b < BANDS; b++) {
        int at = (int) (keys[offset + b] ^ (keys[offset + b] >>> 32)) & mask;
        long bit = 1L << at;
        long[] words = bits[b];
        if ((words[at >>> 6] & bit) != 0) {
          flags |= 1 << b;
        } else {
          words[at >>> 6] |= bit;
        }
      }
      return flags;
    }
  }

  /**
   * Candidate pairs: for each band, every row paired with the first row of its bucket (a star per
   * bucket). Only buckets holding a flagged row ({@link SeenKeys}) can hold two rows, so each band
   * first keeps the rows whose key is among the flagged ones (a cheap probe of a small hash set)
   * and groups only those, instead of grouping every row.
   */
  private String bandUnion(String lsh, boolean across) {
    List<String> parts = new ArrayList<>();
    for (int b = 0; b < BANDS; b++) {
      String key = "b" + b;
      String rows =
          "SELECT row, side, "
              + key
              + " AS k FROM "
              + lsh
              + " WHERE "
              + key
              + " IN (SELECT "
              + key
              + " FROM "
              + lsh
              + " WHERE repeats & "
              + (1 << b)
              + " <> 0)";
      parts.add(
          "(WITH s AS MATERIALIZED ("
              + rows
              + "), f AS (SELECT k, min(row)"
              + (across ? " FILTER (WHERE side = 0)" : "")
              + " AS a FROM s GROUP BY k HAVING count(*) > 1)"
              + " SELECT f.a, s.row AS b FROM f JOIN s ON s.k = f.k WHERE "
              + (across ? "s.side = 1 AND f.a IS NOT NULL" : "s.row <> f.a")
              + ")");
    }
    return "SELECT DISTINCT a, b FROM (" + String.join(" UNION ALL ", parts) + ")";
  }

  private Result verify(
      String candidates,
      String firstTable,
      String secondTable,
      String firstColumn,
      String secondColumn,
      String lsh) {
    String pairs = lsh + "_pairs";
    engine.execute(
        "CREATE OR REPLACE TABLE "
            + pairs
            + " AS WITH c AS ("
            + candidates
            + ") SELECT c.a, c.b, x."
            + quote(firstColumn)
            + " AS ta, y."
            + quote(secondColumn)
            + " AS tb FROM c JOIN "
            + quote(firstTable)
            + " x ON x.rowid = c.a JOIN "
            + quote(secondTable)
            + " y ON y.rowid = c.b");
    engine.execute("DROP TABLE IF EXISTS " + lsh);
    long[] count = {0};
    BitSet rows = new BitSet();
    // the pairs come in no particular order (sorting them all would not fit in memory_limit on big
    // inputs), so the
    // examples are the verified pairs with the smallest rows, kept in a small sorted set
    java.util.TreeSet<Pair> examples =
        new java.util.TreeSet<>(
            java.util.Comparator.comparingLong(Pair::second).thenComparingLong(Pair::first));
    engine.scan(
        pairs,
        "a, b, ta, tb",
        null,
        r -> {
          double j =
              WordShingles.jaccard(
                  WordShingles.shingles(r.getString(4)), WordShingles.shingles(r.getString(5)));
          if (j >= threshold) {
            count[0]++;
            long b = r.getLong(3);
            if (b < Integer.MAX_VALUE) {
              rows.set((int) b);
            }
            examples.add(new Pair(r.getLong(2), b, Math.round(j * 1000) / 1000.0));
            if (examples.size() > 5) {
              examples.pollLast();
            }
          }
        });
    engine.execute("DROP TABLE IF EXISTS " + pairs);
    return new Result(count[0], rows.cardinality(), List.copyOf(examples));
  }

  /** Fills {@code signature}; false when the text has no words. */
  static boolean signature(int[] shingles, int[] signature) {
    return signature(shingles, shingles.length, signature);
  }

  /**
   * Fills {@code signature} from the first {@code n} shingles; false when there are none. The inner
   * loop runs over the permutations with the shingle fixed, keeping running minima in {@code int}s:
   * {@code (a*x + b) >>> 32} fits 32 unsigned bits, and flipping its sign bit makes signed order
   * unsigned order, so {@code Math.min} on ints (cheap, branch-free) gives the same minimum as the
   * 64-bit comparison, about twice as fast.
   */
  static boolean signature(int[] shingles, int n, int[] signature) {
    if (n == 0) {
      return false;
    }
    java.util.Arrays.fill(signature, Integer.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      long x = shingles[i] & 0xFFFFFFFFL;
      for (int p = 0; p < PERMUTATIONS; p++) {
        signature[p] = Math.min(signature[p], (int) ((A[p] * x + B[p]) >>> 32) ^ Integer.MIN_VALUE);
      }
    }
    for (int p = 0; p < PERMUTATIONS; p++) {
      signature[p] ^= Integer.MIN_VALUE;
    }
    return true;
  }

  static void bandKeys(int[] signature, long[] keys) {
    bandKeys(signature, keys, 0);
  }

  /**
   * Writes the {@value #BANDS} band keys of {@code signature} into {@code keys} from {@code
   * offset}.
   */
  static void bandKeys(int[] signature, long[] keys, int offset) {
    for (int band = 0; band < BANDS; band++) {
      long h = band + 1;
      for (int r = band * ROWS_PER_BAND; r < (band + 1) * ROWS_PER_BAND; r++) {
        h = h * 0x100000001B3L ^ (signature[r] & 0xFFFFFFFFL);
      }
      keys[offset + band] = h;
    }
  }

  static void requireText(DataEngine.Table table, String column) {
    DataEngine.Column c = table.require(column, "text column");
    if (!c.text()) {
      throw new DataException(
          Kind.BAD_INPUT,
          table.source()
              + ": column '"
              + column
              + "' is "
              + c.type()
              + ", not text; near-duplicate and contamination checks need a text column");
    }
  }
}
