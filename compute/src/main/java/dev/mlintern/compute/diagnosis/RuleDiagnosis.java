package dev.mlintern.compute.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.MetricPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a finished (or running) job's exit status, log tail, metric curves, config and result and
 * says what went wrong, with evidence and configs to try next. Rules are deliberately simple and
 * explainable; both the LLM (through the {@code diagnose} tool) and the autopilot act on the
 * findings.
 */
public final class RuleDiagnosis {
  /** Everything the rules look at. */
  public record Input(
      JobState state,
      Integer exitCode,
      List<String> logTail,
      List<MetricPoint> metrics,
      JsonNode config,
      JsonNode result) {
    public Input {
      logTail = logTail == null ? List.of() : List.copyOf(logTail);
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
  }

  private static final Pattern OOM =
      Pattern.compile(
          "CUDA out of memory|OutOfMemoryError|MemoryError|Cannot allocate memory|oom-kill|Killed$|out_of_memory");
  private static final Pattern MISSING_MODULE = Pattern.compile("No module named '([^']+)'");
  private static final Pattern MISSING_FILE =
      Pattern.compile(
          "No such file or directory: '([^']+)'|can't open file '([^']+)'|file not found: (\\S+)");
  private static final Pattern IMPORT_ERROR = Pattern.compile("ImportError: (.+)");
  private static final Pattern MISSING_COLUMN =
      Pattern.compile(
          "no (?:id )?column '([^']*)'|KeyError: '([^']*)'|\\[([^\\]]*)\\] not in index"
              + "|lacks feature columns: (.+)");
  private static final Pattern FAILED_INSTALL =
      Pattern.compile(
          "installing dependencies failed \\(exit \\d+\\): (.+)"
              + "|No matching distribution found for (\\S+)"
              + "|Because (\\S+) was not found in the package registry");
  private static final Pattern SCHEMA =
      Pattern.compile(
          "KeyError: '([^']*)'|missing_column|has no column|not in index|columns are:|Schema|schema");
  private static final Pattern BAD_HP =
      Pattern.compile(
          "bad_hyperparameter|InvalidParameterError|must be (?:a|an|in|greater|strictly)|bad hyperparameter");
  private static final Pattern NAN =
      Pattern.compile("\\bnan\\b|\\bNaN\\b|\\binf\\b|diverge", Pattern.CASE_INSENSITIVE);
  private static final double OVERFIT_GAP = 0.1;

  private RuleDiagnosis() {}

  public static List<Finding> diagnose(Input in) {
    List<Finding> findings = new ArrayList<>();
    String errorKind = in.result() == null ? "" : in.result().path("error").path("kind").asText("");
    String errorMessage =
        in.result() == null ? "" : in.result().path("error").path("message").asText("");
    List<String> lines = new ArrayList<>(in.logTail());
    if (!errorKind.isEmpty()) {
      lines.add(errorKind + ": " + errorMessage);
    }
    if (in.state() == JobState.TIMED_OUT) {
      findings.add(
          new Finding(
              "timeout",
              "error",
              "the job ran past its timeout",
              List.of("state timed_out" + lastMetric(in)),
              List.of(
                  edit(
                      in.config(),
                      c ->
                          scale(
                              c, 0.5, "epochs", "steps", "max_steps", "max_iter", "n_estimators")),
                  edit(in.config(), c -> c.put("timeout_hint", "double the job timeout")))));
    }
    String oom = first(lines, OOM);
    if (oom != null
        || (in.exitCode() != null && in.exitCode() == 137 && in.state() != JobState.CANCELLED)) {
      findings.add(
          new Finding(
              "out_of_memory",
              "error",
              "the job ran out of memory",
              List.of(oom != null ? oom : "exit code 137 (killed)"),
              List.of(
                  edit(
                      in.config(),
                      c -> scale(c, 0.5, "batch_size", "max_length", "seq_len", "block_size")),
                  edit(
                      in.config(),
                      c -> {
                        scale(c, 0.5, "batch_size");
                        c.put(
                            "gradient_accumulation_steps",
                            c.path("gradient_accumulation_steps").asInt(1) * 2);
                        c.put("gradient_checkpointing", true);
                      }))));
    }
    Matcher module = MISSING_MODULE.matcher(String.join("\n", lines));
    if (module.find() || "missing_module".equals(errorKind)) {
      String name = module.find(0) ? module.group(1) : errorMessage;
      findings.add(
          new Finding(
              "missing_module",
              "error",
              "Python module '" + name + "' is not installed where the job ran",
              List.of(module.find(0) ? module.group() : errorMessage),
              List.of(
                  edit(
                      in.config(),
                      c ->
                          c.put(
                              "python_hint",
                              "run with MLINTERN_PYTHON=/usr/bin/python3 or install " + name)))));
    }
    importError(lines, findings);
    missingFileOrDependency(lines, findings);
    String schema = first(lines, SCHEMA);
    if (schema != null || errorKind.matches("missing_column|bad_target|empty_data|one_class")) {
      Matcher column = MISSING_COLUMN.matcher(String.join("\n", lines));
      String name = null;
      if (column.find()) {
        for (int g = 1; g <= column.groupCount() && name == null; g++) {
          name = column.group(g);
        }
      }
      findings.add(
          new Finding(
              "schema_mismatch",
              "error",
              name == null
                  ? "the data does not match what the config expects"
                  : "the data has no column "
                      + (name.startsWith("'") ? name : "'" + name + "'")
                      + "; check the column names in the config against the file's header",
              List.of(schema != null ? schema : errorKind + ": " + errorMessage),
              List.of()));
    }
    String badHp = first(lines, BAD_HP);
    if (badHp != null) {
      findings.add(
          new Finding(
              "bad_hyperparameter",
              "error",
              "a hyperparameter is outside its valid range",
              List.of(badHp),
              List.of(edit(in.config(), c -> c.remove("params")))));
    }
    nanOrDivergence(in, lines, findings);
    overfitting(in, findings);
    plateau(in, findings);
    return findings;
  }

  /**
   * An import that failed for a reason other than a missing module (a name the installed version
   * lacks, a missing shared library), named.
   */
  private static void importError(List<String> lines, List<Finding> findings) {
    Matcher failed = IMPORT_ERROR.matcher(String.join("\n", lines));
    if (failed.find()) {
      findings.add(
          new Finding(
              "import_error",
              "error",
              "an import failed: "
                  + failed.group(1).strip()
                  + "; the installed package's version may not be the one the script expects",
              List.of(failed.group()),
              List.of()));
    }
  }

  /** A file the job did not have, or a dependency that would not install, named. */
  private static void missingFileOrDependency(List<String> lines, List<Finding> findings) {
    Matcher file = MISSING_FILE.matcher(String.join("\n", lines));
    if (file.find()) {
      String name =
          file.group(1) != null
              ? file.group(1)
              : file.group(2) != null ? file.group(2) : file.group(3);
      findings.add(
          new Finding(
              "missing_file",
              "error",
              "the job could not find '"
                  + name
                  + "'; a remote job gets only the files its command and config name, the"
                  + " workspace modules its scripts import and what is listed in files, so list it"
                  + " in files (or fix the path)",
              List.of(file.group()),
              List.of()));
    }
    Matcher install = FAILED_INSTALL.matcher(String.join("\n", lines));
    if (install.find()) {
      String name =
          install.group(1) != null
              ? install.group(1)
              : install.group(2) != null ? install.group(2) : install.group(3);
      findings.add(
          new Finding(
              "missing_dependency",
              "error",
              "the job's dependencies could not be installed: "
                  + name
                  + "; check the package names and versions in dependencies",
              List.of(install.group()),
              List.of()));
    }
  }

  private static void nanOrDivergence(Input in, List<String> lines, List<Finding> findings) {
    List<String> evidence = new ArrayList<>();
    for (MetricPoint p : in.metrics()) {
      if (!p.finite() && evidence.size() < 3) {
        evidence.add(
            p.name()
                + " = "
                + p.jsonValue().asText()
                + (p.step() == null ? "" : " at step " + p.step()));
      }
    }
    List<Double> loss = series(in.metrics(), "loss", "train");
    if (evidence.isEmpty() && loss.size() >= 4) {
      double firstValue = loss.get(0);
      double lastValue = loss.get(loss.size() - 1);
      if (Double.isFinite(firstValue)
          && lastValue > 3 * Math.abs(firstValue)
          && lastValue > firstValue) {
        evidence.add("loss rose from " + fmt(firstValue) + " to " + fmt(lastValue));
      }
    }
    String logNan = first(lines, NAN);
    if (evidence.isEmpty() && logNan != null && in.state() != JobState.SUCCEEDED) {
      evidence.add(logNan);
    }
    if (!evidence.isEmpty()) {
      findings.add(
          new Finding(
              "nan_or_divergence",
              "error",
              "training diverged (non-finite or exploding loss)",
              evidence,
              List.of(
                  edit(in.config(), c -> scale(c, 0.1, "lr", "learning_rate")),
                  edit(
                      in.config(),
                      c -> {
                        scale(c, 0.3, "lr", "learning_rate");
                        c.put("grad_clip", 1.0);
                      }))));
    }
  }

  private static void overfitting(Input in, List<Finding> findings) {
    Map<String, Double> latest = new LinkedHashMap<>();
    for (MetricPoint p : in.metrics()) {
      if (p.step() == null && p.finite()) {
        latest.put(p.name(), p.value());
      }
    }
    for (Map.Entry<String, Double> val : latest.entrySet()) {
      if (!val.getKey().startsWith("val_") || val.getKey().endsWith("_std")) {
        continue;
      }
      String metric = val.getKey().substring(4);
      Double train = latest.get("train_" + metric);
      if (train == null) {
        continue;
      }
      boolean lowerIsBetter =
          metric.contains("loss") || metric.matches("rmse|rmsle|mae|mse|perplexity");
      double gap = lowerIsBetter ? val.getValue() - train : train - val.getValue();
      double relative = gap / Math.max(1e-9, Math.abs(lowerIsBetter ? val.getValue() : train));
      if (relative > OVERFIT_GAP) {
        findings.add(
            new Finding(
                "overfitting",
                "warn",
                "the model fits training data much better than validation data",
                List.of(
                    "train_"
                        + metric
                        + " = "
                        + fmt(train)
                        + ", val_"
                        + metric
                        + " = "
                        + fmt(val.getValue())),
                regularised(in.config())));
        return;
      }
    }
  }

  private static void plateau(Input in, List<Finding> findings) {
    List<Double> loss = series(in.metrics(), "loss", "train");
    if (loss.size() < 8) {
      return;
    }
    int half = loss.size() / 2;
    double early = loss.get(half);
    double last = loss.get(loss.size() - 1);
    double change = Math.abs(early - last) / Math.max(1e-9, Math.abs(early));
    if (Double.isFinite(change) && change < 0.01 && last > 0.05) {
      findings.add(
          new Finding(
              "plateau",
              "warn",
              "the loss stopped improving over the second half of training",
              List.of("loss " + fmt(early) + " at the midpoint, " + fmt(last) + " at the end"),
              List.of(
                  edit(in.config(), c -> scale(c, 3, "lr", "learning_rate")),
                  edit(
                      in.config(),
                      c ->
                          scale(
                              c,
                              2,
                              "d_model",
                              "hidden",
                              "hidden_size",
                              "n_layers",
                              "max_leaf_nodes")))));
    }
  }

  private static List<JsonNode> regularised(JsonNode config) {
    String model = config == null ? "" : config.path("model").asText("");
    return switch (model) {
      case "rf", "extratrees" ->
          List.of(
              edit(config, c -> params(c).put("min_samples_leaf", 5).put("max_features", 0.5)),
              edit(config, c -> params(c).put("max_depth", 8)));
      case "hgb" ->
          List.of(
              edit(config, c -> params(c).put("l2_regularization", 1.0).put("max_leaf_nodes", 15)),
              edit(config, c -> params(c).put("learning_rate", 0.05).put("min_samples_leaf", 40)));
      case "linear", "svm" -> List.of(edit(config, c -> params(c).put("C", 0.1)));
      default ->
          List.of(
              edit(
                  config,
                  c -> {
                    c.put("weight_decay", 0.01);
                    c.put("dropout", 0.3);
                  }),
              edit(config, c -> scale(c, 0.5, "epochs", "steps")));
    };
  }

  private static ObjectNode params(ObjectNode config) {
    return config.path("params").isObject()
        ? (ObjectNode) config.get("params")
        : config.putObject("params");
  }

  private static JsonNode edit(JsonNode config, Consumer<ObjectNode> change) {
    ObjectNode copy =
        config != null && config.isObject()
            ? ((ObjectNode) config).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    change.accept(copy);
    return copy;
  }

  /** Multiplies the first numeric key present (or sets a sensible default when none is). */
  private static void scale(ObjectNode config, double factor, String... keys) {
    for (String key : keys) {
      if (config.path(key).isNumber()) {
        double value = config.get(key).asDouble() * factor;
        if (config.get(key).isIntegralNumber()) {
          config.put(key, Math.max(1, Math.round(value)));
        } else {
          config.put(key, value);
        }
        return;
      }
    }
    if (keys[0].equals("lr") || keys[0].equals("learning_rate")) {
      config.put(keys[0], 1e-3 * factor);
    }
  }

  private static List<Double> series(List<MetricPoint> metrics, String name, String split) {
    List<Double> values = new ArrayList<>();
    for (MetricPoint p : metrics) {
      if (p.name().equals(name)
          && (p.split() == null || p.split().equals(split))
          && p.step() != null) {
        values.add(p.value());
      }
    }
    return values;
  }

  private static String first(List<String> lines, Pattern pattern) {
    for (String line : lines) {
      if (pattern.matcher(line).find()) {
        return line.strip();
      }
    }
    return null;
  }

  private static String lastMetric(Input in) {
    return in.metrics().isEmpty()
        ? ""
        : "; last metric "
            + in.metrics().get(in.metrics().size() - 1).name()
            + " at step "
            + in.metrics().get(in.metrics().size() - 1).step();
  }

  private static String fmt(double value) {
    return String.format(java.util.Locale.ROOT, "%.4g", value);
  }
}
