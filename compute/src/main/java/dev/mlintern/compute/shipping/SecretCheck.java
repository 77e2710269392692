package dev.mlintern.compute.shipping;

import dev.mlintern.compute.JobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps secrets out of job bundles: files whose names say they hold secrets ({@code .env}, keys,
 * {@code .netrc}, …) are never sent, and a bundle whose files or config contain the value of a
 * secret is refused, naming the file and the secret. Secrets reach a job only by name.
 */
final class SecretCheck {
  private SecretCheck() {}

  /** Refuses a file named like a secrets file; {@code value} is how the job named it. */
  static void refuseByName(Path real, String value) {
    if (looksSecret(real.getFileName().toString())) {
      throw new JobException(
          JobException.Kind.INVALID,
          "'"
              + value
              + "' looks like a secrets file and is never sent to a job; pass secrets by name"
              + " (secrets: [\"HF_TOKEN\"]) and read them from the environment");
    }
  }

  static boolean looksSecret(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.equals(".env")
        || lower.endsWith(".env")
        || lower.equals(".netrc")
        || lower.equals(".git-credentials")
        || lower.equals(".pypirc")
        || lower.startsWith("id_rsa")
        || lower.startsWith("id_ed25519")
        || lower.startsWith("id_ecdsa")
        || lower.endsWith(".pem")
        || lower.endsWith(".key");
  }

  /** Refuses a bundle whose files or config contain the value of one of {@code secrets}. */
  static void refuseValues(JobBundle bundle, Map<String, String> secrets) {
    List<Map.Entry<String, byte[]>> values = new ArrayList<>();
    secrets.forEach(
        (name, value) -> {
          if (value != null && value.length() >= 8) {
            values.add(Map.entry(name, value.getBytes(StandardCharsets.UTF_8)));
          }
        });
    if (values.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Path> file : bundle.files().entrySet()) {
      byte[] content;
      try {
        content = Files.readAllBytes(file.getValue());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Map.Entry<String, byte[]> secret : values) {
        if (contains(content, secret.getValue())) {
          throw new JobException(
              JobException.Kind.INVALID,
              file.getKey()
                  + " contains the value of secret "
                  + secret.getKey()
                  + "; remove it from the file and pass the secret by name (secrets: [\""
                  + secret.getKey()
                  + "\"])");
        }
      }
    }
    if (bundle.config() != null) {
      String config = bundle.config().toString();
      for (Map.Entry<String, byte[]> secret : values) {
        if (config.contains(new String(secret.getValue(), StandardCharsets.UTF_8))) {
          throw new JobException(
              JobException.Kind.INVALID,
              "the job's config contains the value of secret "
                  + secret.getKey()
                  + "; pass it by name (secrets: [\""
                  + secret.getKey()
                  + "\"]) and read it from the environment");
        }
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
