package dev.mlintern.core.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one resolver for model-supplied paths, used by every file tool: no absolute escapes, no
 * {@code ..}, and no symlink followed out of the workspace, dangling or not. It resolves the
 * deepest part that exists to its real path (every link in it resolved and checked), keeps it under
 * the workspace path as given, and joins the rest; a writer then opens the last component with
 * {@link #WRITE_OPTIONS} so a link created in between is not followed either.
 */
public final class WorkspacePaths {
  /** Create or truncate, never through a symbolic link at the last component (O_NOFOLLOW). */
  public static final OpenOption[] WRITE_OPTIONS = {
    StandardOpenOption.CREATE,
    StandardOpenOption.TRUNCATE_EXISTING,
    StandardOpenOption.WRITE,
    LinkOption.NOFOLLOW_LINKS
  };

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
      Path realRoot = root.toRealPath();
      Path existing = target;
      while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      Path real;
      try {
        real = existing.toRealPath();
      } catch (NoSuchFileException e) {
        throw new ToolException(
            "path '" + relative + "' goes through a link that points nowhere; remove the link");
      }
      if (!real.startsWith(realRoot)) {
        throw new ToolException(
            "path '" + relative + "' leads outside the session workspace through a link");
      }
      return root.resolve(realRoot.relativize(real)).resolve(existing.relativize(target));
    } catch (IOException e) {
      throw new ToolException("cannot check path '" + relative + "': " + e.getMessage());
    }
  }
}
