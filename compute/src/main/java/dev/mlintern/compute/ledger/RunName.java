package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run is called where people read it (the web UI, {@code experiments show}): what it is, not
 * its job id. From its config: the autopilot's trial and candidate ({@code cv · gbm-deep}), else
 * the model (or the script or program its command runs) with its first parameters ({@code svc C=10
 * gamma=0.01}: its {@code params}, or the config's own values when it has none; paths and the
 * data's names left out); the run id only when none of those is there.
 */
public final class RunName {
  private static final int MAX_PARAMS = 3;
  private static final Set<String> NAMING =
      Set.of("model", "recipe", "seed", "target", "task", "metric", "id");

  private RunName() {}

  /**
   * {@code command}: the job's command as the ledger keeps it (JSON list or text); null if none.
   */
  public static String of(String runId, JsonNode config, String command) {
    boolean configured = config != null && config.isObject();
    JsonNode note = configured ? config.path("autopilot") : null;
    String trial = configured ? note.path("trial").asText("") : "";
    String candidate = configured ? note.path("candidate").asText("") : "";
    if (!candidate.isEmpty()) {
      return trial.isEmpty() ? candidate : trial + " · " + candidate;
    }
    String what = configured ? config.path("model").asText(config.path("recipe").asText("")) : "";
    if (what.isEmpty()) {
      what = script(command);
    }
    if (what.isEmpty()) {
      return trial.isEmpty() ? runId : trial;
    }
    String params =
        configured ? params(config.path("params").isObject() ? config.get("params") : config) : "";
    return (trial.isEmpty() ? "" : trial + " · ") + what + params;
  }

  private static String params(JsonNode params) {
    List<String> shown = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
    while (fields.hasNext() && shown.size() < MAX_PARAMS) {
      Map.Entry<String, JsonNode> f = fields.next();
      boolean naming = NAMING.contains(f.getKey()) || f.getValue().asText().contains("/");
      if (f.getValue().isValueNode() && !naming) {
        shown.add(f.getKey() + "=" + f.getValue().asText());
      }
    }
    return shown.isEmpty() ? "" : " " + String.join(" ", shown);
  }

  /**
   * The last {@code .py} or {@code .sh} file the command names, else the program it runs, without
   * its folder; empty without a command.
   */
  private static String script(String command) {
    String found = "";
    if (command != null) {
      List<String> parts = List.of(command.replaceAll("^[\\s\\[\"]+", "").split("[\\s\\[\\]\",]+"));
      for (String part : parts) {
        if (part.endsWith(".py") || part.endsWith(".sh")) {
          found = part;
        }
      }
      found = found.isEmpty() ? parts.get(0) : found;
    }
    return found.substring(found.lastIndexOf('/') + 1);
  }
}
