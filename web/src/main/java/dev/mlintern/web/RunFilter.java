package dev.mlintern.web;

import io.javalin.http.BadRequestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The experiment page's filter, as MLflow's search reads: terms joined by {@code and}, each either
 * {@code NAME OP VALUE} ({@code accuracy > 0.9}, {@code metrics.rmse <= 0.2}, {@code model = svc},
 * {@code params.C >= 10}, {@code status = ok}) or free text matched against the run's id, job,
 * status, notes and config. NAME is a metric when it starts with {@code metrics.} or is one of the
 * experiment's metrics, else a dotted path into the config. Becomes a SQL condition whose values
 * are all bound parameters.
 */
final class RunFilter {
  private static final Pattern TERM =
      Pattern.compile("([A-Za-z0-9_./-]+)\\s*(>=|<=|!=|=|>|<)\\s*(.+)");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_/-]+");

  /** The condition ({@code 1} when there is none) and its parameters, in order. */
  record Sql(String where, List<Object> args) {}

  private RunFilter() {}

  static Sql parse(String query, Set<String> metrics) {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (query != null && !query.isBlank()) {
      for (String term : query.strip().split("(?i)\\s+and\\s+")) {
        conditions.add(term(term.strip(), metrics, args));
      }
    }
    return new Sql(conditions.isEmpty() ? "1" : String.join(" AND ", conditions), args);
  }

  private static String term(String term, Set<String> metrics, List<Object> args) {
    Matcher m = TERM.matcher(term);
    if (!m.matches()) {
      String like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      for (int i = 0; i < 5; i++) {
        args.add(like);
      }
      return "(r.id LIKE ? ESCAPE '\\' OR IFNULL(r.job_id, '') LIKE ? ESCAPE '\\'"
          + " OR r.status LIKE ? ESCAPE '\\' OR IFNULL(r.notes, '') LIKE ? ESCAPE '\\'"
          + " OR IFNULL(r.config, '') LIKE ? ESCAPE '\\')";
    }
    String name = m.group(1);
    String op = m.group(2);
    String text = unquote(m.group(3).strip());
    Double number = number(text);
    if (name.equals("status")) {
      requireEquality(op, name);
      args.add(text);
      return "r.status " + op + " ?";
    }
    String column;
    String path;
    if (name.startsWith("metrics.")) {
      column = "r.metrics";
      path = quoted(List.of(name.substring("metrics.".length())));
    } else if (metrics.contains(name)) {
      column = "r.metrics";
      path = quoted(List.of(name));
    } else {
      column = "r.config";
      path = quoted(List.of(name.split("\\.")));
    }
    args.add(path);
    if (number != null) {
      args.add(path);
      args.add(number);
      return "(CASE WHEN json_type("
          + column
          + ", ?) IN ('integer', 'real') THEN json_extract("
          + column
          + ", ?) END) "
          + op
          + " ?";
    }
    requireEquality(op, name);
    args.add(text);
    return "CAST(json_extract(" + column + ", ?) AS TEXT) " + op + " ?";
  }

  /** A SQLite JSON path with every key quoted: {@code $."params"."C"}. */
  static String quoted(List<String> keys) {
    StringBuilder path = new StringBuilder("$");
    for (String key : keys) {
      if (!SEGMENT.matcher(key).matches()) {
        throw new BadRequestResponse(
            "bad filter name '" + key + "': use letters, digits, '_', '/' or '-' between dots");
      }
      path.append(".\"").append(key).append('"');
    }
    return path.toString();
  }

  private static void requireEquality(String op, String name) {
    if (!op.equals("=") && !op.equals("!=")) {
      throw new BadRequestResponse(
          "bad filter: " + name + " " + op + " needs a number; compare text with = or !=");
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("'") && value.endsWith("'")
            || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static Double number(String text) {
    try {
      double d = Double.parseDouble(text.toLowerCase(Locale.ROOT));
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
