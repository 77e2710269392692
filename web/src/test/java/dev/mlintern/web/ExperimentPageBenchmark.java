package dev.mlintern.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment page over one experiment of 10,000 runs (a separate command, never a test): the
 * server's answer to the first page, sorted by a metric, by a parameter, filtered and deep; and the
 * first screen in Debian's headless chromium (navigation start to the runs table's rows on screen).
 * Prints a Markdown table for docs/benchmarks/web.md.
 */
public final class ExperimentPageBenchmark {
  private static final int RUNS = 10_000;

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("mlintern-experiment-bench");
    try (LedgerDb db = LedgerDb.open(home);
        StoreEngine engine = new StoreEngine(home, Secrets.none())) {
      long fill = System.nanoTime();
      ExperimentPageTest.recordRuns(new Ledger(db, Clock.systemUTC()), "search", RUNS);
      System.err.printf(
          Locale.ROOT, "recorded %d runs in %.1f s%n", RUNS, (System.nanoTime() - fill) / 1e9);
      try (WebServer server = PageTimes.serve(engine, db)) {
        List<String> rows =
            PageTimes.gets(
                server,
                RUNS + " runs",
                List.of(
                    "/experiments",
                    "/experiments/search",
                    "/experiments/search?sort=metric:accuracy&dir=desc",
                    "/experiments/search?sort=param:params.C&dir=asc",
                    "/experiments/search?q=accuracy+%3E%3D+0.9+and+model+%3D+gbm",
                    "/experiments/search?offset=" + (RUNS - 50)));
        rows.add(naive(db));
        rows.add(firstScreen(server));
        PageTimes.print(rows);
      }
    }
  }

  /**
   * The alternative the page avoids: every run read from the ledger and sorted by the metric in
   * Java, as the experiments list and the CLI read them.
   */
  private static String naive(LedgerDb db) {
    var ledger = new Ledger(db, Clock.systemUTC());
    double ms =
        PageTimes.median(
            () ->
                PageTimes.millis(
                    () -> {
                      List<RunRecord> all = new ArrayList<>(ledger.runs("search"));
                      all.sort(Comparator.comparingDouble(r -> -r.metric("accuracy")));
                    }));
    return String.format(
        Locale.ROOT,
        "| for comparison: `Ledger.runs` of all %d runs sorted by accuracy in Java (no HTML) | %.0f |"
            + " ms | |",
        RUNS,
        ms);
  }

  /** Navigation start to the first row of the runs table painted, in a warm browser. */
  private static String firstScreen(WebServer server) {
    if (!Files.isExecutable(BrowserTest.CHROMIUM)) {
      return "| first screen in chromium | skipped | | no /usr/bin/chromium |";
    }
    try (Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = BrowserTest.chromium(playwright);
        BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate(server.url());
      double ms =
          PageTimes.median(
              () -> {
                page.navigate(server.baseUrl() + "/experiments/search?sort=metric:accuracy");
                page.locator("#runs tbody tr").first().waitFor();
                return ((Number)
                        page.evaluate(
                            "() => { const e = performance.getEntriesByType('paint')"
                                + ".find(p => p.name === 'first-contentful-paint');"
                                + " return e ? e.startTime : performance.now(); }"))
                    .doubleValue();
              });
      return String.format(
          Locale.ROOT,
          "| first screen in chromium (sorted by accuracy), %d runs | %.0f | ms | first contentful"
              + " paint |",
          RUNS,
          ms);
    }
  }
}
