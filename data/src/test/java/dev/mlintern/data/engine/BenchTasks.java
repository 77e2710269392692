package dev.mlintern.data.engine;

import dev.mlintern.testkit.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the shared bench tasks' front matter (target, id, type) for tests. */
record BenchTasks(String name, Path dir, Map<String, String> front) {
  static List<BenchTasks> all() {
    Path tasks = Shared.root().resolve("bench").resolve("tasks");
    try (Stream<Path> dirs = Files.list(tasks)) {
      return dirs.filter(Files::isDirectory).sorted().map(BenchTasks::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BenchTasks of(Path dir) {
    Map<String, String> front = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(dir.resolve("task.md"));
      for (int i = 1; i < lines.size() && !lines.get(i).startsWith("---"); i++) {
        int colon = lines.get(i).indexOf(':');
        if (colon > 0) {
          front.put(
              lines.get(i).substring(0, colon).strip(), lines.get(i).substring(colon + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BenchTasks(dir.getFileName().toString(), dir, front);
  }

  static BenchTasks named(String name) {
    return of(Shared.benchTask(name));
  }

  Path train() {
    return dir.resolve("data").resolve("train.csv");
  }

  Path test() {
    return dir.resolve("data").resolve("test.csv");
  }

  String target() {
    return front.get("target");
  }

  String id() {
    return front.get("id");
  }

  String type() {
    return front.get("type");
  }

  AuditRequest request() {
    return AuditRequest.of(train())
        .withTest(test())
        .withTarget(target())
        .withId(id())
        .withType(type());
  }
}
