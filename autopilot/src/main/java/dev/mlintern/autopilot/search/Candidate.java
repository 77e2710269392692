package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One model configuration the search may try: a file-safe name, the tabular recipe's model spec
 * ({@code {"model": NAME, "params": {...}}}, the same keys as the recipe's config), a complexity
 * rank (lower wins ties, so a simpler model is kept unless a complex one is better on evidence) and
 * where it came from (the search space, a diagnosis, an improvement step).
 */
public record Candidate(String name, ObjectNode model, int complexity, String origin) {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STOCHASTIC = Set.of("rf", "extratrees", "hgb");
  private static final Map<String, Integer> COMPLEXITY =
      Map.of(
          "dummy",
          0,
          "linear",
          1,
          "nb",
          1,
          "linsvm",
          1,
          "knn",
          2,
          "svm",
          3,
          "rf",
          4,
          "extratrees",
          4,
          "hgb",
          5);

  public String family() {
    return model.path("model").asText();
  }

  /** Whether seeds change its fit, so refits with several seeds are worth their time. */
  public boolean stochastic() {
    if (family().equals("ensemble")) {
      for (JsonNode member : model.path("params").path("members")) {
        if (STOCHASTIC.contains(member.path("model").asText())) {
          return true;
        }
      }
      return false;
    }
    return STOCHASTIC.contains(family());
  }

  public List<Integer> seeds() {
    return stochastic() ? List.of(0, 1, 2) : List.of(0);
  }

  static Candidate of(String name, String family, Map<String, Object> params, String origin) {
    ObjectNode model = JSON.createObjectNode();
    model.put("model", family);
    // sorted, so a config reads the same in every run (Map.of iterates in a per-JVM order)
    model.set("params", JSON.valueToTree(new TreeMap<>(params)));
    return new Candidate(name, model, COMPLEXITY.getOrDefault(family, 3), origin);
  }

  /**
   * A weighted average of {@code members}. With every member's out-of-fold prediction files (from
   * its cross-validation trials) the recipe chooses the weights on them; else they are equal.
   */
  static Candidate ensemble(List<Candidate> members, Map<String, List<String>> oofFiles) {
    ObjectNode model = JSON.createObjectNode();
    model.put("model", "ensemble");
    ObjectNode params = model.putObject("params");
    var array = params.putArray("members");
    boolean weighted =
        members.stream().allMatch(m -> !oofFiles.getOrDefault(m.name(), List.of()).isEmpty());
    for (Candidate m : members) {
      ObjectNode member = m.model().deepCopy();
      if (weighted) {
        var files = member.putArray("oof");
        oofFiles.get(m.name()).forEach(files::add);
      }
      array.add(member);
    }
    if (weighted) {
      params.put("weights", "oof");
    }
    String name = "ens-" + String.join("_", members.stream().map(Candidate::name).toList());
    int complexity = members.stream().mapToInt(Candidate::complexity).max().orElse(5) + 1;
    return new Candidate(
        name.length() > 60 ? name.substring(0, 60) : name,
        model,
        complexity,
        (weighted
                ? "blend, weighted on out-of-fold predictions, of the top "
                : "average of the top ")
            + members.size()
            + " search candidates");
  }

  /**
   * Rebuilds a candidate from the config of a trial call, so later calls see what earlier ones
   * tried.
   */
  static Candidate fromConfig(JsonNode config) {
    ObjectNode model = JSON.createObjectNode();
    String family = config.path("model").asText();
    model.put("model", family);
    model.set(
        "params",
        config.path("params").isObject()
            ? config.get("params").deepCopy()
            : JSON.createObjectNode());
    JsonNode note = config.path("autopilot");
    int complexity = note.path("complexity").asInt(COMPLEXITY.getOrDefault(family, 3));
    return new Candidate(
        note.path("candidate").asText(), model, complexity, note.path("origin").asText(""));
  }

  public double param(String key, double fallback) {
    return model.path("params").path(key).asDouble(fallback);
  }

  /** The same model with some parameters replaced, under a new name. */
  Candidate with(String newName, Map<String, Object> changes, String why) {
    ObjectNode copy = model.deepCopy();
    ObjectNode params = copy.with("params");
    changes.forEach((k, v) -> params.set(k, JSON.valueToTree(v)));
    return new Candidate(newName, copy, complexity, why);
  }
}
