package dev.mlintern.data.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.engine.AuditReport;
import dev.mlintern.data.engine.AuditRequest;
import dev.mlintern.data.engine.Auditor;
import dev.mlintern.data.engine.Converter;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.NGramOverlap;
import dev.mlintern.data.engine.OutputWriter;
import dev.mlintern.data.engine.Profiler;
import dev.mlintern.data.engine.Transforms;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubDatasets;
import dev.mlintern.data.posttrain.ChatTemplater;
import dev.mlintern.data.posttrain.ChoiceLayout;
import dev.mlintern.data.posttrain.Difficulty;
import dev.mlintern.data.tool.DatasetTool.Audit;
import dev.mlintern.data.tool.DatasetTool.ContaminationCheck;
import dev.mlintern.data.tool.DatasetTool.Inspect;
import dev.mlintern.data.tool.DatasetTool.MixPart;
import dev.mlintern.data.tool.DatasetTool.Profile;
import dev.mlintern.data.tool.DatasetTool.Template;
import dev.mlintern.data.tool.DatasetTool.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dataset tool's read and prepare operations; each returns a short summary and saves the full
 * result.
 */
final class DatasetOps {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUMMARY_CHARS = 3000;

  private final DatasetViewerClient viewer;
  private final HubDatasets hubDatasets;
  private final Path scratch;

  DatasetOps(DatasetViewerClient viewer, HubCache cache, Path scratch) {
    this.viewer = viewer;
    this.hubDatasets = new HubDatasets(viewer, cache);
    this.scratch = scratch;
  }

  Path source(String source, ToolContext ctx) {
    return HubDatasets.isHub(source) ? hubDatasets.fetch(source) : ctx.resolve(source);
  }

  ToolResult inspect(Inspect in, ToolContext ctx) {
    int rows = in.rows() == null ? 5 : Math.max(1, Math.min(20, in.rows()));
    if (HubDatasets.isHub(in.source())) {
      String dataset = in.source().substring(HubDatasets.PREFIX.length()).split(":")[0];
      var splits = viewer.splits(dataset);
      if (splits.isEmpty()) {
        throw new ToolException(
            "dataset viewer lists no splits for "
                + dataset
                + "; try hub files to see its raw files");
      }
      var first = splits.get(0);
      JsonNode firstRows = viewer.firstRows(dataset, first.config(), first.split());
      StringBuilder out = new StringBuilder("splits: ");
      splits.forEach(s -> out.append(s.config()).append(':').append(s.split()).append(' '));
      out.append("\nfeatures of ")
          .append(first.config())
          .append(':')
          .append(first.split())
          .append(": ");
      firstRows
          .path("features")
          .forEach(
              f ->
                  out.append(f.path("name").asText())
                      .append(" (")
                      .append(
                          f.path("type")
                              .path("_type")
                              .asText(f.path("type").path("dtype").asText()))
                      .append(") "));
      out.append('\n');
      int n = 0;
      for (JsonNode row : firstRows.path("rows")) {
        if (n++ == rows) {
          break;
        }
        out.append(clip(row.path("row").toString(), 400)).append('\n');
      }
      return ToolResult.of(out.toString()).asUntrusted();
    }
    try (DataEngine engine = DataEngine.open(scratch)) {
      Table table = engine.load("data", source(in.source(), ctx));
      StringBuilder out = new StringBuilder(table.rows() + " rows; columns: ");
      table.columns().stream()
          .limit(60)
          .forEach(c -> out.append(c.name()).append(" (").append(c.type()).append(") "));
      out.append('\n');
      engine.query(
          "SELECT * FROM data LIMIT " + rows,
          r -> {
            ObjectNode row = JSON.createObjectNode();
            for (int i = 1; i <= Math.min(60, r.getMetaData().getColumnCount()); i++) {
              row.put(r.getMetaData().getColumnName(i), clip(r.getString(i), 200));
            }
            out.append(row).append('\n');
          });
      return ToolResult.of(out.toString()).asUntrusted();
    }
  }

  ToolResult profile(Profile in, ToolContext ctx) {
    try (DataEngine engine = DataEngine.open(scratch)) {
      Table table = engine.load("data", source(in.source(), ctx));
      if (in.target() != null) {
        table.require(in.target(), "target");
      }
      ObjectNode profile = new Profiler(engine).profile(table, in.target());
      Path saved = save(ctx, "profile", profile);
      return ToolResult.of(
          clip(dev.mlintern.data.cli.ProfileText.render(profile), SUMMARY_CHARS)
              + "\nfull profile: "
              + saved,
          profile);
    }
  }

