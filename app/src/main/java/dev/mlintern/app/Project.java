package dev.mlintern.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A person's project folder, used as a session's workspace: the agent's file tools, shell and local
 * jobs see its files by their relative paths, and what a run produces goes to one folder inside it,
 * {@code mlintern-runs/<session>/} (report.html, report.md, result.json, submission, trials), which
 * is added to the project's {@code .gitignore} when the project is a git repository.
 */
public record Project(Path folder) {
  /** The folder inside a project that holds one folder per session. */
  public static final String RUNS = dev.mlintern.core.tool.ToolContext.RUNS;

  public Project {
    folder = folder.toAbsolutePath().normalize();
  }

  /**
   * The project at {@code folder}, checked: it must exist, be a folder and be writable.
   *
   * @throws ProjectException naming what is wrong and what to do
   */
  public static Project at(Path folder) {
    Path path = folder.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new ProjectException(
          "the workspace " + path + " does not exist; create it or pass --workspace DIR");
    }
    if (!Files.isDirectory(path)) {
      throw new ProjectException(
          "the workspace " + path + " is not a folder; pass --workspace DIR");
    }
    if (!Files.isWritable(path)) {
      throw new ProjectException(
          "the workspace "
              + path
              + " is not writable; fix its permissions or pass --workspace DIR");
    }
    return new Project(path);
  }

  /**
   * The project a stored session worked in, if it was started in one (its workspace holds its run
   * folder).
   */
  public static Optional<Project> ofSession(String sessionId, Path workspace) {
    Project project = new Project(workspace);
    return Files.isDirectory(project.runFolder(sessionId))
        ? Optional.of(project)
        : Optional.empty();
  }

  /** The session's run folder relative to the project, ending in '/'. */
  public String outputs(String sessionId) {
    return RUNS + "/" + sessionId + "/";
  }

  public Path runFolder(String sessionId) {
    return folder.resolve(RUNS).resolve(sessionId);
  }

  /** The run's report, where {@code report} writes it. */
  public Path report(String sessionId) {
    return runFolder(sessionId).resolve("report.html");
  }

  /** The run's result, where {@code report} writes it. */
  public Path result(String sessionId) {
    return runFolder(sessionId).resolve("result.json");
  }

  /** Creates the session's run folder and keeps run folders out of git. */
  void prepare(String sessionId) {
    try {
      Files.createDirectories(runFolder(sessionId));
      if (Files.exists(folder.resolve(".git"))) {
        ignoreRuns();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + runFolder(sessionId), e);
    }
  }

  private void ignoreRuns() throws IOException {
    Path ignore = folder.resolve(".gitignore");
    String existing = Files.exists(ignore) ? Files.readString(ignore, StandardCharsets.UTF_8) : "";
    boolean listed =
        existing
            .lines()
            .map(String::strip)
            .anyMatch(l -> l.equals(RUNS) || l.equals(RUNS + "/") || l.equals("/" + RUNS + "/"));
    if (!listed) {
      String line = (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + RUNS + "/\n";
      Files.writeString(
          ignore,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }
}
