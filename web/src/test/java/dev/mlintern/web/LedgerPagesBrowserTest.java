package dev.mlintern.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Page;
import dev.mlintern.compute.JobRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global pages over compute's ledger in Debian's headless chromium, as a user goes through
 * them. Jobs: a job submitted through the real job service from no session (as {@code mlintern jobs
 * submit} does) is listed, and its page shows the whole log once it has finished. Experiments: the
 * list, an experiment's runs sorted by clicking a metric's header and filtered, two runs ticked and
 * compared (curves overlaid and a parameter scatter drawn by uPlot, their configs diffed), then one
 * run's own page and its log.
 */
class LedgerPagesBrowserTest {
  @TempDir Path dir;
  LedgerBrowser at;
  CliJobs jobs;
  Page page;

  @BeforeEach
  void open() {
    at = LedgerBrowser.open(dir);
    jobs = at.jobs();
    page = at.page();
  }

  @AfterEach
  void close() {
    if (at != null) {
      at.close();
    }
  }

  @Test
  void aJobSubmittedFromTheCliAppearsOnTheJobsPageAndShowsItsFullLogOnceFinished()
      throws Exception {
    JobRecord job =
        jobs.runToEnd("i=0; while [ $i -lt 1500 ]; do echo \"step $i\"; i=$((i+1)); done");
    page.navigate(at.server().url());
    page.locator("nav >> text=Every job").click();
    assertThat(page.locator("#all-jobs tr[data-job=\"" + job.id() + "\"]")).containsText("CLI");
    assertThat(page.locator("#all-jobs tr[data-job=\"" + job.id() + "\"]"))
        .containsText("succeeded");
    page.locator("#all-jobs a:text(\"" + job.id() + "\")").click();
    assertThat(page.locator("#log")).containsText("step 0\n");
    assertThat(page.locator("#log")).containsText("step 1499");
    assertThat(page.locator("#log .line")).hasCount(1500);
  }

  @Test
  void aUserSortsFiltersAndComparesRunsThenOpensOne() throws Exception {
    for (double lr : new double[] {0.1, 0.3}) {
      jobs.runInExperiment(
          "search",
          JsonNodeFactory.instance.objectNode().put("model", "mlp").put("lr", lr),
          ExperimentPageTest.curve(lr * 10));
    }
    ExperimentPageTest.recordRuns(jobs.service().ledger(), "search", 60);
    page.navigate(at.server().url());
    page.locator("nav >> text=Every experiment").click();
    page.locator("#all-experiments a:text(\"search\")").click();
    assertThat(page.locator("#run-count")).containsText("of 62");
    assertThat(page.locator("#runs tbody tr")).hasCount(50);

    page.locator("#runs th a[data-sort=\"metric:accuracy\"]").click();
    assertThat(page.locator("#runs tbody tr").first()).containsText("cv · cand-59");
    page.locator("#runs th a[data-sort=\"metric:accuracy\"]").click();
    assertThat(page.locator("#runs tbody tr").first()).containsText("cv · cand-0");

    page.locator("input[name=q]").fill("loss < 5");
    page.locator("#run-filter button").click();
    assertThat(page.locator("#runs tbody tr")).hasCount(2);
    page.locator("#runs tbody input[type=checkbox]").nth(0).check();
    page.locator("#runs tbody input[type=checkbox]").nth(1).check();
    page.locator("#compare").click();

    assertThat(page.locator("h1")).containsText("Compare 2 runs");
    assertThat(page.locator("#run-charts")).hasAttribute("data-charts", "2");
    assertThat(page.locator("#run-charts .uplot")).hasCount(2);
    assertThat(page.locator("#run-charts")).containsText("mlp lr=0.1");
    assertThat(page.locator("#run-charts")).containsText("mlp lr=0.3");
    assertThat(page.locator("#config-diff tr.differs")).containsText("lr");
    page.locator("#diff-toggle").click();
    assertThat(page.locator("#config-diff")).containsText("model");

    page.locator("#compared a:text(\"mlp lr=0.3\")").click();
    assertThat(page.locator("h1")).hasText("mlp lr=0.3");
    assertThat(page.locator("#run-charts")).hasAttribute("data-charts", "1");
    assertThat(page.locator("#params")).containsText("0.3");
    assertThat(page.locator("#rerun")).containsText("mlintern jobs submit");
    page.locator("#notes textarea").fill("#keep best curve");
    page.locator("#notes button").click();
    assertThat(page.locator("#notes textarea")).hasValue("#keep best curve");
    page.locator("#log-link").click();
    assertThat(page.locator("body")).containsText("MLINTERN_METRIC");

    page.goBack();
    page.locator(".run-facts a:text(\"search\")").click();
    page.locator("#rename input[name=name]").fill("credit search");
    page.locator("#rename button").click();
    assertThat(page.locator("h1")).hasText("Experiment credit search");
    page.locator("input[name=q]").fill("#keep");
    page.locator("#run-filter button").click();
    assertThat(page.locator("#runs tbody tr")).hasCount(1);
  }
}
