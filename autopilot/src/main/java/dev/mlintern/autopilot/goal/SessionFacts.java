package dev.mlintern.autopilot.goal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a session is told about itself at the end of its system prompt: the project folder it works
 * in, the folder its outputs go to and its time budget. The engine writes them ({@link #render});
 * the autopilot, which reads only the request, finds them again ({@link #read}). A model reads the
 * same lines.
 *
 * @param workspace the project folder, when the session works in one
 * @param outputs where the run's files go, relative to the workspace, ending in '/' (empty: the
 *     workspace itself)
 * @param budgetSeconds the session's time budget, when one was set
 */
public record SessionFacts(Optional<Path> workspace, String outputs, OptionalDouble budgetSeconds) {
  private static final String WORKSPACE = "- Project folder (your workspace): ";
  private static final String OUTPUTS =
      "- Outputs folder (write reports, models and submissions here): ";
  private static final String BUDGET = "- Time budget (seconds): ";

  /** No facts: a session outside any project (bench, demo, tests). */
  public static SessionFacts none() {
    return new SessionFacts(Optional.empty(), "", OptionalDouble.empty());
  }

  /** The lines appended to the system prompt; empty when there are none. */
  public String render() {
    if (workspace.isEmpty() && outputs.isEmpty() && budgetSeconds.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("\n\n## This session\n");
    workspace.ifPresent(ws -> text.append(WORKSPACE).append(ws).append('\n'));
    if (!outputs.isEmpty()) {
      text.append(OUTPUTS).append(outputs).append('\n');
    }
    budgetSeconds.ifPresent(
        s -> text.append(BUDGET).append(String.format(Locale.ROOT, "%.0f", s)).append('\n'));
    return text.toString();
  }

  /** The facts in a system prompt, {@link #none()} where it has none. */
  public static SessionFacts read(String system) {
    Optional<String> ws = line(system, WORKSPACE);
    Optional<String> budget = line(system, BUDGET);
    return new SessionFacts(
        ws.map(Path::of),
        line(system, OUTPUTS).orElse(""),
        budget.isPresent()
            ? OptionalDouble.of(Double.parseDouble(budget.get()))
            : OptionalDouble.empty());
  }

  private static Optional<String> line(String text, String prefix) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(.+)$").matcher(text);
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }
}
