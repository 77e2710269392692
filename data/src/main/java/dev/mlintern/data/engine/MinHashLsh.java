package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Near-duplicate texts by MinHash with locality-sensitive hashing, in bounded memory. Texts are
 * lower-cased and split into letter/digit words; shingles are {@value #SHINGLE} consecutive words
 * hashed with CRC-32; each of {@value #PERMUTATIONS} hash functions is multiply-shift {@code (a*x +
 * b) >>> 32}; the signature is cut into {@value #BANDS} bands. Band keys spill to scratch files
 * (not the Java heap, {@link LshBuckets}); rows sharing a band key become candidate pairs, which
 * are verified by exact Jaccard similarity of their shingle sets. The benchmark's Python twin
 * implements exactly this, so the two agree pair for pair.
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
    try (LshBuckets buckets = new LshBuckets(engine.scratch(), rows(table))) {
      add(buckets, table, column);
      return verify(buckets, table, table, column, column);
    }
  }

  /** Rows of {@code second} with a near-duplicate in {@code first} (train/test overlap). */
  public Result across(String first, String firstColumn, String second, String secondColumn) {
    try (LshBuckets buckets = new LshBuckets(engine.scratch(), rows(first) + rows(second))) {
      add(buckets, first, firstColumn);
      buckets.startSecondSide();
      add(buckets, second, secondColumn);
      return verify(buckets, first, second, firstColumn, secondColumn);
    }
  }

  private long rows(String table) {
    return engine.single("SELECT count(*) FROM " + quote(table));
  }

  /**
   * Streams the texts in rowid batches ({@link TextBatches}: band keys computed on all cores) and
   * adds each batch's keys, in row order, to the buckets. Heap use is one batch, whatever the table
   * size.
   */
  private void add(LshBuckets buckets, String table, String column) {
    long[] keys = new long[TextBatches.SIZE * BANDS];
    boolean[] has = new boolean[TextBatches.SIZE];
    TextBatches.run(
        engine,
        table,
        column,
        null,
        (batch, from, to, buffers) -> {
          for (int i = from; i < to; i++) {
            byte[] text = batch.texts[i];
            int shingles = text == null ? 0 : buffers.shingles(text);
            has[i] = signature(buffers.shingles, shingles, buffers.signature);
            if (has[i]) {
              bandKeys(buffers.signature, keys, i, TextBatches.SIZE);
            }
          }
        },
        batch -> buckets.add(keys, TextBatches.SIZE, has, batch.rows, batch.size));
  }

  /**
   * Verifies the candidate pairs by exact Jaccard similarity: the pairs go into a DuckDB table,
   * joined there with both rows' texts (read as UTF-8 bytes), in no particular order (sorting them
   * all would not fit in memory_limit on big inputs), so the examples are the verified pairs with
   * the smallest rows, kept in a small sorted set.
   */
  private Result verify(
      LshBuckets buckets,
      String firstTable,
      String secondTable,
      String firstColumn,
      String secondColumn) {
    String candidates = "lsh_" + Math.abs(System.nanoTime() % 1_000_000);
    engine.execute("CREATE OR REPLACE TABLE " + candidates + " (a BIGINT, b BIGINT)");
    try (DuckDBAppender appender =
        ((DuckDBConnection) engine.connection())
            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, candidates)) {
      for (long pair : buckets.pairs().toArray()) {
        appender
            .beginRow()
            .append(buckets.row((int) (pair >>> 32)))
            .append(buckets.row((int) pair))
            .endRow();
      }
    } catch (SQLException e) {
      throw DataEngine.sqlError(e);
    }
    String pairs = candidates + "_pairs";
    engine.execute(
        "CREATE OR REPLACE TABLE "
            + pairs
            + " AS SELECT c.a, c.b, encode(x."
            + quote(firstColumn)
            + ") AS ta, encode(y."
            + quote(secondColumn)
            + ") AS tb FROM "
            + candidates
            + " c JOIN "
            + quote(firstTable)
            + " x ON x.rowid = c.a JOIN "
            + quote(secondTable)
            + " y ON y.rowid = c.b");
    engine.execute("DROP TABLE IF EXISTS " + candidates);
    long[] count = {0};
    BitSet rows = new BitSet();
    TreeSet<Pair> examples =
        new TreeSet<>(Comparator.comparingLong(Pair::second).thenComparingLong(Pair::first));
    engine.scan(
        pairs,
        "a, b, ta, tb",
        null,
        r -> {
          double j =
              WordShingles.jaccard(
                  WordShingles.shingles(r.getBytes(4)), WordShingles.shingles(r.getBytes(5)));
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

  /**
   * Writes the {@value #BANDS} band keys of {@code signature} into {@code keys}, band-major: band
   * {@code b}'s key at {@code b * stride + row}, so each band's keys of a batch lie together.
   */
  static void bandKeys(int[] signature, long[] keys, int row, int stride) {
    for (int band = 0; band < BANDS; band++) {
      long h = band + 1;
      for (int r = band * ROWS_PER_BAND; r < (band + 1) * ROWS_PER_BAND; r++) {
        h = h * 0x100000001B3L ^ (signature[r] & 0xFFFFFFFFL);
      }
      keys[band * stride + row] = h;
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
