package dev.mlintern.data.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The audit's answer in the report format fixed in ARCHITECTURE.md: {@code {"verdict", "findings":
 * [{"kind", "severity", "message", "columns", "examples"}], "profile"}}. The verdict follows from
 * the findings alone: any {@code block} finding makes it NO-GO, else any {@code warn} makes it
 * GO-WITH-FIXES, else GO. Which problems block and which warn is decided in {@link Auditor}.
 */
public record AuditReport(Verdict verdict, List<Finding> findings, ObjectNode profile) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public AuditReport {
    findings = List.copyOf(findings);
  }

  /** GO / GO-WITH-FIXES / NO-GO. */
  public enum Verdict {
    GO,
    GO_WITH_FIXES,
    NO_GO;

    public String label() {
      return name().replace('_', '-');
    }
  }

  /**
   * info: worth knowing; warn: fix before training (GO-WITH-FIXES); block: training on this would
   * mislead (NO-GO).
   */
  public enum Severity {
    INFO,
    WARN,
    BLOCK;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One problem with the rows that prove it. */
  public record Finding(
      String kind,
      Severity severity,
      String message,
      List<String> columns,
      List<JsonNode> examples) {
    public Finding {
      columns = List.copyOf(columns);
      examples = List.copyOf(examples);
    }
  }

  public static AuditReport of(List<Finding> findings, ObjectNode profile) {
    Verdict verdict =
        findings.stream().anyMatch(f -> f.severity() == Severity.BLOCK)
            ? Verdict.NO_GO
            : findings.stream().anyMatch(f -> f.severity() == Severity.WARN)
                ? Verdict.GO_WITH_FIXES
                : Verdict.GO;
    return new AuditReport(verdict, findings, profile);
  }

  public List<Finding> findings(String kind) {
    return findings.stream().filter(f -> f.kind().equals(kind)).toList();
  }

  public ObjectNode toJson() {
    ObjectNode out = JSON.createObjectNode();
    out.put("verdict", verdict.label());
    ArrayNode list = out.putArray("findings");
    for (Finding f : findings) {
      ObjectNode node = list.addObject();
      node.put("kind", f.kind());
      node.put("severity", f.severity().label());
      node.put("message", f.message());
      ArrayNode columns = node.putArray("columns");
      f.columns().forEach(columns::add);
      ArrayNode examples = node.putArray("examples");
      f.examples().forEach(examples::add);
    }
    out.set("profile", profile);
    return out;
  }

  /** A few lines for a person or a model: the verdict and each finding's severity and message. */
  public String summary() {
    StringBuilder out = new StringBuilder("Verdict: " + verdict.label() + "\n");
    if (findings.isEmpty()) {
      out.append("No problems found.\n");
    }
    for (Finding f : findings) {
      out.append("- [")
          .append(f.severity().label())
          .append("] ")
          .append(f.kind())
          .append(": ")
          .append(f.message())
          .append('\n');
    }
    return out.toString();
  }
}
