package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.Policy;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolInputs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool and operation a session offers, with what the policy does with it: by default, under
 * {@code --yes}, and under {@code --yes} after the turn read untrusted text. The table is the
 * specification of the gate; a new tool or operation fails this test until it is added here.
 */
class GateTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** tool.operation (or a named variant) → "default yes tainted". */
  private static final Map<String, String> TABLE = new TreeMap<>();

  /** Arguments of the variants whose verdict depends on what they do. */
  private static final Map<String, String> VARIANTS = new LinkedHashMap<>();

  static {
    row("plan", "RUN RUN RUN");
    row("read", "RUN RUN RUN");
    row("write", "RUN RUN RUN");
    row("edit", "RUN RUN RUN");
    row("list", "RUN RUN RUN");
    row("report", "RUN RUN RUN");
    row("diagnose", "RUN RUN RUN");
    row("shell", "ASK RUN ASK");
    variant("shell listed", "shell", "{\"command\": \"ls -la | head\"}", "RUN RUN ASK");
    variant("shell sed", "shell", "{\"command\": \"sed -n '1e id' f\"}", "ASK RUN ASK");
    variant("shell git", "shell", "{\"command\": \"git status\"}", "ASK RUN ASK");
    variant("shell network", "shell", "{\"command\": \"ls\", \"network\": true}", "ASK RUN ASK");
    row("jobs.submit", "ASK RUN ASK");
    variant(
        "jobs.submit network",
        "jobs",
        "{\"operation\": \"submit\", \"command\": [\"python\", \"x.py\"], \"network\": true}",
        "ASK RUN ASK");
    variant(
        "jobs.submit HF_TOKEN",
        "jobs",
        "{\"operation\": \"submit\", \"command\": [\"python\", \"x.py\"], \"secrets\": [\"HF_TOKEN\"]}",
        "ASK RUN ASK");
    variant(
        "jobs.submit push_to_hub",
        "jobs",
        "{\"operation\": \"submit\", \"command\": [\"python\", \"recipes/llm/sft.py\"],"
            + " \"config\": {\"push_to_hub\": true}}",
        "ASK RUN ASK");
    variant(
        "jobs.submit slurm",
        "jobs",
        "{\"operation\": \"submit\", \"command\": [\"python\", \"x.py\"], \"executor\": \"slurm\"}",
        "ASK RUN ASK");
    row("jobs.status", "RUN RUN RUN");
    row("jobs.logs", "RUN RUN RUN");
    row("jobs.wait", "RUN RUN RUN");
    row("jobs.cancel", "RUN RUN RUN");
    row("jobs.list", "RUN RUN RUN");
    row("jobs.flavors", "RUN RUN RUN");
    for (String op : new String[] {"record", "compare", "best", "history", "list"}) {
      row("experiments." + op, "RUN RUN RUN");
    }
    for (String op : new String[] {"search", "info", "card", "files"}) {
      row("hub." + op, "RUN RUN RUN");
    }
    for (String op :
        new String[] {
          "inspect",
          "profile",
          "audit",
          "transform",
          "contamination_check",
          "template",
          "difficulty"
        }) {
      row("dataset." + op, "RUN RUN RUN");
    }
    row("dataset.push", "ASK RUN ASK");
    row("dataset.synthesize", "ASK RUN ASK");
    for (String op :
        new String[] {
          "search",
          "details",
          "read",
          "citations",
          "references",
          "recommend",
          "crawl",
          "find_datasets",
          "find_models",
          "recipe"
        }) {
      row("papers." + op, "RUN RUN RUN");
    }
    row("library.add", "RUN RUN RUN");
    variant(
        "library.add outside",
        "library",
        "{\"operation\": \"add\", \"path\": \"/etc\"}",
        "ASK RUN RUN");
    row("library.search", "RUN RUN RUN");
    for (String op : new String[] {"pages", "read", "search"}) {
      row("docs." + op, "RUN RUN RUN");
    }
    for (String op : new String[] {"read", "search_code", "search_repos", "tree"}) {
      row("github." + op, "RUN RUN RUN");
    }
    row("remember", "RUN RUN RUN");
    row("web_fetch", "RUN RUN RUN");
    row("web_search", "RUN RUN RUN");
    row("library.read", "RUN RUN RUN");
    for (String op : new String[] {"search", "pages", "read"}) {
      row("docs." + op, "RUN RUN RUN");
    }
    for (String op : new String[] {"search_code", "search_repos", "tree", "read"}) {
      row("github." + op, "RUN RUN RUN");
    }
    row("web_search", "RUN RUN RUN");
    row("web_fetch", "RUN RUN RUN");
    row("remember", "RUN RUN RUN");
  }

  private static void row(String key, String verdicts) {
    TABLE.put(key, verdicts);
  }

  private static void variant(String key, String tool, String arguments, String verdicts) {
    TABLE.put(key, verdicts);
    VARIANTS.put(key, tool + "\n" + arguments);
  }

  @TempDir Path home;

  @Test
  void everyToolAndOperationHasTheVerdictTheTableStates() {
    Map<String, String> actual = new TreeMap<>();
    Map<String, Tool<?>> byName = new LinkedHashMap<>();
    try (ToolSet tools = ToolSet.standard(Settings.of(home, Map.of()), (session, event) -> {})) {
      for (Tool<?> tool : tools.all()) {
        byName.put(tool.name(), tool);
        Class<?> type = tool.inputType();
        if (type.isSealed()) {
          for (var op : JsonSchemas.operations(type).entrySet()) {
            ObjectNode args = minimal(op.getValue());
            args.put("operation", op.getKey());
            actual.put(tool.name() + "." + op.getKey(), verdicts(tool, args));
          }
        } else {
          actual.put(tool.name(), verdicts(tool, minimal(type)));
        }
      }
      for (var variant : VARIANTS.entrySet()) {
        String[] parts = variant.getValue().split("\n", 2);
        actual.put(variant.getKey(), verdicts(byName.get(parts[0]), read(parts[1])));
      }
    }
    assertThat(actual).isEqualTo(TABLE);
  }

  @Test
  void spendingPastTheCapIsRefusedInEveryMode() {
    Policy.Spending spent =
        new Policy.Spending() {
          @Override
          public double usd() {
            return 4.5;
          }

          @Override
          public double usdLimit() {
            return 5;
          }
        };
    for (boolean yes : new boolean[] {false, true}) {
      assertThat(
              new Policy(spent, yes)
                  .decide(Set.of(Effect.SPEND), OptionalDouble.of(1.0), false)
                  .verdict())
          .isEqualTo(Policy.Verdict.REFUSE);
    }
  }

  @SuppressWarnings("unchecked")
  private static String verdicts(Tool<?> tool, JsonNode arguments) {
    Tool<Object> t = (Tool<Object>) tool;
    Object input = ToolInputs.decode(t.name(), t.inputType(), arguments);
    Set<Effect> effects = t.effects(input);
    OptionalDouble usd = t.estimateUsd(input);
    Policy.Spending none =
        new Policy.Spending() {
          @Override
          public double usd() {
            return 0;
          }

          @Override
          public double usdLimit() {
            return 0;
          }
        };
    return new Policy(none, false).decide(effects, usd, false).verdict()
        + " "
        + new Policy(none, true).decide(effects, usd, false).verdict()
        + " "
        + new Policy(none, true).decide(effects, usd, true).verdict();
  }

  /** The required fields of a record with placeholder values. */
  private static ObjectNode minimal(Class<?> record) {
    ObjectNode schema = JsonSchemas.of(record);
    ObjectNode args = JSON.createObjectNode();
    for (JsonNode name : schema.path("required")) {
      String type = schema.path("properties").path(name.asText()).path("type").asText("string");
      switch (type) {
        case "integer", "number" -> args.put(name.asText(), 1);
        case "boolean" -> args.put(name.asText(), false);
        case "array" -> args.putArray(name.asText());
        case "object" -> args.putObject(name.asText());
        default -> args.put(name.asText(), "x");
      }
    }
    return args;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
