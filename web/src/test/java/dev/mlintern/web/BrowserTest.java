package dev.mlintern.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI in Debian's headless chromium, driven by Playwright, over a real agent session with a
 * scripted model.
 */
class BrowserTest {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static Playwright playwright;
  static Browser browser;

  @TempDir Path dir;
  SqliteSessionStore store;
  WebServer server;
  BrowserContext context;
  Page page;
  final AtomicBoolean dialog = new AtomicBoolean();

  @BeforeAll
  static void launch() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "skipped: no chromium at " + CHROMIUM + " (apt-get install -y chromium)");
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  @AfterAll
  static void quit() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void open() {
    store = new SqliteSessionStore(dir.resolve("mlintern.db"), Secrets.none(), Clock.systemUTC());
    context = browser.newContext();
    context.setDefaultTimeout(30_000);
    page = context.newPage();
    page.onDialog(
        d -> {
          dialog.set(true);
          d.dismiss();
        });
  }

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
    }
    if (server != null) {
      server.close();
    }
    store.close();
  }

  static LocatorAssertions.IsVisibleOptions visible() {
    return new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);
  }

  @Test
  void runsASessionFromTheFormThroughAnEditedApprovalToCharts() {
    ScriptedChatModel model = new ScriptedChatModel("scripted:browser");
    model
        .step(
            r ->
                model.response(
                    "Let me plan this first.",
                    List.of(
                        new ToolCall(
                            model.nextId(),
                            "plan",
                            "{\"items\": [{\"content\": \"Train a baseline\", \"status\": \"in_progress\"},"
                                + " {\"content\": \"Write the report\", \"status\": \"pending\"}]}")),
                    StopReason.TOOL_USE))
        .step(
            r ->
                model.response(
                    "I will train a baseline on the digits data with a learning rate of 0.1.",
                    List.of(
                        new ToolCall(
                            model.nextId(),
                            "train_job",
                            "{\"script\": \"train.py\", \"lr\": 0.1, \"steps\": 20}")),
                    StopReason.TOOL_USE))
        .text("Baseline reached val accuracy <script>alert('xss')</script> 0.925.")
        .text("A second run is queued.");
    TrainTool train = new TrainTool();
    AgentEngine engine =
        new AgentEngine(
            store,
            new AgentEngine.Sessions() {
              @Override
              public AgentSession start(NewSession request) {
                return AgentSession.builder(model, store)
                    .tools(List.of(new PlanTool(), train))
                    .workspaceRoot(dir.resolve("workspaces"))
                    .start(request.goal());
              }

              @Override
              public AgentSession resume(SessionInfo session) {
                return AgentSession.builder(model, store)
                    .tools(List.of(new PlanTool(), train))
                    .resume(session.id());
              }
            },
            (s, j) -> {});
    AccessToken token = AccessToken.of("browser-token-0123456789");
    server = new WebServer(engine, token, Secrets.none()).start("127.0.0.1", 0);

    page.navigate(server.url());
    assertThat(page.locator("text=No sessions yet.")).isVisible(visible());
    assertThat(page.url()).doesNotContain("token=");
    page.locator("nav >> text=New session").click();
    page.locator("textarea[name=goal]").fill("Beat 0.92 accuracy on digits");
    page.locator("input[name=data]").fill("sklearn:digits");
    page.locator("button[type=submit]").click();

    Locator timeline = page.locator("#timeline");
    assertThat(
            timeline.locator(
                ".msg.assistant", new Locator.LocatorOptions().setHasText("learning rate of 0.1")))
        .isVisible(visible());
    assertThat(page.locator("#plan li", new Page.LocatorOptions().setHasText("Train a baseline")))
        .isVisible(visible());
    assertThat(timeline.locator(".approval.pending")).isVisible(visible());
    int before = timeline.locator(".msg").count();

    page.reload();
    assertThat(timeline.locator(".approval.pending")).isVisible(visible());
    assertThat(timeline.locator(".msg")).hasCount(before);
    assertThat(timeline.locator(".msg.user")).containsText("Beat 0.92 accuracy on digits");
    assertThat(page.locator("#plan li").first()).containsText("Train a baseline");

    Locator arguments = timeline.locator(".approval.pending textarea[name=arguments]");
    arguments.fill(arguments.inputValue().replace("0.1", "0.05"));
    timeline.locator(".approval.pending button.approve-edited").click();
    assertThat(timeline.locator(".approval.resolved.approved_edited")).isVisible(visible());
    Locator answer =
        timeline.locator(
            ".msg.assistant", new Locator.LocatorOptions().setHasText("Baseline reached"));
    assertThat(answer).isVisible(visible());
    assertThat(answer).containsText("<script>alert('xss')</script>");
    assertThat(train.calls).hasSize(1);
    assertThat(train.calls.get(0).lr()).isEqualTo(0.05);
    assertThat(timeline.locator(".call pre.result").last())
        .containsText("succeeded: val accuracy 0.925");

    page.locator("form.composer textarea").fill("Try a second run");
    page.locator("form.composer button[type=submit]").click();
    assertThat(
            timeline.locator(
                ".msg.assistant", new Locator.LocatorOptions().setHasText("second run is queued")))
        .isVisible(visible());
    assertThat(page.locator("form.composer textarea")).hasValue("");

    assertThat(page.locator("#status")).hasText("idle");
    List<String> all = timeline.locator(".msg, .call, .approval, .notice").allInnerTexts();
    page.reload();
    assertThat(timeline.locator(".msg.assistant").last()).containsText("second run is queued");
    assertThat(page.locator("#status")).hasText("idle");
    assertThat(timeline.locator(".msg, .call, .approval, .notice").allInnerTexts()).isEqualTo(all);

    page.locator("nav >> text=Experiments").click();
    assertThat(page.locator("#charts canvas").first()).isVisible(visible());
    assertThat(page.locator("#charts .uplot")).hasCount(4);
    assertThat(page.locator("table.ledger")).containsText("j-aaaaaaaaaa01");

    page.locator("nav >> text=Jobs").click();
    assertThat(page.locator("#job-rows tr[data-job=j-aaaaaaaaaa01]")).containsText("succeeded");
    page.locator("#job-rows a").first().click();
    assertThat(page.locator("#log")).containsText("step 20 loss");
    assertThat(dialog).isFalse();
  }

  @Test
  void anOpenPageContinuesAfterTheServerRestartsWithoutRepeatingEvents() {
    StoreEngine engine = new StoreEngine(dir.resolve("restart"), Secrets.none());
    String session = engine.create("Survive a restart");
    engine.append(
        session,
        new AgentEvent.AssistantMessage(
            "before the restart", List.of(), List.of(), "end_turn", null));
    AccessToken token = AccessToken.of("restart-token-0123456789");
    server = new WebServer(engine, token, Secrets.none()).start("127.0.0.1", 0);
    int port = server.port();
    try {
      page.navigate(server.url().replace("/?", "/sessions/" + session + "?"));
      Locator timeline = page.locator("#timeline");
      assertThat(timeline.locator(".msg.assistant .text")).hasText("before the restart");
      server.close();
      engine.append(
          session,
          new AgentEvent.AssistantMessage(
              "while it was down", List.of(), List.of(), "end_turn", null));
      server = new WebServer(engine, token, Secrets.none()).start("127.0.0.1", port);
      engine.append(
          session,
          new AgentEvent.AssistantMessage(
              "after the restart", List.of(), List.of(), "end_turn", null));
      assertThat(timeline.locator(".msg.assistant .text"))
          .hasText(
              new String[] {"before the restart", "while it was down", "after the restart"},
              new LocatorAssertions.HasTextOptions().setTimeout(30_000));
      assertThat(timeline.locator(".msg.user")).hasCount(1);
    } finally {
      server.close();
      server = null;
      engine.close();
    }
  }

  @Test
  void aSessionOfTenThousandEventsRendersInFull() {
    StoreEngine engine = new StoreEngine(dir.resolve("big"), Secrets.none());
    String session = engine.create("A long session");
    for (int i = 0; i < 2_500; i++) {
      engine.append(session, new AgentEvent.AssistantDelta("chunk " + i + " "));
      engine.append(
          session,
          new AgentEvent.AssistantMessage("answer " + i, List.of(), List.of(), "tool_use", null));
      engine.append(
          session, new AgentEvent.ToolCall("c" + i, "read", "{\"path\": \"f" + i + "\"}", "run"));
      engine.append(
          session,
          new AgentEvent.ToolResult(
              "c" + i, "read", "<b>content " + i + "</b>", false, null, null));
    }
    long last = engine.session(session).orElseThrow().lastSeq();
    assertThat(last).isEqualTo(10_002);
    AccessToken token = AccessToken.of("big-token-0123456789");
    server = new WebServer(engine, token, Secrets.none()).start("127.0.0.1", 0);
    try {
      page.navigate(server.url().replace("/?", "/sessions/" + session + "?"));
      assertThat(page.locator("#timeline[data-last-seq='" + last + "']"))
          .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(60_000));
      assertThat(page.locator("#timeline .call")).hasCount(2_500);
      assertThat(page.locator("#timeline .msg.assistant").last()).containsText("answer 2499");
      assertThat(page.locator("#timeline .call pre.result").last()).hasText("<b>content 2499</b>");
    } finally {
      server.close();
      server = null;
      engine.close();
    }
  }
}
