package dev.mlintern.research.library;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The library's record of indexed files (path → id, size, mtime, hash), which makes re-indexing
 * incremental.
 */
final class Manifest {
  record Entry(String id, String title, long size, long mtime, String sha256) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  final Map<String, Entry> entries;

  private Manifest(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  static Manifest load(Path file) {
    if (!Files.isRegularFile(file)) {
      return new Manifest(file, new TreeMap<>());
    }
    try {
      return new Manifest(
          file,
          new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() {})));
    } catch (IOException e) {
      return new Manifest(
          file, new TreeMap<>()); // a damaged manifest means a full re-index, not a failure
    }
  }

  void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "manifest", ".tmp");
      JSON.writeValue(tmp.toFile(), entries);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Entry byId(String id) {
    return entries.values().stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
  }

  String pathOf(String id) {
    return entries.entrySet().stream()
        .filter(e -> e.getValue().id().equals(id))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }
}
