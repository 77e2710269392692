package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.literal;
import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.ContentHash;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes a table as Parquet ({@code .parquet}), JSON Lines ({@code .jsonl}/{@code .json}) or CSV
 * ({@code .csv}) and records its content hash beside it in {@code <file>.manifest.json} (rows,
 * columns, sha256, source). Both files are written to temporary names and moved into place
 * atomically, so a failure never leaves half an output.
 */
public final class OutputWriter {
  /** What was written. */
  public record Output(Path path, long rows, String sha256, Path manifest) {}

  private final DataEngine engine;

  public OutputWriter(DataEngine engine) {
    this.engine = engine;
  }

  /**
   * Where {@link #write} has DuckDB write {@code out} before moving it into place: the path to
   * allow when {@link DataEngine#lock locking} the engine.
   */
  public static Path staging(Path out) {
    return out.toAbsolutePath().getParent().resolve("." + out.getFileName() + ".tmp");
  }

  public Output write(Table table, Path out) {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    String format =
        name.endsWith(".parquet")
            ? "(FORMAT parquet, COMPRESSION zstd)"
            : name.endsWith(".jsonl") || name.endsWith(".json")
                ? "(FORMAT json)"
                : name.endsWith(".csv") ? "(FORMAT csv, HEADER)" : null;
    if (format == null) {
      throw new DataException(
          Kind.BAD_INPUT,
          out + ": unknown output format; end the name with .parquet, .jsonl or .csv");
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = staging(out);
    Path manifestTmp = dir.resolve("." + out.getFileName() + ".manifest.tmp");
    try {
      Files.createDirectories(dir);
      engine.execute(
          "COPY (SELECT * FROM "
              + quote(table.name())
              + ") TO "
              + literal(tmp.toString())
              + " "
              + format);
      String sha = ContentHash.sha256(tmp);
      ObjectNode manifest = Profiler.JSON.createObjectNode();
      manifest.put("file", out.getFileName().toString());
      manifest.put("rows", table.rows());
      manifest.put("sha256", sha);
      manifest.put("source", table.source());
      var columns = manifest.putArray("columns");
      table.columns().forEach(c -> columns.addObject().put("name", c.name()).put("type", c.type()));
      Files.writeString(manifestTmp, manifest.toPrettyString());
      Path manifestPath = dir.resolve(out.getFileName() + ".manifest.json");
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          manifestTmp,
          manifestPath,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return new Output(out, table.rows(), sha, manifestPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(manifestTmp);
      } catch (IOException ignored) {
        // nothing more to clean
      }
    }
  }
}
