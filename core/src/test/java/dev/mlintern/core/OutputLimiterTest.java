package dev.mlintern.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLimiterTest {
  @TempDir Path workspace;

  @Test
  void shortTextPassesRedacted() {
    var limiter = new OutputLimiter(workspace, "", 1000, Secrets.of(Map.of("K", "topsecret1")));
    assertThat(limiter.limit("c1", "key=topsecret1"))
        .isEqualTo(new OutputLimiter.Limited("key=[REDACTED]", null));
  }

  @Test
  void longTextKeepsHeadAndTailAndSavesTheRest() throws Exception {
    var limiter = new OutputLimiter(workspace, "", 1000, Secrets.none());
    String text = "A".repeat(700) + "B".repeat(5000) + "C".repeat(400);
    OutputLimiter.Limited limited = limiter.limit("call/1", text);
    assertThat(limited.fullOutput()).isEqualTo(".mlintern/outputs/call_1.txt");
    assertThat(Files.readString(workspace.resolve(limited.fullOutput()))).isEqualTo(text);
    assertThat(limited.content())
        .startsWith("A".repeat(600))
        .endsWith("C".repeat(300))
        .contains("characters omitted");
  }

  @Test
  void binaryIsDescribed() {
    var limiter = new OutputLimiter(workspace, "", 1000, Secrets.none());
    assertThat(limiter.limit("c", "PK\u0003\u0004\u0000\u0000").content())
        .startsWith("[binary output");
    assertThat(OutputLimiter.looksBinary("plain text\nwith lines\tand tabs")).isFalse();
  }
}
