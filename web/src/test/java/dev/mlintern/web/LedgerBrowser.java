package dev.mlintern.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless chromium on a web server over a real ledger in {@code dir} (compute's job
 * service with the local executor, as the CLI uses it): what the global pages' browser tests share.
 * Skips the test where chromium is not installed.
 */
record LedgerBrowser(
    Playwright playwright,
    Browser browser,
    CliJobs jobs,
    StoreEngine engine,
    WebServer server,
    BrowserContext context,
    Page page)
    implements AutoCloseable {

  static LedgerBrowser open(Path dir) {
    Assumptions.assumeTrue(
        Files.isExecutable(BrowserTest.CHROMIUM),
        "skipped: no chromium at " + BrowserTest.CHROMIUM + " (apt-get install -y chromium)");
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser = BrowserTest.chromium(playwright);
    CliJobs jobs = CliJobs.open(dir.resolve("home"), Secrets.none());
    StoreEngine engine = new StoreEngine(dir, Secrets.none());
    WebServer server =
        new WebServer(
                engine, AccessToken.of("test-token-0123456789abcdef"), Secrets.none(), jobs.db())
            .start("127.0.0.1", 0);
    BrowserContext context = browser.newContext();
    context.setDefaultTimeout(30_000);
    return new LedgerBrowser(playwright, browser, jobs, engine, server, context, context.newPage());
  }

  @Override
  public void close() {
    context.close();
    server.close();
    engine.close();
    jobs.close();
    browser.close();
    playwright.close();
  }
}
