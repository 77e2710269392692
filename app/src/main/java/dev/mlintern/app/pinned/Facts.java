package dev.mlintern.app.pinned;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts a session's model asked to keep ({@code remember}), one per line in its workspace's
 * {@code .mlintern/facts.md}, pinned through compaction so paths, numbers and decisions survive.
 */
public final class Facts {
  private final Path file;

  public Facts(Path workspace) {
    this.file = workspace.resolve(".mlintern").resolve("facts.md");
  }

  public List<String> all() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Adds {@code fact} (one line) and drops the facts numbered in {@code forget} (1-based). */
  public List<String> update(String fact, List<Integer> forget) {
    List<String> kept = new ArrayList<>();
    List<String> now = all();
    for (int i = 0; i < now.size(); i++) {
      if (forget == null || !forget.contains(i + 1)) {
        kept.add(now.get(i));
      }
    }
    if (fact != null && !fact.isBlank()) {
      kept.add(fact.replaceAll("\\s+", " ").strip());
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return kept;
  }

  /** The facts as a numbered list, or empty when there are none. */
  public String render() {
    List<String> facts = all();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < facts.size(); i++) {
      out.append(i + 1).append(". ").append(facts.get(i)).append('\n');
    }
    return out.toString().strip();
  }
}
