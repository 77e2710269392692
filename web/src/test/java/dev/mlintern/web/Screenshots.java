package dev.mlintern.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.core.event.AgentEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Takes a screenshot of each page of the web UI into a folder (run by {@code
 * scripts/screenshots.sh}, never by the test suite): a ledger of real local jobs, run as the
 * autopilot runs its trials (config, metrics over steps, a result), and two sessions.
 */
public final class Screenshots {
  private static final String EXPERIMENT = "credit-default";

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
    Files.createDirectories(out);
    Path dir = Files.createTempDirectory("mlintern-screenshots");
    try (LedgerBrowser at = LedgerBrowser.open(dir)) {
      List<JobRecord> jobs = new ArrayList<>();
      double[][] trials = {{0.05, 3}, {0.1, 3}, {0.1, 6}, {0.2, 4}, {0.3, 8}};
      for (double[] t : trials) {
        jobs.add(at.jobs().runInExperiment(EXPERIMENT, trial(t[0], (int) t[1]), curve(t[0], t[1])));
      }
      ExperimentPageTest.recordRuns(at.jobs().service().ledger(), "digits-svc", 40);
      String session = at.engine().create("Beat 0.80 AUC on credit.csv, target column default");
      at.engine()
          .append(
              session, new AgentEvent.UserMessage("Beat 0.80 AUC on credit.csv, target default"));
      for (JobRecord job : jobs) {
        at.engine()
            .append(
                session,
                new AgentEvent.JobSubmitted(job.id(), "local", job.nativeId(), "trial", Map.of()));
        at.engine().append(session, new AgentEvent.JobStatus(job.id(), "succeeded", 0, null));
      }
      Path runFolder = at.engine().workspace(session).resolve("mlintern-runs").resolve(session);
      Files.createDirectories(runFolder);
      Files.writeString(
          runFolder.resolve("result.json"),
          "{\"metric\": \"val_auc\", \"best\": 0.7936, \"chosen\": \"gbm-lr0.1-d3\","
              + " \"threshold\": {\"metric\": \"val_auc\", \"value\": 0.8, \"direction\":"
              + " \"higher\", \"best\": 0.7936, \"met\": false}}");
      at.engine().create("Predict price from houses.csv (RMSE)");

      Page page = at.page();
      page.setViewportSize(1200, 760);
      page.navigate(at.server().url());
      String base = at.server().baseUrl();
      shoot(page, base + "/", out.resolve("sessions.png"));
      shoot(page, base + "/new", out.resolve("new-session.png"));
      shoot(page, base + "/sessions/" + session, out.resolve("session.png"));
      shoot(page, base + "/jobs", out.resolve("jobs.png"));
      shoot(page, base + "/jobs/" + jobs.get(0).id(), out.resolve("job.png"));
      shoot(page, base + "/experiments", out.resolve("experiments.png"));
      shoot(
          page,
          base + "/experiments/" + EXPERIMENT + "?sort=metric:val_auc",
          out.resolve("experiment.png"));
      var ledger = at.jobs().service().ledger();
      String a = ledger.requireRun(jobs.get(1).id()).id();
      String b = ledger.requireRun(jobs.get(4).id()).id();
      String c = ledger.requireRun(jobs.get(2).id()).id();
      shoot(
          page,
          base
              + "/experiments/"
              + EXPERIMENT
              + "/compare?run="
              + a
              + "&run="
              + b
              + "&run="
              + c
              + "&metric=val_auc&param=params.learning_rate",
          out.resolve("compare.png"));
      shoot(page, base + "/runs/" + b, out.resolve("run.png"));
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.out.println("screenshots written to " + out.toAbsolutePath());
  }

  private static ObjectNode trial(double learningRate, int depth) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("model", "gbm").put("train", "data/credit.csv").put("target", "default");
    config.putObject("params").put("learning_rate", learningRate).put("max_depth", depth);
    config.putObject("validation").put("scheme", "kfold").put("folds", 5);
    config
        .putObject("autopilot")
        .put("trial", "cv")
        .put("candidate", String.format(Locale.ROOT, "gbm-lr%s-d%d", learningRate, depth));
    return config;
  }

  /** A job reporting validation AUC over 10 boosting rounds, then its result. */
  private static String curve(double learningRate, double depth) {
    StringBuilder script = new StringBuilder();
    double auc = 0;
    for (int step = 0; step < 10; step++) {
      auc = 0.62 + (0.2 - Math.abs(learningRate - 0.12)) * (1 - Math.exp(-(step + 1) / depth));
      script.append(
          String.format(
              Locale.ROOT,
              "echo 'MLINTERN_METRIC {\"name\": \"val_auc\", \"value\": %.4f, \"step\": %d}'; ",
              auc,
              step));
    }
    return script
        .append(
            String.format(
                Locale.ROOT,
                "echo 'MLINTERN_RESULT {\"status\": \"ok\", \"metrics\": {\"val_auc\": %.4f,"
                    + " \"fit_seconds\": %.1f}, \"artifacts\": {\"model\": \"model.joblib\"}}'",
                auc,
                2 + depth))
        .toString();
  }

  private static void shoot(Page page, String url, Path file) {
    page.navigate(url);
    page.waitForLoadState();
    page.waitForTimeout(300);
    boolean charts = page.locator("#run-charts").count() > 0;
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(charts));
  }
}
