package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobSpec;
import java.util.List;

/** JSON columns of the jobs table: the command as an array and a readable copy of the spec. */
public final class TableJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableJson() {}

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<String> readList(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (Exception e) {
      return List.of(json);
    }
  }

  /** The spec without secret values (only their names) and with the timeout in seconds. */
  public static ObjectNode spec(JobSpec spec) {
    ObjectNode node = JSON.createObjectNode();
    node.set("command", JSON.valueToTree(spec.command()));
    node.set("environment", JSON.valueToTree(spec.environment()));
    node.set("secrets", JSON.valueToTree(spec.secrets()));
    node.set("resources", JSON.valueToTree(spec.resources()));
    if (spec.timeout() != null) {
      node.put("timeoutSeconds", spec.timeout().toSeconds());
    }
    node.put("image", spec.image());
    node.put("workDir", spec.workDir());
    node.set("labels", JSON.valueToTree(spec.labels()));
    node.set("dependencies", JSON.valueToTree(spec.dependencies()));
    node.set("files", JSON.valueToTree(spec.files()));
    node.put("network", spec.network());
    return node;
  }
}
