package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the data audit found and the fixes it calls for: drop exact duplicate rows, ignore constant
 * or leaking columns. Reads either the data module's audit report ({@code verdict} and {@code
 * findings}) or the trial recipe's quick audit.
 */
record AuditAdvice(boolean dedup, List<String> drop, List<String> summary) {
  AuditAdvice {
    drop = List.copyOf(drop);
    summary = List.copyOf(summary);
  }

  static AuditAdvice none(String why) {
    return new AuditAdvice(false, List.of(), List.of(why));
  }

  static AuditAdvice from(Transcript.Step step, TaskBrief brief) {
    if (step.content() == null) {
      return none("the audit did not answer");
    }
    if (step.error()) {
      return none("the audit failed: " + step.content().lines().findFirst().orElse(""));
    }
    JsonNode json = step.json();
    if (json.has("findings") || json.has("verdict")) {
      return fromReport(json, brief);
    }
    if (step.content().startsWith("Verdict:")) {
      return fromText(step.content());
    }
    return none("audit: " + step.content().substring(0, Math.min(300, step.content().length())));
  }

  /** The trial recipe's quick audit, run as a trial. */
  static AuditAdvice fromRecord(TrialRecord audit) {
    if (!audit.ok()) {
      return none(
          "the audit failed: "
              + (audit.error() == null ? "" : audit.error().lines().findFirst().orElse("")));
    }
    return fromQuick(audit.details().path("audit"));
  }

  private static AuditAdvice fromReport(JsonNode report, TaskBrief brief) {
    List<String> summary = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    boolean dedup = false;
    summary.add("verdict: " + report.path("verdict").asText("?"));
    for (JsonNode f : report.path("findings")) {
      String kind = f.path("kind").asText();
      summary.add(
          f.path("severity").asText("info") + " " + kind + ": " + f.path("message").asText());
      if (kind.equals("duplicates")) {
        dedup = true;
      }
      if (kind.equals("leakage")) {
        f.path("columns")
            .forEach(
                c -> {
                  String col = c.asText();
                  if (!col.equals(brief.id()) && !col.equals(brief.target())) {
                    drop.add(col);
                  }
                });
      }
    }
    if (dedup) {
      summary.add("fix: drop duplicate rows before training");
    }
    if (!drop.isEmpty()) {
      summary.add("fix: ignore leaking columns " + String.join(", ", drop));
    }
    return new AuditAdvice(dedup, drop, summary);
  }

  /** The data tool's text summary: "Verdict: GO-WITH-FIXES" then "- [warn] duplicates: …" lines. */
  private static AuditAdvice fromText(String text) {
    List<String> summary = new ArrayList<>();
    boolean dedup = false;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("Verdict:") || l.startsWith("- [") || l.startsWith("rows ")) {
        summary.add(l.startsWith("- ") ? l.substring(2) : l);
      }
      if (l.matches("- \\[(warn|block)\\] duplicates:.*")) {
        dedup = true;
      }
    }
    if (dedup) {
      summary.add("fix: drop duplicate rows before training");
    }
    return new AuditAdvice(dedup, List.of(), summary);
  }

  private static AuditAdvice fromQuick(JsonNode a) {
    List<String> summary = new ArrayList<>();
    summary.add(
        String.format(
            Locale.ROOT,
            "%d training rows, %d feature columns, %d test rows",
            a.path("rows").asInt(),
            a.path("columns").asInt(),
            a.path("test_rows").asInt()));
    int duplicates = a.path("duplicates").asInt();
    summary.add(
        duplicates
            + " exact duplicate rows; "
            + a.path("conflicting").asInt()
            + " rows share features with a different label");
    if (a.path("missing").size() > 0) {
      summary.add(
          "missing values: " + a.path("missing").toString() + " (imputed: median / 'missing')");
    } else {
      summary.add("no missing values");
    }
    if (a.has("classes")) {
      summary.add("class balance: " + a.path("classes").toString());
    }
    summary.add(a.path("test_overlap").asInt() + " test rows repeat a training row's features");
    List<String> drop = new ArrayList<>();
    a.path("constant").forEach(c -> drop.add(c.asText()));
    if (duplicates > 0) {
      summary.add("fix: drop the duplicate rows before training");
    }
    if (!drop.isEmpty()) {
      summary.add("fix: ignore constant columns " + String.join(", ", drop));
    }
    return new AuditAdvice(duplicates > 0, drop, summary);
  }
}
