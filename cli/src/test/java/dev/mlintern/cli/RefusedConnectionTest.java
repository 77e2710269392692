package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Offline, a refused connection fails at once with one line naming the setting to change: well
 * inside the 7 s that the retries' backoff alone used to take (the bound leaves room for a loaded
 * machine; it is not a performance figure). A host that accepts no connection at all (here a
 * listening socket whose backlog is full, so the kernel drops every new SYN as a firewall would)
 * fails the same way within 3 s, instead of the system's TCP timeout of minutes.
 */
class RefusedConnectionTest {
  @TempDir Path home;
  private static final List<Socket> FILLING = new ArrayList<>();
  private static ServerSocket blackhole;

  /** A port where connections are never answered: one listening socket, its backlog full. */
  @BeforeAll
  static void blackhole() throws Exception {
    blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    while (true) {
      Socket socket = new Socket();
      try {
        socket.connect(blackhole.getLocalSocketAddress(), 300);
        FILLING.add(socket);
      } catch (SocketTimeoutException full) {
        socket.close();
        return;
      }
    }
  }

  @AfterAll
  static void closeBlackhole() throws Exception {
    for (Socket socket : FILLING) {
      socket.close();
    }
    blackhole.close();
  }

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

  @ParameterizedTest(name = "{0} with {1} answering nothing")
  @CsvSource({
    "papers search, MLINTERN_PAPERS_URL",
    "hub search, HF_ENDPOINT",
    "run --model ollama:llama3, OLLAMA_HOST"
  })
  void aHostThatAnswersNothingFailsWithinThreeSeconds(String command, String setting)
      throws Exception {
    String url = "http://127.0.0.1:" + blackhole.getLocalPort();
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    if (args.get(0).equals("run")) {
      args.addAll(List.of("--workspace", home.toString()));
    }
    args.add("instruction tuning");
    // the same command against a refused port first, so the time below is the wait, not class
    // loading (start-up is measured in docs/benchmarks/startup.md)
    run(
        Map.of("MLINTERN_HOME", home.toString(), setting, closedPort()),
        args.toArray(String[]::new));
    Instant start = Instant.now();
    String[] result =
        run(Map.of("MLINTERN_HOME", home.toString(), setting, url), args.toArray(String[]::new));

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1])
        .contains("nothing answers at " + url + " (no answer within 1.5 s)")
        .contains(setting)
        .doesNotContain("Exception");
  }
}
