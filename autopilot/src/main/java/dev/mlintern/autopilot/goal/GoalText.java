package dev.mlintern.autopilot.goal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the words of a goal say, before any file is looked at: {@code key: value} lines, the paths
 * mentioned, how the target is named, the metric, a threshold, a time budget and words that fix the
 * task type. {@link GoalReader} checks all of it against the project folder.
 */
record GoalText(
    Map<String, String> keys,
    List<String> paths,
    String namedTarget,
    boolean lastColumn,
    List<String> targetHints,
    ScoreWords score,
    Double budgetSeconds,
    String type,
    String id,
    String positive) {

  private static final Pattern KEY_LINE =
      Pattern.compile("^\\s*([A-Za-z][A-Za-z _-]*?)\\s*:\\s*(.+?)\\s*$");
  private static final String NAME =
      "(?:['\"`]([^'\"`]+)['\"`]|([A-Za-z_][\\w.-]*[\\w]|[A-Za-z_]))";
  private static final Pattern LAST_COLUMN =
      Pattern.compile(
          "(?:target|label|class)(?:\\s+column)?\\s+(?:is|=|:)\\s+the\\s+last\\s+column"
              + "|last\\s+column\\s+is\\s+the\\s+(?:target|label|class)|predict\\s+the\\s+last\\s+column",
          Pattern.CASE_INSENSITIVE);
  private static final List<Pattern> NAMED_TARGET =
      List.of(
          Pattern.compile(
              "\\b(?:target|label)\\s+column\\s*(?:is\\s+|=\\s*|:\\s*)?" + NAME,
              Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "\\b(?:target|label)\\s*(?:is\\s+|=\\s*|:\\s*|\\s)" + NAME, Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "(?:\\bcolumn\\s+)?" + NAME + "(?:\\s+column)?\\s+is\\s+the\\s+(?:target|label)\\b",
              Pattern.CASE_INSENSITIVE));
  private static final List<Pattern> TARGET_HINTS =
      List.of(
          Pattern.compile(
              "\\bpredict(?:s|ing)?\\s+(?:the\\s+)?(?:column\\s+)?" + NAME,
              Pattern.CASE_INSENSITIVE),
          Pattern.compile("\\bclassify(?:ing)?\\s+(?:the\\s+)?" + NAME, Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "\\b(?:the\\s+)?" + NAME + "\\s+column\\b|\\bcolumn\\s+" + NAME,
              Pattern.CASE_INSENSITIVE));
  private static final List<String> FILLERS =
      List.of(
          "the",
          "a",
          "an",
          "is",
          "of",
          "for",
          "column",
          "variable",
          "value",
          "accuracy",
          "score",
          "metric",
          "from",
          "in",
          "on",
          "with",
          "to",
          "using",
          "and",
          "or",
          "by",
          "as",
          "at");
  private static final List<String> NOT_COLUMNS =
      List.of(
          "the", "a", "an", "whether", "if", "which", "what", "how", "from", "on", "in", "with",
          "using", "column", "model", "data", "it", "this", "last", "is");
  private static final List<Pattern> ID =
      List.of(
          Pattern.compile(
              "\\bid\\s+column\\s*(?:is\\s+|=\\s*|:\\s*)?" + NAME, Pattern.CASE_INSENSITIVE));
  private static final List<Pattern> POSITIVE =
      List.of(
          Pattern.compile(
              "\\bpositive\\s+(?:class|label)\\s*(?:is\\s+|=\\s*|:\\s*)?" + NAME,
              Pattern.CASE_INSENSITIVE));

  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*-?\\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?)\\b"
              + "|\\b(\\d+(?:\\.\\d+)?)(s|m|h)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DATA_FILE =
      Pattern.compile(".+\\.(csv|tsv|parquet|pq|jsonl|ndjson)", Pattern.CASE_INSENSITIVE);

  static GoalText read(String text) {
    Map<String, String> keys = keys(text);
    List<String> paths = paths(text);
    String prose = text;
    for (String path : paths) {
      prose = prose.replace(path, " ");
    }
    String named = keys.get("target");
    boolean last = named == null && LAST_COLUMN.matcher(prose).find();
    if (named == null && !last) {
      named = first(NAMED_TARGET, prose, FILLERS);
    }
    List<String> hints = new ArrayList<>();
    for (Pattern p : TARGET_HINTS) {
      Matcher m = p.matcher(prose);
      while (m.find()) {
        String name = name(m, NOT_COLUMNS);
        if (name != null && !hints.contains(name)) {
          hints.add(name);
        }
      }
    }
    ScoreWords score = ScoreWords.read(keys, prose);
    return new GoalText(
        keys,
        paths,
        named,
        last,
        hints,
        score,
        seconds(
            keys.containsKey("time_budget")
                ? keys.get("time_budget")
                : keys.getOrDefault("budget", prose)),
        type(keys.get("type"), prose),
        keys.containsKey("id") ? keys.get("id") : first(ID, prose, FILLERS),
        keys.containsKey("positive") ? keys.get("positive") : first(POSITIVE, prose, FILLERS));
  }

  private static Map<String, String> keys(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = KEY_LINE.matcher(line);
      if (m.matches()) {
        String key =
            m.group(1).toLowerCase(Locale.ROOT).strip().replace(' ', '_').replace('-', '_');
        String value = m.group(2);
        values.putIfAbsent(
            switch (key) {
              case "training_data", "train", "data", "train_data", "training_file" -> "train";
              case "test_data", "test", "test_file" -> "test";
              case "target_column", "label", "label_column" -> "target";
              default -> key;
            },
            value);
      }
    }
    return values;
  }

  /**
   * Tokens that name data files ({@code x.csv}) or look like folders ({@code ./data}, {@code
   * data/}).
   */
  private static List<String> paths(String text) {
    List<String> out = new ArrayList<>();
    for (String raw : text.split("[\\s,;]+")) {
      String token = raw.replaceAll("^[(\"'`\\[]+", "").replaceAll("[)\"'`\\].,;:!?]+$", "");
      if (token.isEmpty() || token.contains("://") || out.contains(token)) {
        continue;
      }
      if (DATA_FILE.matcher(token).matches()
          || token.startsWith("./")
          || token.startsWith("../")
          || token.startsWith("/")
          || token.startsWith("~/")
          || (token.endsWith("/") && token.length() > 1)) {
        out.add(token);
      }
    }
    return out;
  }

  static Double seconds(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.find()) {
      Matcher bare = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*$").matcher(text);
      return bare.find() ? Double.valueOf(bare.group(1)) : null;
    }
    double value = Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(3));
    String unit = (m.group(2) != null ? m.group(2) : m.group(4)).toLowerCase(Locale.ROOT);
    return switch (unit.charAt(0)) {
      case 'm' -> value * 60;
      case 'h' -> value * 3600;
      default -> value;
    };
  }

  private static String type(String key, String prose) {
    if (key != null) {
      return key.strip().toLowerCase(Locale.ROOT);
    }
    String lower = prose.toLowerCase(Locale.ROOT);
    if (lower.matches("(?s).*\\b(text[- ]classification|sentiment)\\b.*")) {
      return "text-classification";
    }
    if (lower.matches("(?s).*\\bregress\\w*.*")) {
      return "regression";
    }
    if (lower.matches("(?s).*\\b(classif\\w*|categori[sz]\\w*)\\b.*")) {
      return "classification";
    }
    return null;
  }

  private static String first(List<Pattern> patterns, String text, List<String> fillers) {
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        String name = name(m, fillers);
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  /** The column name a pattern caught (quoted or bare), or null for a filler word. */
  private static String name(Matcher m, List<String> fillers) {
    for (int g = 1; g <= m.groupCount(); g++) {
      String value = m.group(g);
      if (value != null) {
        boolean quoted = "'\"`".indexOf(charBefore(m, g)) >= 0;
        if (quoted || !fillers.contains(value.toLowerCase(Locale.ROOT))) {
          return value;
        }
        return null;
      }
    }
    return null;
  }

  private static char charBefore(Matcher m, int group) {
    String whole = m.group();
    int at = m.start(group) - m.start() - 1;
    return at >= 0 && at < whole.length() ? whole.charAt(at) : ' ';
  }
}
