package dev.mlintern.cli;

import dev.mlintern.app.Project;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --workspace DIR}: the project folder a new session works in, by default the current one.
 */
final class WorkspaceOption {
  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description =
          "Project folder to work in (default: the current directory); outputs go to"
              + " DIR/mlintern-runs/SESSION/.")
  Path workspace;

  /**
   * The checked project folder.
   *
   * @throws dev.mlintern.app.ProjectException when it is missing, not a folder or not writable
   */
  Project project() {
    return Project.at(workspace == null ? Path.of("").toAbsolutePath() : workspace);
  }
}
