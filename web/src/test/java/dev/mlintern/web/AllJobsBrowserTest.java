package dev.mlintern.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global jobs page in Debian's headless chromium: a job submitted through compute's real job
 * service from no session (as {@code mlintern jobs submit} does) is listed, and its page shows the
 * whole log once it has finished.
 */
class AllJobsBrowserTest {
  @TempDir Path dir;
  Playwright playwright;
  Browser browser;
  CliJobs jobs;
  StoreEngine engine;
  WebServer server;
  BrowserContext context;
  Page page;

  @BeforeEach
  void open() {
    Assumptions.assumeTrue(
        Files.isExecutable(BrowserTest.CHROMIUM),
        "skipped: no chromium at " + BrowserTest.CHROMIUM + " (apt-get install -y chromium)");
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = BrowserTest.chromium(playwright);
    jobs = CliJobs.open(dir.resolve("home"), Secrets.none());
    engine = new StoreEngine(dir, Secrets.none());
    server =
        new WebServer(
                engine, AccessToken.of("test-token-0123456789abcdef"), Secrets.none(), jobs.db())
            .start("127.0.0.1", 0);
    context = browser.newContext();
    context.setDefaultTimeout(30_000);
    page = context.newPage();
  }

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
      server.close();
      engine.close();
      jobs.close();
      browser.close();
      playwright.close();
    }
  }

  @Test
  void aJobSubmittedFromTheCliAppearsOnTheJobsPageAndShowsItsFullLogOnceFinished()
      throws Exception {
    JobRecord job =
        jobs.runToEnd("i=0; while [ $i -lt 1500 ]; do echo \"step $i\"; i=$((i+1)); done");
    page.navigate(server.url());
    page.locator("nav >> text=Every job").click();
    assertThat(page.locator("#all-jobs tr[data-job=\"" + job.id() + "\"]")).containsText("CLI");
    assertThat(page.locator("#all-jobs tr[data-job=\"" + job.id() + "\"]"))
        .containsText("succeeded");
    page.locator("#all-jobs a:text(\"" + job.id() + "\")").click();
    assertThat(page.locator("#log")).containsText("step 0\n");
    assertThat(page.locator("#log")).containsText("step 1499");
    assertThat(page.locator("#log .line")).hasCount(1500);
  }
}