  ToolResult audit(Audit in, ToolContext ctx) {
    AuditRequest request =
        new AuditRequest(
            source(in.train(), ctx),
            Optional.ofNullable(in.test()).map(t -> source(t, ctx)),
            Optional.ofNullable(in.target()),
            Optional.ofNullable(in.id()),
            Optional.ofNullable(in.text()),
            Optional.ofNullable(in.eval()).map(e -> source(e, ctx)),
            Optional.ofNullable(in.evalText()),
            Optional.ofNullable(in.type()),
            NGramOverlap.DEFAULT_N,
            0.8);
    AuditReport report;
    try (DataEngine engine = DataEngine.open(scratch)) {
      report = new Auditor(engine).audit(request);
    }
    ObjectNode json = report.toJson();
    Path saved = save(ctx, "audit", json);
    String head =
        report.summary()
            + "rows "
            + report.profile().path("rows").asLong()
            + ", columns "
            + report.profile().path("columns").asLong()
            + "\n";
    return ToolResult.of(
        clip(head, SUMMARY_CHARS) + "full report (with example rows): " + saved, json);
  }

  ToolResult transform(Transform in, ToolContext ctx) {
    Path out = ctx.resolve(in.out());
    long seed = in.seed() == null ? 0 : in.seed();
    try (DataEngine engine = DataEngine.open(scratch)) {
      Transforms steps = new Transforms(engine);
      Table table = engine.load("source", source(in.source(), ctx));
      Table repeats = null;
      if (in.mix() != null && !in.mix().isEmpty()) {
        List<Table> tables = new ArrayList<>(List.of(table));
        List<Double> weights = new ArrayList<>(List.of(1.0));
        int i = 0;
        for (MixPart part : in.mix()) {
          tables.add(engine.load("mix_" + i++, source(part.source(), ctx)));
          weights.add(part.weight());
        }
        Transforms.Mixed mixed = steps.mix(tables, weights, 0, seed);
        table = mixed.table();
        repeats = mixed.repeats();
      }
      List<Path> writable = new ArrayList<>(List.of(OutputWriter.staging(out)));
      if (in.testFraction() != null) {
        writable.add(OutputWriter.staging(testPath(out)));
      }
      if (repeats != null && repeats.rows() > 0) {
        writable.add(OutputWriter.staging(repeatsPath(out)));
      }
      engine.lock(writable);
      List<String> done = new ArrayList<>();
      if (repeats != null && repeats.rows() > 0) {
        done.add(
            "mix (upsampled: "
                + repeats.rows()
                + " source rows repeated, listed in "
                + ctx.workspace()
                    .toAbsolutePath()
                    .relativize(
                        new OutputWriter(engine)
                            .write(repeats, repeatsPath(out))
                            .path()
                            .toAbsolutePath())
                + ")");
      } else if (repeats != null) {
        done.add("mix");
      }
      if (in.select() != null && !in.select().isEmpty()) {
        table = steps.select(table, in.select());
        done.add("select");
      }
      if (in.rename() != null && !in.rename().isEmpty()) {
        table = steps.rename(table, in.rename());
        done.add("rename");
      }
      if (in.filter() != null && !in.filter().isBlank()) {
        table = steps.filter(table, in.filter());
        done.add("filter");
      }
      if (Boolean.TRUE.equals(in.dedup())) {
        table = steps.dedup(table, List.of());
        done.add("dedup");
      }
      if (in.sample() != null) {
        table = steps.sample(table, in.sample(), seed);
        done.add("sample");
      }
      if (in.convertTo() != null) {
        table =
            new Converter(engine)
                .convert(table, Converter.Format.parse(in.convertTo()), in.mapping());
        done.add("convert to " + in.convertTo());
      }
      OutputWriter writer = new OutputWriter(engine);
      StringBuilder result =
          new StringBuilder("steps: " + (done.isEmpty() ? "none" : String.join(", ", done)) + "\n");
      if (in.testFraction() != null) {
        Transforms.Split split = steps.split(table, in.testFraction(), in.stratify(), seed);
        var train = writer.write(split.train(), out);
        var test = writer.write(split.test(), testPath(out));
        result.append(line(train, ctx)).append(line(test, ctx));
      } else {
        result.append(line(writer.write(table, out), ctx));
      }
      return ToolResult.of(result.append("columns: ").append(table.columnList()).toString());
    }
  }

