package dev.mlintern.data.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.MinHashLsh;
import dev.mlintern.data.engine.NGramOverlap;
import dev.mlintern.data.engine.Profiler;
import dev.mlintern.data.engine.Transforms;
import java.nio.file.Path;
import java.util.List;

/**
 * The data engine benchmark (a command, not a test; see scripts/bench-data.sh): load and profile a
 * JSONL file, exact dedup, MinHash near-duplicates and 13-gram contamination against an evaluation
 * file, each timed, then the raw-DuckDB queries of {@link RawQueries} on the same file. Prints one
 * JSON object shaped like the Python twin's ({@code data/bench/data_bench.py}) so the script can
 * compare them. Usage: {@code DataBench TRAIN.jsonl EVAL.jsonl [memory_limit] [threads]}.
 */
public final class DataBench {
  private DataBench() {}

  public static void main(String[] args) throws Exception {
    Path train = Path.of(args[0]);
    Path eval = Path.of(args[1]);
    String memory = args.length > 2 ? args[2] : "512MB";
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
    try (DataEngine engine = DataEngine.open(scratch, memory, threads)) {
      long t = mark();
      Table table = engine.load("train", train);
      new Profiler(engine).profile(table, "label");
      stage(out, "profile", t).put("rows", table.rows());

      t = mark();
      Table unique = new Transforms(engine).dedup(table, List.of("text", "label"));
      stage(out, "dedup", t).put("removed", table.rows() - unique.rows());
      engine.execute("DROP TABLE " + unique.name());

      t = mark();
      MinHashLsh.Result near = new MinHashLsh(engine, 0.8).within("train", "text");
      stage(out, "minhash", t)
          .put("pairs", near.pairs())
          .put("rows_with_duplicate", near.rowsWithDuplicate());

      t = mark();
      engine.load("eval", eval);
      NGramOverlap.Result grams =
          new NGramOverlap(engine, 13).check("train", "text", "eval", "text");
      stage(out, "ngram", t).put("contaminated", grams.contaminated());
    }
    ObjectNode raw = out.putObject("raw_duckdb");
    long[] started = {0};
    RawQueries.run(
        train,
        memory,
        threads,
        new RawQueries.Stage() {
          @Override
          public void start() {
            started[0] = mark();
          }

          @Override
          public void done(String name, long firstColumn) {
            stage(raw, name, started[0]).put("first_column", firstColumn);
          }
        });
    System.out.println(out);
  }

  private static long cpuStart;

  /**
   * Starts a stage: wall clock now, and this process's CPU time (all threads, DuckDB's included)
   * from /proc.
   */
  private static long mark() {
    cpuStart = cpuTicks();
    return System.nanoTime();
  }

  private static long cpuTicks() {
    try {
      String[] f =
          java.nio.file.Files.readString(Path.of("/proc/self/stat"))
              .replaceAll("^.*\\) ", "")
              .split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (Exception e) {
      return 0;
    }
  }

  private static ObjectNode stage(ObjectNode out, String name, long start) {
    ObjectNode stage = out.putObject(name);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuTicks() - cpuStart) / 100.0;
    stage.put("seconds", wall);
    stage.put("cpu_seconds", cpu);
    System.err.printf("%s: %.1f s (cpu %.1f s)%n", name, wall, cpu);
    return stage.putObject("result");
  }
}
