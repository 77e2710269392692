package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's result at a glance, from the {@code result.json} its report wrote in the project's
 * run folder: the chosen model, its validation score (the same number on the sessions list), the
 * threshold met or not, time, cost and links; and the sessions list's search and status filter.
 */
class SessionSummaryTest {
  @TempDir Path dir;
  Served served;
  String session;

  @BeforeEach
  void start() throws Exception {
    served = Served.start(dir, Secrets.none());
    session = served.engine().create("Beat 0.80 AUC on credit.csv");
    served.engine().create("Predict price from houses.csv");
    Path runs = served.engine().workspace(session).resolve("mlintern-runs").resolve(session);
    Files.createDirectories(runs);
    Files.writeString(
        runs.resolve("result.json"),
        """
        {"goal": "Beat 0.80 AUC", "metric": "auc", "best": 0.81234, "chosen": "gbm-<b>deep</b>",
         "report": "report.html",
         "threshold": {"metric": "auc", "value": 0.8, "direction": "higher", "best": 0.81234,
                       "met": true}}
        """);
  }

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void theSessionPageSummarisesTheChosenModelItsScoreAndTheThreshold() {
    String page = served.client().get("/sessions/" + session).body();
    assertThat(page)
        .contains("id=\"summary\"")
        .contains("<dt>Chosen model</dt><dd>gbm-&lt;b&gt;deep&lt;/b&gt;</dd>")
        .contains("<dt>Validation score</dt><dd>auc 0.8123</dd>")
        .contains("<span class=\"met\">auc ≥ 0.8000: met (best 0.8123)</span>")
        .contains("<dt>Cost</dt><dd>$0.00</dd>")
        .contains("href=\"/sessions/" + session + "/experiments\">Runs</a>");
    assertThat(served.client().get("/").body()).contains("auc 0.8123");
  }

  @Test
  void theSessionsListIsSearchedByGoalAndFilteredByStatus() {
    assertThat(served.client().get("/?q=CREDIT").body())
        .contains("Beat 0.80 AUC")
        .doesNotContain("Predict price");
    assertThat(served.client().get("/?q=nothing-like-this").body()).contains("No session matches.");
    assertThat(served.client().get("/?status=failed").body()).doesNotContain("Beat 0.80 AUC");
    assertThat(served.client().get("/?q=%3Cscript%3E").body())
        .contains("value=\"&lt;script&gt;\"")
        .doesNotContain("<script>alert");
  }
}
