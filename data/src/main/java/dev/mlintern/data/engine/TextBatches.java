package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Streams a table's text column in rowid batches to a per-row computation that runs on all cores
 * (each thread a contiguous slice of the batch, with its own reused {@link TextBuffers}, so the hot
 * loop allocates nothing per row), then hands each finished batch, in row order, to a sequential
 * step. Shared by MinHash and the n-gram check. Heap use is one batch, whatever the table size.
 * (Reading the next batch while computing this one was tried and was slower on 2 cores: DuckDB's
 * reader threads and the workers compete for them.)
 */
final class TextBatches {
  static final int SIZE = 65_536;
  private static final ThreadLocal<TextBuffers> BUFFERS = ThreadLocal.withInitial(TextBuffers::new);

  /**
   * One batch: row ids and texts (UTF-8, null for a null text: no decoding into Java strings) in
   * {@code [0, size)}.
   */
  static final class Batch {
    final long[] rows = new long[SIZE];
    final byte[][] texts = new byte[SIZE][];
    int size;
  }

  /**
   * The per-row work on rows {@code [from, to)} of a batch; slices run concurrently, each thread
   * with its own buffers (the loop is the caller's, so each caller's hot loop is compiled on its
   * own).
   */
  @FunctionalInterface
  interface RowWork {
    void compute(Batch batch, int from, int to, TextBuffers buffers);
  }

  private TextBatches() {}

  static void run(
      DataEngine engine,
      String table,
      String column,
      String where,
      RowWork work,
      Consumer<Batch> inOrder) {
    long max = engine.single("SELECT coalesce(max(rowid), -1) FROM " + quote(table));
    Batch batch = new Batch();
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (long from = 0; from <= max; from += SIZE) {
      read(engine, table, column, where, batch, from);
      int size = batch.size;
      IntStream.range(0, workers)
          .parallel()
          .forEach(
              w -> {
                TextBuffers buffers = BUFFERS.get();
                work.compute(
                    batch,
                    (int) ((long) size * w / workers),
                    (int) ((long) size * (w + 1) / workers),
                    buffers);
              });
      inOrder.accept(batch);
    }
  }

  private static void read(
      DataEngine engine, String table, String column, String where, Batch batch, long from) {
    batch.size = 0;
    engine.query(
        "SELECT rowid, encode("
            + quote(column)
            + ")"
            + " FROM "
            + quote(table)
            + " WHERE rowid >= "
            + from
            + " AND rowid < "
            + (from + SIZE)
            + (where == null ? "" : " AND (" + where + ")"),
        r -> {
          batch.rows[batch.size] = r.getLong(1);
          batch.texts[batch.size++] = r.getBytes(2);
        });
  }
}
