package dev.mlintern.autopilot.search;

import java.util.Locale;

/** The autopilot's closing message: what it chose, on what evidence, and where the results are. */
final class Closing {
  private Closing() {}

  static String text(
      TaskBrief brief, SearchState state, Selection.Choice choice, Candidate chosen) {
    long trials = state.records().size();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "Done after %d trials. Chosen: %s (%s).",
            trials,
            chosen.name(),
            chosen.model()));
    if (choice != null) {
      text.append(
          String.format(
              Locale.ROOT,
              " Validation %s %.5f ± %.5f. %s.",
              brief.metric(),
              choice.chosen().holdout(),
              choice.chosen().holdoutStd(),
              choice.why()));
    }
    if (brief.test() != null) {
      text.append(" Predictions for the test file are in " + brief.outputs() + "submission.csv.");
    }
    return text.toString();
  }
}
