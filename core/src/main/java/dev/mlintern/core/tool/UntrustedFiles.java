package dev.mlintern.core.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The workspace files that came from outside: written or changed by a shell command or job that had
 * network, or by any run while such files were already in the workspace (so copying or renaming one
 * does not launder it). The read tool hands them to the model as untrusted text. The list is kept
 * beside the workspace, as {@code <workspace>.untrusted}, where neither the file tools nor the
 * sandbox can reach it. A change is found by its status-change time (ctime), which a rename or
 * {@code touch -d} cannot set back.
 */
public final class UntrustedFiles {
  private static final int MAX_FILES = 200_000;
  private final Path workspace;
  private final Path list;

  private UntrustedFiles(Path workspace) {
    this.workspace = workspace.toAbsolutePath().normalize();
    this.list = this.workspace.resolveSibling(this.workspace.getFileName() + ".untrusted");
  }

  public static UntrustedFiles of(Path workspace) {
    return new UntrustedFiles(workspace);
  }

  /** True when any file of the workspace came from outside. */
  public boolean any() {
    return Files.exists(list);
  }

  /** True when {@code file} (a path inside the workspace) came from outside. */
  public boolean contains(Path file) {
    if (!any()) {
      return false;
    }
    String relative = workspace.relativize(file.toAbsolutePath().normalize()).toString();
    return marked().contains(relative);
  }

  /** Marks every file of the workspace changed at or after {@code since}; returns how many. */
  public synchronized int markChangedSince(Instant since) {
    FileTime from = FileTime.from(since.minusSeconds(1));
    List<String> changed = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(workspace)) {
      walk.limit(MAX_FILES)
          .filter(p -> !p.equals(workspace) && changedSince(p, from))
          .forEach(p -> changed.add(workspace.relativize(p).toString()));
    } catch (IOException | UncheckedIOException e) {
      // a folder removed while walking: mark what was seen
    }
    if (changed.isEmpty()) {
      return 0;
    }
    Set<String> all = marked();
    all.addAll(changed);
    try {
      Files.write(
          list,
          all,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return changed.size();
  }

  private Set<String> marked() {
    try {
      return new LinkedHashSet<>(Files.readAllLines(list, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new LinkedHashSet<>();
    }
  }

  private static boolean changedSince(Path path, FileTime from) {
    try {
      FileTime ctime = (FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
      return ctime.compareTo(from) >= 0;
    } catch (IOException | UnsupportedOperationException e) {
      return true;
    }
  }
}
