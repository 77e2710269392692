package dev.mlintern.core.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Confines model-supplied paths to a workspace: no absolute escapes, no {@code ..}, no symlink
 * exits.
 */
public final class WorkspacePaths {
  private WorkspacePaths() {}

  public static Path resolve(Path workspace, String relative) {
    if (relative == null || relative.isBlank()) {
      throw new ToolException("path is empty; pass a path relative to the workspace");
    }
    Path root = workspace.toAbsolutePath().normalize();
    Path target;
    try {
      target = root.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw new ToolException("path '" + relative + "' is not a valid path: " + e.getReason());
    }
    if (!target.startsWith(root)) {
      throw new ToolException(
          "path '"
              + relative
              + "' is outside the session workspace; use a path relative to the workspace");
    }
    try {
      Path existing = target;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing != null && !existing.toRealPath().startsWith(root.toRealPath())) {
        throw new ToolException(
            "path '" + relative + "' leads outside the session workspace through a link");
      }
    } catch (IOException e) {
      throw new ToolException("cannot check path '" + relative + "': " + e.getMessage());
    }
    return target;
  }
}
