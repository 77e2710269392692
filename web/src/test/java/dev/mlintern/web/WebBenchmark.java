package dev.mlintern.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The web benchmark (a separate command, never a test): time to first render and to full render of
 * a session with 10,000 events in headless chromium, and SSE throughput for replay and for live
 * events. Prints a Markdown table for docs/benchmarks/web.md.
 *
 * <pre>
 * mvn -q -o -pl web test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.mlintern.web.WebBenchmark
 * </pre>
 */
public final class WebBenchmark {
  private static final int EVENTS = 10_000;
  private static final int LIVE = 5_000;
  private static final int RUNS = 3;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("mlintern-web-bench");
    try (StoreEngine engine = new StoreEngine(dir, Secrets.none())) {
      String session = engine.create("benchmark session");
      fill(engine, session, EVENTS - 2);
      AccessToken token = AccessToken.of("bench-token-0123456789");
      WebServer server = new WebServer(engine, token, Secrets.none()).start("127.0.0.1", 0);
      WebClient client = new WebClient(server, token);
      List<String> rows = new ArrayList<>();
      long last = engine.session(session).orElseThrow().lastSeq();

      List<Double> reads = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        engine.events(session, 0);
        reads.add((System.nanoTime() - start) / 1e6);
      }
      rows.add(
          row(
              "Store read of " + last + " events (SQLite, for comparison)",
              median(reads),
              "ms",
              "no HTTP"));

      List<Double> replay = new ArrayList<>();
      long bytes = 0;
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        String sse =
            EventStreamReader.read(client, "/sessions/" + session + "/events", null, (int) last);
        replay.add((System.nanoTime() - start) / 1e9);
        bytes = sse.length();
      }
      double replaySeconds = median(replay);
      rows.add(
          row(
              "SSE replay of " + last + " events (" + bytes / 1024 + " KiB)",
              replaySeconds * 1000,
              "ms",
              String.format(Locale.ROOT, "%.0f events/s", last / replaySeconds)));

      List<Double> live = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        long from = engine.session(session).orElseThrow().lastSeq();
        long[] start = new long[1];
        EventStreamReader.read(
            client,
            "/sessions/" + session + "/events?after=" + from,
            null,
            LIVE,
            () -> {
              start[0] = System.nanoTime();
              Thread writer = new Thread(() -> fill(engine, session, LIVE));
              writer.start();
            });
        live.add((System.nanoTime() - start[0]) / 1e9);
      }
      double liveSeconds = median(live);
      rows.add(
          row(
              "SSE live: " + LIVE + " events appended while a client follows",
              liveSeconds * 1000,
              "ms",
              String.format(
                  Locale.ROOT, "%.0f events/s (store append included)", LIVE / liveSeconds)));

      String big = engine.create("render benchmark");
      fill(engine, big, EVENTS - 2);
      long bigLast = engine.session(big).orElseThrow().lastSeq();
      Path chromium = Paths.get("/usr/bin/chromium");
      if (Files.isExecutable(chromium)) {
        try (Playwright playwright =
                Playwright.create(
                    new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser =
                playwright
                    .chromium()
                    .launch(
                        new BrowserType.LaunchOptions()
                            .setExecutablePath(chromium)
                            .setHeadless(true)
                            .setArgs(
                                List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--no-first-run")))) {
          List<Double> first = new ArrayList<>();
          List<Double> full = new ArrayList<>();
          String url = server.url().replace("/?", "/sessions/" + big + "?");
          for (int i = 0; i < RUNS + 1; i++) {
            Page page = browser.newContext().newPage();
            long start = System.nanoTime();
            page.navigate(url);
            page.waitForSelector("#timeline [data-seq]");
            double firstMs = (System.nanoTime() - start) / 1e6;
            page.waitForSelector(
                "#timeline[data-last-seq='" + bigLast + "']",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
            double fullMs = (System.nanoTime() - start) / 1e6;
            page.context().close();
            if (i > 0) {
              first.add(firstMs);
              full.add(fullMs);
            }
          }
          rows.add(
              row(
                  "Session page, " + bigLast + " events: first event on screen",
                  median(first),
                  "ms",
                  "navigation start to first timeline item (warm browser)"));
          rows.add(
              row(
                  "Session page, " + bigLast + " events: whole history rendered",
                  median(full),
                  "ms",
                  "navigation start to the last event drawn"));
        }
      } else {
        rows.add("| browser render | skipped | | no /usr/bin/chromium |");
      }
      server.close();
      System.out.println("| measure | median of " + RUNS + " | unit | note |");
      System.out.println("|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  /**
   * A realistic mix: streamed text, whole answers, tool calls with results, job logs and metrics.
   */
  static void fill(StoreEngine engine, String session, int events) {
    for (int i = 0; i < events; i++) {
      AgentEvent event =
          switch (i % 6) {
            case 0 -> new AgentEvent.AssistantDelta("Looking at the data, step " + i + ". ");
            case 1 ->
                new AgentEvent.AssistantMessage(
                    "Looking at the data, step " + i + ".", List.of(), List.of(), "tool_use", null);
            case 2 ->
                new AgentEvent.ToolCall(
                    "c" + i, "read", "{\"path\": \"data/part-" + i + ".csv\"}", "run");
            case 3 ->
                new AgentEvent.ToolResult(
                    "c" + i, "read", "id,text,label\n" + i + ",a review,1\n", false, null, null);
            case 4 -> new AgentEvent.JobLog("j-bench0000000", List.of("step " + i + " loss 0.5"));
            default ->
                new AgentEvent.Metric(
                    "j-bench0000000",
                    "loss",
                    com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1.0 / (i + 1)),
                    (long) i,
                    "train");
          };
      engine.append(session, event);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String row(String what, double value, String unit, String note) {
    return String.format(Locale.ROOT, "| %s | %.0f | %s | %s |", what, value, unit, note);
  }
}
