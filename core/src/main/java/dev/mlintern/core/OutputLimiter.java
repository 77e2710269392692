package dev.mlintern.core;

import dev.mlintern.core.secret.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shapes a tool's output before it enters the conversation: secrets redacted; binary output
 * described instead of dumped; output longer than the limit cut to its head and tail with the full
 * (redacted) text saved under {@code .mlintern/outputs/} in the workspace, where the model can read
 * or grep it.
 */
final class OutputLimiter {
  static final String OUTPUTS = ".mlintern/outputs";

  /**
   * The text for the conversation and, when it was cut or binary, the workspace path of the full
   * output.
   */
  record Limited(String content, String fullOutput) {}

  private final Path workspace;
  private final String folder;
  private final int maxChars;
  private final Secrets secrets;

  /** {@code folder}: where under the workspace spilled output goes ("" or ending in '/'). */
  OutputLimiter(Path workspace, String folder, int maxChars, Secrets secrets) {
    this.workspace = workspace;
    this.folder = folder;
    this.maxChars = maxChars;
    this.secrets = secrets;
  }

  Limited limit(String callId, String raw) {
    String content = secrets.redact(raw == null ? "" : raw);
    if (looksBinary(content)) {
      String saved = save(callId, content, "bin");
      return new Limited(
          "[binary output: "
              + content.length()
              + " characters that are not text; not shown"
              + (saved == null
                  ? ""
                  : ". Saved to "
                      + saved
                      + "; inspect it with the shell tool (`file`, `xxd | head`)")
              + ". Write binary data to a file instead of printing it.]",
          saved);
    }
    if (content.length() <= maxChars) {
      return new Limited(content, null);
    }
    String saved = save(callId, content, "txt");
    int head = (int) (maxChars * 0.6);
    int tail = (int) (maxChars * 0.3);
    long lines = content.chars().filter(c -> c == '\n').count() + 1;
    String note =
        "\n\n[… "
            + (content.length() - head - tail)
            + " characters omitted. The full output ("
            + content.length()
            + " characters, "
            + lines
            + " lines) "
            + (saved == null
                ? "could not be saved"
                : "is saved in "
                    + saved
                    + " — read it with the read tool (offset/limit) or search it with grep")
            + " …]\n\n";
    return new Limited(
        content.substring(0, head) + note + content.substring(content.length() - tail), saved);
  }

  static boolean looksBinary(String text) {
    int n = Math.min(text.length(), 8192);
    int odd = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return true;
      }
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
          || c == '\uFFFD') {
        odd++;
      }
    }
    return n > 0 && odd > n / 10;
  }

  private String save(String callId, String content, String extension) {
    String name =
        folder + OUTPUTS + "/" + callId.replaceAll("[^A-Za-z0-9_.-]", "_") + "." + extension;
    try {
      Path file = workspace.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return name;
    } catch (IOException e) {
      return null;
    }
  }
}
