package dev.mlintern.data.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.hub.HubRecords.CommitFile;
import dev.mlintern.data.hub.RepoKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pushes prepared files to a Hub dataset repo with a generated card: YAML metadata (license, tags,
 * one config whose splits point at the files), provenance (who made it, when, each file's rows and
 * sha256 from its manifest) and the audit's verdict and findings when an audit report is given.
 * Creates the repo (private by default) if needed.
 */
final class DatasetPush {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HubClient hub;

  DatasetPush(HubClient hub) {
    this.hub = hub;
  }

  ToolResult push(DatasetTool.Push in, ToolContext ctx) {
    if (in.files() == null || in.files().isEmpty()) {
      throw new ToolException(
          "files is empty; list the workspace files to upload, e.g. [\"prepared/train.parquet\"]");
    }
    List<CommitFile> files = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    for (String f : in.files()) {
      Path p = ctx.resolve(f);
      if (!Files.isRegularFile(p)) {
        throw new ToolException(
            "no file '"
                + f
                + "' in the workspace; write it first (dataset transform) or fix the path");
      }
      paths.add(p);
      files.add(new CommitFile(p.getFileName().toString(), read(p)));
    }
    JsonNode audit = in.auditReport() == null ? null : readJson(ctx.resolve(in.auditReport()));
    String card = card(in, paths, audit, ctx.sessionId());
    files.add(0, new CommitFile("README.md", card.getBytes(StandardCharsets.UTF_8)));
    String url =
        hub.createRepo(RepoKind.DATASET, in.repo(), in.isPrivate() == null || in.isPrivate());
    var commit =
        hub.commit(RepoKind.DATASET, in.repo(), null, "Add data prepared by mlintern", files);
    return ToolResult.of(
        "pushed "
            + (files.size() - 1)
            + " files and a card to "
            + url
            + " (commit "
            + commit.commitOid()
            + ")");
  }

  static String card(DatasetTool.Push in, List<Path> files, JsonNode audit, String session) {
    StringBuilder s = new StringBuilder("---\n");
    s.append("license: ").append(in.license() == null ? "other" : in.license()).append('\n');
    s.append("tags:\n- mlintern\n");
    s.append("configs:\n- config_name: default\n  data_files:\n");
    for (Path f : files) {
      s.append("  - split: ")
          .append(split(f.getFileName().toString()))
          .append("\n    path: ")
          .append(f.getFileName())
          .append('\n');
    }
    s.append("---\n\n# ").append(in.repo()).append("\n\n");
    if (in.description() != null) {
      s.append(in.description().strip()).append("\n\n");
    }
    s.append("## Provenance\n\nPrepared by mlintern (session ")
        .append(session)
        .append(") on ")
        .append(Instant.now())
        .append(".\n\n");
    s.append("| file | rows | sha256 | source |\n|---|---|---|---|\n");
    for (Path f : files) {
      JsonNode manifest = manifest(f);
      s.append("| ")
          .append(f.getFileName())
          .append(" | ")
          .append(manifest.path("rows").asText("?"))
          .append(" | ")
          .append(manifest.path("sha256").asText("?"))
          .append(" | ")
          .append(manifest.path("source").asText("?"))
          .append(" |\n");
    }
    s.append("\n## Audit\n\n");
    if (audit == null) {
      s.append("No audit report was attached.\n");
    } else {
      s.append("Verdict: **").append(audit.path("verdict").asText()).append("**\n\n");
      for (JsonNode f : audit.path("findings")) {
        s.append("- [")
            .append(f.path("severity").asText())
            .append("] ")
            .append(f.path("kind").asText())
            .append(": ")
            .append(f.path("message").asText())
            .append('\n');
      }
      if (audit.path("findings").isEmpty()) {
        s.append("No problems found.\n");
      }
    }
    return s.toString();
  }

  private static String split(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("test")
        ? "test"
        : n.contains("valid") || n.contains("dev") ? "validation" : "train";
  }

  private static JsonNode manifest(Path file) {
    Path m = file.resolveSibling(file.getFileName() + ".manifest.json");
    return Files.isRegularFile(m) ? readJson(m) : JSON.createObjectNode();
  }

  private static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new ToolException("cannot read JSON from " + p.getFileName() + ": " + e.getMessage());
    }
  }

  private static byte[] read(Path p) {
    try {
      if (Files.size(p) > HubClient.INLINE_LIMIT) {
        throw new ToolException(
            p.getFileName()
                + " is "
                + Files.size(p)
                + " bytes, over the 10 MB a push can carry; sample or "
                + "shard it (dataset transform with sample), or push it from a training job with huggingface_hub");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ToolException("cannot read " + p.getFileName() + ": " + e.getMessage());
    }
  }
}
