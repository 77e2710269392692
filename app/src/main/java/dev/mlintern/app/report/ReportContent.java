package dev.mlintern.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's sections in reading order: goal, data audit, what was tried, learning curves, metric
 * per trial, the choice and its validation evidence, the final metric, diagnosis, next steps, how
 * to reproduce.
 */
final class ReportContent {
  private ReportContent() {}

  static List<Block> blocks(ReportInput in) {
    List<Block> b = new ArrayList<>();
    b.add(new Block.Heading("Goal"));
    b.add(new Block.Para(in.goal()));
    if (in.chosen() != null) {
      b.add(
          new Block.Para(
              String.format(
                  Locale.ROOT,
                  "**Result:** %s, validation %s %s%s%s.",
                  in.chosen().candidate(),
                  metric(in),
                  number(in.chosen().score()),
                  in.chosen().std() == null ? "" : " ± " + number(in.chosen().std()),
                  in.elapsedSeconds() == null
                      ? ""
                      : String.format(
                          Locale.ROOT,
                          " after %.0f s and %d trials",
                          in.elapsedSeconds(),
                          in.trials().size()))));
    }
    String verdict = new RunResult(in).verdict();
    if (!verdict.isEmpty()) {
      b.add(new Block.Para("**" + verdict + "**"));
    }
    b.add(new Block.Heading("Data audit"));
    b.add(
        in.audit().isEmpty()
            ? new Block.Para("No audit was reported.")
            : new Block.Bullets(in.audit()));
    if (!in.priors().isEmpty()) {
      b.add(new Block.Heading("Literature priors"));
      b.add(new Block.Bullets(in.priors()));
    }
    b.add(new Block.Heading("What was tried"));
    if (in.trials().isEmpty()) {
      b.add(new Block.Para("No trials were reported."));
    } else {
      List<List<String>> rows = new ArrayList<>();
      int i = 0;
      for (ReportInput.Trial t : in.trials()) {
        rows.add(
            List.of(
                String.valueOf(++i),
                t.name(),
                text(t.family()),
                text(t.mode()),
                text(t.folds()),
                text(t.status()),
                number(t.score()),
                number(t.std()),
                number(t.trainScore()),
                t.seconds() == null ? "" : String.format(Locale.ROOT, "%.1f", t.seconds()),
                t.note() != null && !t.note().isEmpty() ? t.note() : text(t.config())));
      }
      b.add(
          new Block.Table(
              List.of(
                  "#",
                  "trial",
                  "family",
                  "mode",
                  "folds/seeds",
                  "status",
                  metric(in),
                  "std",
                  "train",
                  "seconds",
                  "config / note"),
              rows));
      List<String> reruns =
          in.trials().stream()
              .filter(t -> t.rerun() != null && !t.rerun().isBlank())
              .map(t -> t.name() + ": " + t.rerun())
              .toList();
      if (!reruns.isEmpty()) {
        b.add(new Block.Para("Each trial reruns on its own, with the same config:"));
        b.add(new Block.Code(String.join("\n", reruns)));
      }
    }
    Charts.learningCurves(in)
        .ifPresent(
            png -> {
              b.add(new Block.Heading("Learning curves"));
              b.add(
                  new Block.Para(
                      "Staged scores of boosted models on training rows and on the held-out fold: a widening "
                          + "gap means the model memorizes the training rows."));
              b.add(new Block.Image("learning-curves.png", "learning curves", png));
            });
    Charts.metricPerTrial(in)
        .ifPresent(
            png -> {
              b.add(new Block.Heading("Metric per trial"));
              b.add(new Block.Image("metric-per-trial.png", "metric per trial", png));
            });
    b.add(new Block.Heading("Chosen configuration and why"));
    if (in.chosen() == null) {
      b.add(new Block.Para("No configuration was chosen."));
    } else {
      b.add(new Block.Para(in.chosen().why()));
      b.add(new Block.Code(text(in.chosen().recipe()) + " " + text(in.chosen().config())));
    }
    if (!in.validation().isEmpty()) {
      List<List<String>> rows =
          in.validation().stream()
              .map(
                  v ->
                      List.of(
                          v.candidate(),
                          number(v.cvScore()),
                          number(v.cvStd()),
                          number(v.score()),
                          number(v.std()),
                          v.complexity() == null ? "" : String.valueOf(v.complexity())))
              .toList();
      b.add(
          new Block.Para(
              "Validation evidence: each finalist fit on the search rows and scored on validation rows"
                  + " the search never used."));
      b.add(
          new Block.Table(
              List.of(
                  "finalist",
                  "cv " + metric(in),
                  "cv std",
                  "validation " + metric(in),
                  "validation std (seeds)",
                  "complexity"),
              rows));
      Charts.validation(in)
          .ifPresent(png -> b.add(new Block.Image("validation.png", "validation evidence", png)));
    }
    if (in.chosen() != null) {
      b.add(new Block.Heading("Final metric"));
      b.add(
          new Block.Para(
              String.format(
                  Locale.ROOT,
                  "Validation %s %s with a spread of %s across seeds %s; the "
                      + "submission averages refits on all training rows with those seeds%s.",
                  metric(in),
                  number(in.chosen().score()),
                  number(in.chosen().std()),
                  in.chosen().seeds() == null ? "[0]" : in.chosen().seeds().toString(),
                  in.submission() == null ? "" : " (" + in.submission() + ")")));
    }
    b.add(new Block.Heading("Diagnosis"));
    b.add(
        in.diagnosis().isEmpty()
            ? new Block.Para("No diagnosis notes.")
            : new Block.Bullets(in.diagnosis()));
    b.add(new Block.Heading("Next steps"));
    b.add(
        in.nextSteps().isEmpty()
            ? new Block.Para("None suggested.")
            : new Block.Bullets(in.nextSteps()));
    if (in.reproduce() != null && !in.reproduce().isBlank()) {
      b.add(new Block.Heading("Reproduce"));
      b.add(new Block.Code(in.reproduce()));
    }
    return b;
  }

  private static String metric(ReportInput in) {
    return in.metric() == null ? "metric" : in.metric();
  }

  static String number(Double value) {
    if (value == null) {
      return "";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.2f" : "%.5f", value);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
