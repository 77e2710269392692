package dev.mlintern.compute.executor;

import dev.mlintern.compute.JobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sends a remote job the local scripts its command names: every argument that is a local {@code
 * .py} or {@code .sh} file is replaced by a path under {@code remoteDir}, and that file plus the
 * Python files beside it (a recipe's helper module) go inline, base64-encoded, for the job's
 * wrapper to write before it starts. Inline code is capped (an environment variable holds it);
 * larger code belongs in a Hub repo or bucket the job downloads.
 */
final class CodeShipping {
  static final int MAX_BYTES = 90_000;

  private CodeShipping() {}

  static List<String> ship(List<String> command, String remoteDir, Map<String, String> files) {
    List<String> out = new ArrayList<>();
    int total = 0;
    for (String arg : command) {
      Path local = Path.of(arg);
      if (!(arg.endsWith(".py") || arg.endsWith(".sh")) || !Files.isRegularFile(local)) {
        out.add(arg);
        continue;
      }
      Path folder = local.toAbsolutePath().getParent();
      String remoteFolder = remoteDir + "/" + Integer.toHexString(folder.toString().hashCode());
      List<Path> ship = new ArrayList<>(List.of(local.toAbsolutePath()));
      try (Stream<Path> siblings = Files.list(folder)) {
        siblings
            .filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p))
            .sorted()
            .forEach(
                p -> {
                  if (!ship.contains(p)) {
                    ship.add(p);
                  }
                });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Path file : ship) {
        try {
          String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
          total += encoded.length();
          files.put(remoteFolder + "/" + file.getFileName(), encoded);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.add(remoteFolder + "/" + local.getFileName());
    }
    if (total > MAX_BYTES) {
      throw new JobException(
          JobException.Kind.INVALID,
          "the scripts to send inline are "
              + total / 1024
              + " KB (limit "
              + MAX_BYTES / 1024
              + " KB); push the code to a Hub repo and have the job download it");
    }
    return out;
  }
}
