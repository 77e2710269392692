package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Offline, a refused connection fails at once with one line naming the setting to change: well
 * inside the 7 s that the retries' backoff alone used to take (the bound leaves room for a loaded
 * machine; it is not a performance figure).
 */
class RefusedConnectionTest {
  @TempDir Path home;

  private static String closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private String[] run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {String.valueOf(code), err.toString()};
  }

  @ParameterizedTest(name = "{0} with {1} refused")
  @CsvSource({"papers search, MLINTERN_PAPERS_URL", "hub search, HF_ENDPOINT"})
  void failsAtOnceNamingTheSetting(String command, String setting) throws Exception {
    String url = closedPort();
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("instruction tuning");
    Instant start = Instant.now();
    String[] result =
        run(Map.of("MLINTERN_HOME", home.toString(), setting, url), args.toArray(String[]::new));

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(6));
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1])
        .contains("nothing answers at " + url)
        .contains(setting)
        .doesNotContain("Exception");
  }
}
