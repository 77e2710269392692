package dev.mlintern.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private static final String KEY = "canary-Key-0123456789-abcdef";
  private final Secrets secrets = Secrets.of(Map.of("ANTHROPIC_API_KEY", KEY));

  @Test
  void aValueIsRedactedPlainReversedInHexAndInBase64AtAnyOffset() {
    byte[] bytes = KEY.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(bytes);
    for (String prefix : new String[] {"", "k=", "key="}) {
      for (Base64.Encoder encoder :
          new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
        String encoded =
            encoder.encodeToString((prefix + KEY + "\n").getBytes(StandardCharsets.UTF_8));
        String text = "leak: " + encoded + " end";
        assertThat(secrets.redact(text)).as(prefix).contains("[REDACTED]").doesNotContain(encoded);
        String decodedRest =
            secrets
                .redact(text)
                .replace("leak: ", "")
                .replace(" end", "")
                .replace("[REDACTED]", "");
        assertThat(decodedRest.length()).as("what is left cannot hold the key").isLessThan(16);
      }
    }
    assertThat(secrets.redact("x " + KEY + " y")).isEqualTo("x [REDACTED] y");
    assertThat(secrets.redact(new StringBuilder(KEY).reverse().toString())).isEqualTo("[REDACTED]");
    assertThat(secrets.redact(hex)).isEqualTo("[REDACTED]");
    assertThat(secrets.redact(hex.toUpperCase())).isEqualTo("[REDACTED]");
    assertThat(secrets.redact("an ordinary sentence about base64 and hex"))
        .isEqualTo("an ordinary sentence about base64 and hex");
  }
}
