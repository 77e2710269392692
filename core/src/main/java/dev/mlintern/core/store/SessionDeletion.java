package dev.mlintern.core.store;

import dev.mlintern.core.tool.ToolContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deletes a stored session, as the CLI's {@code sessions delete} and the web UI do: the store's
 * atomic {@link SessionStore#delete} first, then, when asked, the session's outputs folder {@code
 * <project>/mlintern-runs/<session>/} and nothing else: never the project folder or any other file
 * in it. Links are removed as links, never followed, and a {@code mlintern-runs} that is itself a
 * link is left alone.
 */
public final class SessionDeletion {
  private static final Set<String> ACTIVE = Set.of("running", "waiting");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  /** What was deleted: the session, and its outputs folder when that was removed. */
  public record Deleted(SessionInfo session, Optional<Path> removedOutputs) {}

  private SessionDeletion() {}

  /** Whether {@code id} has the shape of a session id (no separators, no {@code ..}). */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches() && !id.contains("..");
  }

  /** Whether {@code session} is running or waiting, and so cannot be deleted. */
  public static boolean isActive(SessionInfo session) {
    return ACTIVE.contains(session.status());
  }

  /**
   * The session's outputs folder inside its project, when it has a workspace; the folder may not
   * exist.
   */
  public static Optional<Path> outputs(SessionInfo session) {
    if (session.workspace() == null || !validId(session.id())) {
      return Optional.empty();
    }
    return Optional.of(
        Path.of(session.workspace()).resolve(ToolContext.RUNS).resolve(session.id()));
  }

  /**
   * Deletes session {@code id} from {@code store} and, when {@code removeOutputs}, its outputs
   * folder; empty when there is no such session.
   *
   * @throws IllegalArgumentException when {@code id} is not shaped like a session id
   * @throws SessionActiveException when the session is running or waiting
   */
  public static Optional<Deleted> delete(SessionStore store, String id, boolean removeOutputs) {
    if (!validId(id)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a session id; `mlintern sessions list` shows them");
    }
    return store
        .delete(id)
        .map(
            session ->
                new Deleted(
                    session,
                    removeOutputs
                        ? outputs(session).filter(SessionDeletion::removeTree)
                        : Optional.empty()));
  }

  /** Removes {@code folder} and everything below it; false when there was nothing to remove. */
  private static boolean removeTree(Path folder) {
    if (Files.isSymbolicLink(folder.getParent())
        || Files.isSymbolicLink(folder)
        || !Files.isDirectory(folder)) {
      return false;
    }
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
    }
  }
}
