package dev.mlintern.compute.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a remote job is sent: its command as it runs in the job's work folder, the files it needs
 * (path in that folder → file here), the Python packages to install first and its config (written
 * to {@value #CONFIG_PATH} in the work folder). Made by {@link BundlePlanner}; packed with {@link
 * #archive()}.
 */
public record JobBundle(
    List<String> command,
    SortedMap<String, Path> files,
    List<String> dependencies,
    JsonNode config) {
  /** Where the config lands in the job's work folder. */
  public static final String CONFIG_PATH = ".mlintern/config.json";

  public JobBundle {
    command = List.copyOf(command);
    files = new TreeMap<>(files);
    dependencies = List.copyOf(dependencies);
  }

  /** Bytes of the files before compression. */
  public long bytes() {
    long total = 0;
    for (Path file : files.values()) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }

  /** The files and config as one gzip-compressed tar archive. */
  public byte[] archive() {
    Map<String, byte[]> generated = new LinkedHashMap<>();
    if (config != null) {
      generated.put(CONFIG_PATH, config.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }
    return TarGz.write(files, generated);
  }

  /** A plain listing for a dry run or an approval: command, files with sizes, dependencies. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("command: ").append(String.join(" ", command)).append('\n');
    out.append("files (")
        .append(files.size())
        .append(", ")
        .append(size(bytes()))
        .append("):")
        .append(files.isEmpty() ? " none" : "")
        .append('\n');
    files.forEach(
        (path, file) -> {
          try {
            out.append("  ").append(path).append("  ").append(size(Files.size(file))).append('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    if (config != null) {
      out.append("config: ").append(CONFIG_PATH).append('\n');
    }
    out.append("dependencies: ")
        .append(dependencies.isEmpty() ? "none" : String.join(", ", dependencies))
        .append('\n');
    return out.toString();
  }

  /** {@code 1536} → {@code 1.5 KB}. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }
}
