package dev.mlintern.data.posttrain;

import static dev.mlintern.data.posttrain.Synthesizer.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.MinHashLsh;
import dev.mlintern.data.engine.NGramOverlap;
import dev.mlintern.data.engine.OutputWriter;
import dev.mlintern.data.engine.Transforms;
import dev.mlintern.data.posttrain.Synthesizer.Dropped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cleans generated items with the data engine's own checks: exact duplicates (the same prompt),
 * near duplicates ({@link MinHashLsh} on the prompts, Jaccard 0.8) and contamination ({@link
 * NGramOverlap}: an item sharing an n-gram with the evaluation set). The engine's checks report a
 * few example rows per pass, so each pass drops those and runs again until none is left; a
 * synthetic set is small. Writes the survivors and a manifest ({@code <out>.synthesis.json}) of
 * every dropped item and why, both atomically.
 */
public final class SyntheticFilter {
  /** The evaluation set items must not overlap: its table, text column and n-gram length. */
  public record EvalSet(Table table, String column, int n) {
    /** {@code column} null: {@code prompt}, {@code question} or {@code text}, whichever it has. */
    public static EvalSet of(Table table, String column, int n) {
      String chosen =
          column != null
              ? column
              : List.of("prompt", "question", "text").stream()
                  .filter(c -> table.column(c).isPresent())
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new DataException(
                              Kind.BAD_INPUT,
                              table.source()
                                  + " has no prompt, question or text column; name its text column"
                                  + " (columns are: "
                                  + table.columnList()
                                  + ")"));
      table.require(chosen, "evaluation text");
      return new EvalSet(table, chosen, n);
    }
  }

  static final double NEAR_DUPLICATE = 0.8;

  private final DataEngine engine;
  private int tables;

  SyntheticFilter(DataEngine engine) {
    this.engine = engine;
  }

  SynthesisReport clean(String model, Synthesizer.Drafts drafts, EvalSet eval, Path out) {
    List<Dropped> dropped = new ArrayList<>(drafts.dropped());
    List<ObjectNode> items = drafts.items();
    List<ObjectNode> kept = items.isEmpty() ? List.of() : survivors(items, eval, dropped);
    Path manifest = out.resolveSibling(out.getFileName() + ".synthesis.json");
    writeManifest(model, drafts, kept.size(), dropped, manifest);
    if (kept.isEmpty()) {
      throw new DataException(
          Kind.NOTHING_KEPT,
          "no generated item survived ("
              + drafts.calls()
              + " generator calls; stopped: "
              + drafts.stop()
              + "); see why in "
              + manifest);
    }
    Path staging = engine.scratch().resolve("synthesized-" + System.nanoTime() + ".jsonl");
    try {
      write(kept, staging);
      OutputWriter.Output output =
          new OutputWriter(engine).write(engine.load("synth", staging), out);
      Map<String, Long> counts =
          dropped.stream().collect(Collectors.groupingBy(Dropped::reason, Collectors.counting()));
      return new SynthesisReport(
          output,
          manifest,
          drafts.calls(),
          drafts.usage(),
          drafts.costUsd(),
          drafts.stop(),
          counts);
    } finally {
      try {
        Files.deleteIfExists(staging);
      } catch (IOException ignored) {
        // scratch is removed with the engine
      }
    }
  }

  private List<ObjectNode> survivors(List<ObjectNode> items, EvalSet eval, List<Dropped> dropped) {
    Path staging = engine.scratch().resolve("drafts-" + System.nanoTime() + ".jsonl");
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ObjectNode item = items.get(i);
      rows.add(
          item.deepCopy()
              .put("idx", i)
              .put("text", item.get("prompt").asText() + "\n" + item.get("answer").asText()));
    }
    write(rows, staging);
    Table drafts = engine.load("drafts", staging);
    Table exact = new Transforms(engine).dedup(drafts, List.of("prompt"));
    for (long idx : missing(drafts, exact)) {
      dropped.add(
          new Dropped("exact duplicate", "the same prompt as an earlier item", item(items, idx)));
    }
    Table table =
        dropInPasses(
            exact,
            "near duplicate",
            t ->
                new MinHashLsh(engine, NEAR_DUPLICATE)
                    .within(t.name(), "prompt").examples().stream()
                        .collect(
                            Collectors.toMap(
                                MinHashLsh.Pair::second,
                                p ->
                                    "prompt similar (Jaccard "
                                        + p.jaccard()
                                        + ") to an earlier item",
                                (a, b) -> a,
                                TreeMap::new)),
            items,
            dropped);
    if (eval != null) {
      table =
          dropInPasses(
              table,
              "contaminated",
              t ->
                  new NGramOverlap(engine, eval.n())
                          .check(eval.table().name(), eval.column(), t.name(), "text")
                          .examples()
                          .stream()
                          .collect(
                              Collectors.toMap(
                                  NGramOverlap.Hit::evalRow,
                                  h ->
                                      "shares the "
                                          + eval.n()
                                          + "-gram '"
                                          + h.ngram()
                                          + "' with evaluation row "
                                          + (h.trainRow() + 1),
                                  (a, b) -> a,
                                  TreeMap::new)),
              items,
              dropped);
    }
    List<ObjectNode> kept = new ArrayList<>();
    engine.query(
        "SELECT idx FROM " + DataEngine.quote(table.name()) + " ORDER BY idx",
        r -> kept.add(output(items.get(r.getInt(1)), kept.size())));
    return kept;
  }

  /**
   * Drops the rows {@code finder} names (row number to why) and asks again, until it names none.
   */
  private Table dropInPasses(
      Table table,
      String reason,
      Function<Table, Map<Long, String>> finder,
      List<ObjectNode> items,
      List<Dropped> dropped) {
    for (Map<Long, String> rows = finder.apply(table);
        !rows.isEmpty();
        rows = finder.apply(table)) {
      String list = rows.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
      String name = DataEngine.quote(table.name());
      Map<Long, String> why = new LinkedHashMap<>(rows);
      engine.query(
          "SELECT rowid, idx FROM " + name + " WHERE rowid IN (" + list + ")",
          r -> dropped.add(new Dropped(reason, why.get(r.getLong(1)), item(items, r.getLong(2)))));
      table =
          engine.derive(
              "synth_" + tables++,
              "SELECT * FROM " + name + " WHERE rowid NOT IN (" + list + ") ORDER BY rowid",
              table.source());
    }
    return table;
  }

  /** The {@code idx} of the rows of {@code before} that {@code after} lacks. */
  private List<Long> missing(Table before, Table after) {
    List<Long> idx = new ArrayList<>();
    engine.query(
        "SELECT idx FROM "
            + DataEngine.quote(before.name())
            + " WHERE idx NOT IN (SELECT idx FROM "
            + DataEngine.quote(after.name())
            + ") ORDER BY idx",
        r -> idx.add(r.getLong(1)));
    return idx;
  }

  private static JsonNode item(List<ObjectNode> items, long idx) {
    return items.get((int) idx);
  }

  /** A kept item as written: id, prompt, answer and the chat messages SFT trains on. */
  private static ObjectNode output(ObjectNode item, int index) {
    ObjectNode row = JSON.createObjectNode().put("id", String.format("syn-%05d", index));
    row.put("prompt", item.get("prompt").asText()).put("answer", item.get("answer").asText());
    ArrayNode messages = row.putArray("messages");
    messages.addObject().put("role", "user").put("content", item.get("prompt").asText());
    messages.addObject().put("role", "assistant").put("content", item.get("answer").asText());
    return row;
  }

  private static void write(List<ObjectNode> rows, Path file) {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ObjectNode row : rows) {
        writer.write(JSON.writeValueAsString(row));
        writer.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeManifest(
      String model, Synthesizer.Drafts drafts, int kept, List<Dropped> dropped, Path manifest) {
    ObjectNode json = JSON.createObjectNode();
    json.put("model", model)
        .put("calls", drafts.calls())
        .put("input_tokens", drafts.usage().promptTokens())
        .put("output_tokens", drafts.usage().outputTokens())
        .put("cost_usd", drafts.costUsd())
        .put("stopped", drafts.stop())
        .put("generated", drafts.items().size())
        .put("kept", kept);
    ObjectNode counts = json.putObject("dropped_by");
    dropped.stream()
        .collect(Collectors.groupingBy(Dropped::reason, TreeMap::new, Collectors.counting()))
        .forEach(counts::put);
    ArrayNode list = json.putArray("dropped");
    for (Dropped d : dropped) {
      ObjectNode entry = list.addObject().put("reason", d.reason()).put("detail", d.detail());
      if (d.item() != null) {
        entry.set("item", d.item());
      }
    }
    try {
      Files.createDirectories(manifest.toAbsolutePath().getParent());
      Path tmp = manifest.resolveSibling("." + manifest.getFileName() + ".tmp");
      Files.writeString(tmp, json.toPrettyString());
      Files.move(
          tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
