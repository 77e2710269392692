package dev.mlintern.autopilot.goal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a goal says about scoring: the metric (in any of its usual wordings), a metric named that
 * the autopilot cannot score, and a threshold ("beat 0.95 accuracy", "RMSE below 3.5", "95%
 * accuracy", {@code threshold: 0.9}) or a threshold that is not a number.
 *
 * @param metric accuracy, f1, roc_auc, rmse, rmsle or mae, or null when none is named
 * @param unknownMetric the words of a metric that cannot be scored ("log loss"), or null
 * @param threshold the value to reach (percentages as fractions for bounded metrics), or null
 * @param badThreshold the words given as a threshold when they are not a number, or null
 */
record ScoreWords(String metric, String unknownMetric, Double threshold, String badThreshold) {
  /** Metric wordings, longest and most specific first; a null label is a metric we cannot score. */
  private static final Map<Pattern, String> METRICS = new LinkedHashMap<>();

  static {
    metric("balanced accuracy|log[- ]?loss|cross[- ]entropy|r[- ]?squared|r\\^2|r2|mape|mcc", null);
    metric("rmsle|root mean squared? log(?:arithmic)? error", "rmsle");
    metric("rmse|root mean squared? error", "rmse");
    metric("mse|mean squared error|precision|recall", null);
    metric("mae|mean absolute error", "mae");
    metric("roc[ _-]?auc|auroc|auc|area under the (?:roc )?curve", "roc_auc");
    metric("f1(?:[- ]score)?|f-?score|f-measure", "f1");
    metric("accuracy|acc", "accuracy");
  }

  private static void metric(String words, String label) {
    METRICS.put(Pattern.compile("\\b(?:" + words + ")\\b", Pattern.CASE_INSENSITIVE), label);
  }

  private static final Pattern NUMBER_BEFORE =
      Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(%)?\\s*\\+?\\s*$");
  private static final Pattern AFTER =
      Pattern.compile(
          "^\\s*(?:score\\s*)?(of\\s+at\\s+least|of\\s+at\\s+most|at\\s+least|at\\s+most|above|over|below|under"
              + "|better\\s+than|beyond|greater\\s+than|less\\s+than|lower\\s+than|higher\\s+than"
              + "|>=|<=|≥|≤|>|<|=|of)?\\s*([^\\s,;)]+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(%)?");

  /** The scoring words of a goal: {@code metric:} and {@code threshold:} lines win over prose. */
  static ScoreWords read(Map<String, String> keys, String prose) {
    MetricMention mention = metricMention(keys.containsKey("metric") ? keys.get("metric") : prose);
    String metric = mention == null ? null : mention.label();
    String unknown = mention != null && mention.label() == null ? mention.words() : null;
    MetricMention inProse = keys.containsKey("metric") ? null : mention;
    String thresholdText =
        keys.containsKey("threshold")
            ? keys.get("threshold")
            : inProse == null || inProse.label() == null ? null : thresholdNear(prose, inProse);
    if (thresholdText == null) {
      return new ScoreWords(metric, unknown, null, null);
    }
    Matcher n = NUMBER.matcher(thresholdText);
    if (!n.matches()) {
      return new ScoreWords(metric, unknown, null, thresholdText);
    }
    double value = Double.parseDouble(n.group(1));
    if (n.group(2) != null || (value > 1 && value <= 100 && higherBounded(metric))) {
      value = value / 100;
    }
    return new ScoreWords(metric, unknown, value, null);
  }

  private record MetricMention(String label, String words, int start, int end) {}

  private static MetricMention metricMention(String text) {
    List<MetricMention> found = new ArrayList<>();
    METRICS.forEach(
        (pattern, label) -> {
          Matcher m = pattern.matcher(text);
          while (m.find()) {
            found.add(new MetricMention(label, m.group(), m.start(), m.end()));
          }
        });
    return found.stream()
        .min(
            Comparator.comparingInt(MetricMention::start)
                .thenComparingInt(m -> m.start() - m.end()))
        .orElse(null);
  }

  private static String thresholdNear(String text, MetricMention mention) {
    Matcher before =
        NUMBER_BEFORE.matcher(text.substring(Math.max(0, mention.start() - 30), mention.start()));
    if (before.find()) {
      return before.group(1) + (before.group(2) == null ? "" : "%");
    }
    Matcher after = AFTER.matcher(text.substring(mention.end()));
    if (after.find()) {
      String value = after.group(2).replaceAll("[.!?]+$", "");
      boolean loose = after.group(1) == null || after.group(1).equalsIgnoreCase("of");
      return loose && !NUMBER.matcher(value).matches() ? null : value;
    }
    return null;
  }

  private static boolean higherBounded(String metric) {
    return metric != null && List.of("accuracy", "f1", "roc_auc").contains(metric);
  }
}
