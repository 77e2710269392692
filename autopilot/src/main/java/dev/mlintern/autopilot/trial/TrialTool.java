package dev.mlintern.autopilot.trial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolDescriptions;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs one tabular trial (cross-validation folds, a holdout check or the final fit) of the bundled
 * scikit-learn recipe as a local process that speaks the metrics protocol, and answers with its
 * metrics as JSON. It is the autopilot's stand-in for submitting the compute module's tabular
 * recipe through the {@code jobs} tool.
 */
public final class TrialTool implements Tool<TrialTool.Input> {
  /** One trial: a file-safe name and the recipe config (see the tool description). */
  public record Input(
      @Param("trial name, letters, digits, '-', '_' and '.' only; names its output folder")
          String name,
      @Param("the recipe config: data, model, mode and folds or seeds") JsonNode config) {}

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,80}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrialProcess process;
  private final java.util.concurrent.Semaphore slots;

  /**
   * @param python the interpreter with scikit-learn and pandas (Debian: {@code /usr/bin/python3})
   * @param timeout longest a single trial may run
   * @param concurrency trials running at once, like the local executor's limit; further calls wait
   *     their turn
   */
  public TrialTool(String python, Duration timeout, int concurrency) {
    this.process = new TrialProcess(python, timeout);
    this.slots = new java.util.concurrent.Semaphore(Math.max(1, concurrency), true);
  }

  /**
   * Reads {@code MLINTERN_PYTHON} (default /usr/bin/python3) and {@code autopilot.parallel}
   * (default 2).
   */
  public static TrialTool fromSettings(dev.mlintern.core.config.Settings settings) {
    return new TrialTool(
        settings.get("MLINTERN_PYTHON", "/usr/bin/python3"),
        Duration.ofMinutes(20),
        Integer.parseInt(settings.get("autopilot.parallel", "2")));
  }

  @Override
  public String name() {
    return "trial";
  }

  @Override
  public String description() {
    return ToolDescriptions.load(TrialTool.class, name());
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  /**
   * Scratch modes (audit, cv, holdout) only read the data and write their own trial folder, so they
   * are declared read-only and the loop may run several at once; the final fit writes the
   * predictions file.
   */
  @Override
  public Set<Effect> effects(Input input) {
    String mode = input.config() == null ? "" : input.config().path("mode").asText("cv");
    return mode.equals("final") ? Set.of(Effect.READ, Effect.WRITE) : Set.of(Effect.READ);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    if (!SAFE.matcher(input.name()).matches()) {
      throw new ToolException(
          "trial name '" + input.name() + "' is not file-safe; use letters, digits, '-', '_', '.'");
    }
    if (input.config() == null || !input.config().isObject()) {
      throw new ToolException(
          "config must be a JSON object with train, target, type, metric, model and mode");
    }
    if (input.config().toString().contains("answers/")) {
      throw new ToolException(
          "a trial may not read a task's answers folder; use only data/train.csv and data/test.csv");
    }
    boolean audit = input.config().path("mode").asText("cv").equals("audit");
    for (String key : new String[] {"train", "target", "type", "metric", "model"}) {
      if (!input.config().hasNonNull(key) && !(audit && key.equals("model"))) {
        throw new ToolException(
            "config lacks '" + key + "'; see the tool description for the fields");
      }
    }
    ObjectNode config = input.config().deepCopy();
    Path out = context.resolve("trials/" + input.name());
    config.put("output", out.toString());
    for (String key : new String[] {"train", "test"}) {
      if (config.hasNonNull(key) && !Path.of(config.get(key).asText()).isAbsolute()) {
        config.put(key, context.resolve(config.get(key).asText()).toString());
      }
    }
    if (config.hasNonNull("predictions")) {
      config.put("predictions", context.resolve(config.get("predictions").asText()).toString());
    }
    TrialOutcome outcome;
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("trial " + input.name() + " was interrupted before it started");
    }
    try {
      outcome = process.run(context.workspace(), out, config);
    } finally {
      slots.release();
    }
    outcome
        .curve()
        .forEach(
            point ->
                context.emit(
                    new AgentEvent.Metric(
                        input.name(),
                        point.path("name").asText(),
                        point.get("value"),
                        point.path("step").asLong(),
                        point.path("split").asText())));
    if (!outcome.ok()) {
      throw new ToolException(
          "trial "
              + input.name()
              + " failed: "
              + outcome.error()
              + " — fix the config (model params, columns) or drop this model");
    }
    ObjectNode content = JSON.createObjectNode();
    content.put("trial", input.name());
    content.put("status", "ok");
    content.set("metrics", outcome.metrics());
    content.set("curve", outcome.compactCurve());
    return ToolResult.of(content.toString(), content);
  }
}
