package dev.mlintern.compute.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.data.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Python environment LLM jobs run in: the virtualenv {@code scripts/install-llm-env.sh}
 * builds from {@code recipes/llm/requirements.lock} ({@code MLINTERN_LLM_VENV}, default {@value
 * #DEFAULT}), outside HOME so a job sandbox can mount it read-only. The script stamps it with the
 * lock's sha256, so whether it still matches the lock is a file comparison.
 */
public record LlmVenv(Path root) {
  public static final String DEFAULT = "/opt/mlintern/llm-venv";

  /** The packages whose versions {@code doctor} shows. */
  public static final List<String> KEY_PACKAGES = List.of("torch", "transformers", "peft", "trl");

  /** Where the install script writes the lock's sha256. */
  static final String STAMP = ".requirements-lock.sha256";

  public static LlmVenv fromSettings(Settings settings) {
    return new LlmVenv(Path.of(settings.get("MLINTERN_LLM_VENV", DEFAULT)));
  }

  public Path python() {
    return root.resolve("bin").resolve("python");
  }

  public boolean exists() {
    return Files.isExecutable(python());
  }

  /** Whether the install stamp holds {@code lock}'s sha256: the environment is exactly the lock. */
  public boolean matches(Path lock) {
    try {
      Path stamp = root.resolve(STAMP);
      return Files.isRegularFile(stamp)
          && Files.readString(stamp).strip().equals(ContentHash.sha256(lock));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The installed version of each package (null when absent), read from the environment's metadata
   * without importing anything; every value is null when its interpreter cannot run.
   */
  public Map<String, String> versions(List<String> packages) {
    Map<String, String> found = new LinkedHashMap<>();
    packages.forEach(p -> found.put(p, null));
    String probe =
        "import importlib.metadata as m, json, sys\n"
            + "def v(p):\n"
            + "    try:\n"
            + "        return m.version(p)\n"
            + "    except m.PackageNotFoundError:\n"
            + "        return None\n"
            + "print(json.dumps({p: v(p) for p in sys.argv[1:]}))";
    List<String> command = new ArrayList<>(List.of(python().toString(), "-c", probe));
    command.addAll(packages);
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      String text;
      try (InputStream in = process.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0) {
        JsonNode answer = new ObjectMapper().readTree(text);
        packages.forEach(
            p ->
                found.put(
                    p,
                    Optional.ofNullable(answer.get(p))
                        .filter(JsonNode::isTextual)
                        .map(JsonNode::asText)
                        .orElse(null)));
      }
    } catch (IOException e) {
      // not runnable: every version stays unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return found;
  }
}
