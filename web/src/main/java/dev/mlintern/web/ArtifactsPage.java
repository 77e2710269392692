package dev.mlintern.web;

import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.WorkspacePaths;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Browsing and downloading the files of a session's workspace, and its report. Paths are confined
 * with {@link WorkspacePaths} (no {@code ..}, no absolute paths, no symlinks out), so nothing
 * outside the workspace is served. Downloads are attachments, never rendered as pages; the report
 * is shown as escaped text unless it is HTML we rendered ourselves, which is served in a sandboxed
 * frame.
 */
final class ArtifactsPage {
  private static final int MAX_ENTRIES = 1000;

  private final WebEngine engine;
  private final Layout layout;

  ArtifactsPage(WebEngine engine, Layout layout) {
    this.engine = engine;
    this.layout = layout;
  }

  void browse(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    String relative = Optional.ofNullable(ctx.queryParam("path")).orElse("");
    Path root = engine.workspace(s.id());
    Path dir = relative.isBlank() ? root : confine(root, relative);
    String base = "/sessions/" + Html.url(s.id());
    StringBuilder rows = new StringBuilder();
    if (!Files.isDirectory(dir)) {
      throw new NotFoundResponse("no folder " + relative);
    }
    if (!relative.isBlank()) {
      Path parent = root.relativize(dir).getParent();
      rows.append("<li><a href=\"")
          .append(base)
          .append("/artifacts?path=")
          .append(Html.url(parent == null ? "" : slashes(parent)))
          .append("\">..</a></li>");
    }
    for (Path entry : list(dir)) {
      String rel = slashes(root.relativize(entry));
      boolean folder = Files.isDirectory(entry);
      rows.append("<li class=\"")
          .append(folder ? "folder" : "file")
          .append("\"><a href=\"")
          .append(base)
          .append(folder ? "/artifacts?path=" : "/download?path=")
          .append(Html.url(rel))
          .append("\">")
          .append(Html.text(entry.getFileName()))
          .append(folder ? "/" : "")
          .append("</a>");
      if (!folder) {
        rows.append(" <small>").append(size(entry)).append("</small>");
      }
      rows.append("</li>");
    }
    String body =
        "<h1>Artifacts</h1><p class=\"path\">workspace/"
            + Html.text(relative)
            + "</p><ul class=\"files\">"
            + rows
            + "</ul>";
    layout.page(ctx, "Artifacts", s.id(), body);
  }

  void download(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    String relative = ctx.queryParam("path");
    if (relative == null || relative.isBlank()) {
      throw new NotFoundResponse("which file? pass ?path=");
    }
    Path file = confine(engine.workspace(s.id()), relative);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundResponse("no file " + relative);
    }
    String name = file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType("application/octet-stream");
    try {
      InputStream in = Files.newInputStream(file);
      ctx.result(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void report(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    Optional<Path> report = engine.report(s.id()).filter(Files::isRegularFile);
    String body;
    if (report.isEmpty()) {
      body = "<h1>Report</h1><p class=\"empty\">No report yet. Ask the agent to write one.</p>";
    } else if (report.get().getFileName().toString().endsWith(".html")) {
      body =
          "<h1>Report</h1><iframe class=\"report\" sandbox src=\"/sessions/"
              + Html.url(s.id())
              + "/report/raw\"></iframe>";
    } else {
      body =
          "<h1>Report</h1><pre class=\"report\">"
              + Html.text(layout.redact(read(report.get())))
              + "</pre>";
    }
    layout.page(ctx, "Report", s.id(), body);
  }

  /** The HTML report itself, for the sandboxed frame: no scripts may run in it. */
  void reportRaw(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    Path report =
        engine
            .report(s.id())
            .filter(Files::isRegularFile)
            .orElseThrow(() -> new NotFoundResponse("no report"));
    ctx.header(
        "Content-Security-Policy",
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'");
    ctx.html(layout.redact(read(report)));
  }

  private static Path confine(Path root, String relative) {
    try {
      return WorkspacePaths.resolve(root, relative);
    } catch (ToolException e) {
      throw new ForbiddenResponse("refused: " + relative + " is outside the session workspace");
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> out = new ArrayList<>(entries.limit(MAX_ENTRIES).toList());
      out.sort(
          Comparator.comparing((Path p) -> !Files.isDirectory(p))
              .thenComparing(p -> p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String slashes(Path relative) {
    return relative.toString().replace('\\', '/');
  }

  private static String size(Path file) {
    try {
      long bytes = Files.size(file);
      return bytes < 1024
          ? bytes + " B"
          : bytes < 1 << 20 ? (bytes >> 10) + " KiB" : (bytes >> 20) + " MiB";
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
