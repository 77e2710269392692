package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Canary keys reach the auth headers and nothing else: not bodies, not exception messages or
 * traces, not toString.
 */
class SecretCanaryTest {
  private static final String ANTHROPIC_CANARY = "sk-ant-canary-ZZ91-do-not-leak";
  private static final String HF_CANARY = "hf_canaryQQ77donotleak000000";
  private static final ChatRequest ASK =
      new ChatRequest("sys", List.of(new UserMessage("hi")), List.of(), 64);

  private final FixtureServer server = new FixtureServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelFactory factory(String base) {
    return ModelFactory.fromSettings(
        new Settings(
            Path.of("/tmp/mlintern-test"),
            Map.of("ANTHROPIC_BASE_URL", base, "MLINTERN_HF_ROUTER_URL", base + "/v1"),
            Secrets.of(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_CANARY, "HF_TOKEN", HF_CANARY))));
  }

  @Test
  void aServerEchoingTheKeyDoesNotPutItIntoTheException() {
    server.route(
        "POST",
        "/v1/messages",
        Response.json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"authentication_error\",\"message\":\"invalid x-api-key "
                + ANTHROPIC_CANARY
                + "\"}}"));
    server.route(
        "POST",
        "/v1/chat/completions",
        Response.json(
            401,
            "{\"error\":{\"message\":\"Invalid token "
                + HF_CANARY
                + "\",\"type\":\"invalid_request_error\"}}"));
    ModelFactory factory = factory(server.baseUrl());

    for (ChatModel model :
        List.of(factory.create("anthropic:claude-haiku-4-5"), factory.create("hf:a/b"))) {
      ModelException e = catchThrowableOfType(ModelException.class, () -> model.generate(ASK));
      assertThat(e.kind()).isEqualTo(ModelException.Kind.UNAUTHORIZED);
      assertNoCanary(e.getMessage());
      assertNoCanary(trace(e));
      assertNoCanary(model.toString());
      assertNoCanary(model.name());
    }
    for (FixtureServer.Request request : server.requests()) {
      assertNoCanary(request.body());
      assertNoCanary(request.path() + "?" + request.query());
    }
    assertThat(server.requests().get(0).header("x-api-key")).isEqualTo(ANTHROPIC_CANARY);
    assertThat(server.requests().get(1).header("authorization")).isEqualTo("Bearer " + HF_CANARY);
  }

  @Test
  void doesNotFollowARedirectThatWouldCarryTheKeyElsewhere() {
    try (FixtureServer elsewhere = new FixtureServer()) {
      elsewhere.route("POST", "/", Response.json(200, "{}"));
      server.route(
          "POST",
          "/v1/messages",
          Response.json(307, "{}").withHeader("location", elsewhere.baseUrl() + "/steal"));

      ModelException e =
          catchThrowableOfType(
              ModelException.class,
              () -> factory(server.baseUrl()).create("anthropic:claude-haiku-4-5").generate(ASK));

      assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
      assertThat(e.getMessage()).contains("redirected to " + elsewhere.baseUrl() + "/steal");
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void aConnectionFailureDoesNotMentionTheKey() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ChatModel model =
        factory("http://127.0.0.1:" + closedPort).create("anthropic:claude-haiku-4-5");

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.generate(ASK));

    // a refused connection is final (not retried) and names the setting that holds the address
    assertThat(e.kind()).isEqualTo(ModelException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains("ANTHROPIC_BASE_URL");
    assertNoCanary(trace(e));
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static void assertNoCanary(String text) {
    assertThat(text)
        .doesNotContain(ANTHROPIC_CANARY)
        .doesNotContain(HF_CANARY)
        .doesNotContain("canary");
  }
}