  ToolResult template(Template in, ToolContext ctx) {
    Path out = ctx.resolve(in.out());
    try (DataEngine engine = DataEngine.open(scratch)) {
      var result =
          new ChatTemplater(engine)
              .template(
                  engine.load("source", source(in.source(), ctx)),
                  ChoiceLayout.parse(in.layout()).columns(in.mapping()),
                  in.seed() == null ? 0 : in.seed(),
                  out);
      return ToolResult.of(
          result.summary(ctx.workspace().relativize(out))
              + "columns: id, messages (sft), prompt and answer (grpo, evaluate generation),"
              + " choices and label when there are options (evaluate multiple_choice)");
    }
  }

  ToolResult difficulty(DatasetTool.Difficulty in, ToolContext ctx) {
    Path out = ctx.resolve(in.out());
    try (DataEngine engine = DataEngine.open(scratch)) {
      var result =
          new Difficulty(engine)
              .filter(
                  engine.load("source", source(in.source(), ctx)),
                  in.predictions().stream().map(ctx::resolve).toList(),
                  in.model(),
                  in.min() == null ? 0 : in.min(),
                  in.max() == null ? 1 : in.max(),
                  out);
      return ToolResult.of(
          result.summary(ctx.workspace().relativize(out))
              + "added columns: pass_rate, attempts, difficulty (unsolved, partial, solved)");
    }
  }

  /** Where a mix that repeated rows lists them: {@code <out>.repeats.jsonl}. */
  static Path repeatsPath(Path out) {
    return out.resolveSibling(out.getFileName() + ".repeats.jsonl");
  }

  static Path testPath(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return out.resolveSibling(name.substring(0, dot) + ".test" + name.substring(dot));
  }

  private static String line(OutputWriter.Output o, ToolContext ctx) {
    return ctx.workspace().toAbsolutePath().relativize(o.path().toAbsolutePath())
        + ": "
        + o.rows()
        + " rows, sha256 "
        + o.sha256()
        + "\n";
  }

  ToolResult contamination(ContaminationCheck in, ToolContext ctx) {
    try (DataEngine engine = DataEngine.open(scratch)) {
      Table train = engine.load("train", source(in.train(), ctx));
      Table eval = engine.load("eval", source(in.eval(), ctx));
      String text = in.text() != null ? in.text() : firstText(train);
      String evalText =
          in.evalText() != null
              ? in.evalText()
              : eval.column(text).isPresent() ? text : firstText(eval);
      train.require(text, "text");
      eval.require(evalText, "evaluation text");
      var r =
          new NGramOverlap(engine, in.n() == null ? NGramOverlap.DEFAULT_N : in.n())
              .check("train", text, "eval", evalText);
      ObjectNode json = JSON.valueToTree(r);
      Path saved = save(ctx, "contamination", json);
      String summary =
          r.contaminated()
              + " of "
              + r.checked()
              + " evaluation items share a "
              + r.n()
              + "-gram with the training "
              + "texts"
              + (r.tooShort() > 0 ? "; " + r.tooShort() + " items were too short to check" : "")
              + "\n";
      for (var hit : r.examples()) {
        summary +=
            "eval row "
                + (hit.evalRow() + 1)
                + " ~ train row "
                + (hit.trainRow() + 1)
                + ": \""
                + hit.ngram()
                + "\"\n";
      }
      return ToolResult.of(summary + "full result: " + saved, json);
    }
  }

  private static String firstText(Table table) {
    return table.columns().stream()
        .filter(DataEngine.Column::text)
        .map(DataEngine.Column::name)
        .findFirst()
        .orElseThrow(
            () ->
                new ToolException(
                    table.source() + " has no text column; columns are: " + table.columnList()));
  }

  /**
   * Writes the full result under reports/ in the session's outputs folder (temp file, then atomic
   * move); returns its path relative to the workspace.
   */
  static Path save(ToolContext ctx, String kind, JsonNode json) {
    try {
      Path dir = ctx.outputs().resolve("reports");
      Files.createDirectories(dir);
      String name =
          kind
              + "-"
              + ctx.callId().replaceAll("[^A-Za-z0-9_-]", "_")
              + "-"
              + System.currentTimeMillis()
              + ".json";
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, json.toPrettyString());
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      return ctx.workspace().relativize(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String clip(String s, int max) {
    return s == null ? "null" : s.length() > max ? s.substring(0, max) + "…" : s;
  }
}
