package dev.mlintern.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.config.Settings;
import dev.mlintern.web.WebEngine;
import dev.mlintern.web.WebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WebCommandTest {
  static final Pattern URL_LINE =
      Pattern.compile(
          "(?m)^mlintern web: (http://127\\.0\\.0\\.1:(\\d+)/\\?token=([A-Za-z0-9_-]+))$");

  @TempDir Path home;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final AtomicInteger engines = new AtomicInteger();
  int status;

  int run(WebCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  WebCommand command(java.util.function.Consumer<WebServer> serve) {
    Supplier<WebEngine> engine =
        () -> {
          engines.incrementAndGet();
          return new EmptyEngine(home);
        };
    return new WebCommand(Settings.of(home, Map.of()), engine, serve);
  }

  @Test
  void printsTheUrlWithItsTokenAloneOnStdoutAndServesIt() throws Exception {
    int code =
        run(
            command(
                server -> {
                  try {
                    HttpResponse<String> page =
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(URI.create(server.url())).build(),
                                HttpResponse.BodyHandlers.ofString());
                    status = page.statusCode();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }),
            "--port",
            "0");
    assertThat(code).isZero();
    assertThat(out.toString().lines().toList()).hasSize(1);
    Matcher m = URL_LINE.matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    assertThat(m.group(3)).isEqualTo(Files.readString(home.resolve("web-token")).strip());
    assertThat(status).isEqualTo(302);
  }

  @Test
  void keepsTheTokenAcrossRunsUntilRotated() {
    run(command(s -> {}), "--port", "0");
    run(command(s -> {}), "--port", "0");
    run(command(s -> {}), "--port", "0", "--rotate-token");
    List<String> tokens = URL_LINE.matcher(out.toString()).results().map(r -> r.group(3)).toList();
    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
    assertThat(tokens.get(2)).isNotEqualTo(tokens.get(0));
  }

  @Test
  void refusesANonLoopbackHostWithoutAllowRemote() {
    assertThat(run(command(s -> {}), "--host", "0.0.0.0", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--allow-remote");
    assertThat(out.toString()).isEmpty();
    assertThat(engines).hasValue(0);
    assertThat(run(command(s -> {}), "--port", "70000")).isEqualTo(2);
  }

  @Test
  void bindsAnyAddressWithAllowRemote() {
    assertThat(run(command(s -> {}), "--host", "0.0.0.0", "--port", "0", "--allow-remote"))
        .isZero();
    assertThat(out.toString()).startsWith("mlintern web: http://0.0.0.0:");
  }

  /** No sessions at all (written here). */
  record EmptyEngine(Path home) implements WebEngine {
    public List<dev.mlintern.core.store.SessionInfo> sessions() {
      return List.of();
    }

    public java.util.Optional<dev.mlintern.core.store.SessionInfo> session(String id) {
      return java.util.Optional.empty();
    }

    public List<dev.mlintern.core.event.Event> events(String session, long afterSeq) {
      return List.of();
    }

    public AutoCloseable subscribe(
        java.util.function.Consumer<dev.mlintern.core.event.Event> listener) {
      return () -> {};
    }

    public String start(dev.mlintern.web.NewSession request) {
      throw new UnsupportedOperationException();
    }

    public void send(String session, String text) {}

    public boolean reply(String session, dev.mlintern.core.ApprovalReply reply) {
      return false;
    }

    public void interrupt(String session) {}

    public java.util.Optional<dev.mlintern.core.store.SessionDeletion.Deleted> delete(
        String session, boolean removeOutputs) {
      return java.util.Optional.empty();
    }

    public Path workspace(String session) {
      return home;
    }

    public java.util.Optional<Path> report(String session) {
      return java.util.Optional.empty();
    }

    public void cancelJob(String session, String jobId) {}
  }
}
