package dev.mlintern.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a run is called on the pages: what it is, not its job id. From its config: the autopilot's
 * trial and candidate ({@code cv · gbm-deep}), else the model and its first parameters ({@code svc
 * C=10 gamma=0.01}: its {@code params}, or the config's own values when it has none; paths and the
 * data's names left out), else the recipe or script its command runs; the run id only when none of
 * those is there.
 */
final class RunName {
  private static final int MAX_PARAMS = 3;
  private static final java.util.Set<String> NAMING =
      java.util.Set.of("model", "recipe", "seed", "target", "task", "metric", "id");

  private RunName() {}

  static String of(String runId, JsonNode config, String command) {
    if (config != null && config.isObject()) {
      JsonNode note = config.path("autopilot");
      String candidate = note.path("candidate").asText("");
      String trial = note.path("trial").asText("");
      if (!candidate.isEmpty()) {
        return trial.isEmpty() ? candidate : trial + " · " + candidate;
      }
      String model = config.path("model").asText(config.path("recipe").asText(""));
      if (!model.isEmpty()) {
        JsonNode params = config.path("params").isObject() ? config.get("params") : config;
        return (trial.isEmpty() ? "" : trial + " · ") + model + params(params);
      }
      if (!trial.isEmpty()) {
        return trial;
      }
    }
    String script = script(command);
    return script.isEmpty() ? runId : script;
  }

  private static String params(JsonNode params) {
    List<String> shown = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
    while (fields.hasNext() && shown.size() < MAX_PARAMS) {
      Map.Entry<String, JsonNode> f = fields.next();
      boolean named = NAMING.contains(f.getKey()) || f.getValue().asText().contains("/");
      if (f.getValue().isValueNode() && !named) {
        shown.add(f.getKey() + "=" + f.getValue().asText());
      }
    }
    return shown.isEmpty() ? "" : " " + String.join(" ", shown);
  }

  /** The last {@code .py} or {@code .sh} file the command names, without its folder. */
  private static String script(String command) {
    String found = "";
    if (command != null) {
      for (String part : command.split("\\s+")) {
        if (part.endsWith(".py") || part.endsWith(".sh")) {
          found = part.substring(part.lastIndexOf('/') + 1);
        }
      }
    }
    return found;
  }
}
