package dev.mlintern.core.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a model's raw argument JSON into a tool's input record, or explains to the model exactly
 * what was wrong: not JSON, not an object, a missing required field, a wrong type, an unknown
 * field, an unknown operation.
 */
public final class ToolInputs {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ToolInputs() {}

  public static JsonNode parse(String toolName, String arguments) {
    JsonNode node;
    try {
      node = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
    } catch (JsonProcessingException e) {
      throw new ToolException(
          "arguments for "
              + toolName
              + " are not valid JSON ("
              + e.getOriginalMessage()
              + "); send one JSON object matching the tool's schema");
    }
    if (node == null || !node.isObject()) {
      throw new ToolException(
          "arguments for " + toolName + " must be a JSON object, got " + describe(node));
    }
    return node;
  }

  /** Validates {@code arguments} against the schema of {@code type} and builds the input value. */
  public static <I> I decode(String toolName, Class<I> type, JsonNode arguments) {
    if (type == JsonNode.class) {
      return type.cast(arguments); // a tool with its own schema (Tool#inputSchema) checks them
    }
    ObjectNode schema = JsonSchemas.of(type);
    Class<?> target = type;
    if (type.isSealed() && type.isInterface()) {
      Map<String, Class<?>> operations = JsonSchemas.operations(type);
      String operation = arguments.path(JsonSchemas.OPERATION).asText("");
      target = operations.get(operation);
      if (target == null) {
        throw new ToolException(
            toolName
                + ": "
                + (operation.isEmpty()
                    ? "missing 'operation'"
                    : "unknown operation '" + operation + "'")
                + "; operations are: "
                + String.join(", ", operations.keySet()));
      }
      schema = JsonSchemas.of(target);
      ObjectNode copy = ((ObjectNode) arguments).deepCopy();
      copy.remove(JsonSchemas.OPERATION);
      arguments = copy;
    }
    List<String> problems = new ArrayList<>();
    validate(arguments, schema, "", problems);
    if (!problems.isEmpty()) {
      throw new ToolException(
          "arguments for " + toolName + " do not match its schema: " + String.join("; ", problems));
    }
    try {
      return type.cast(JSON.treeToValue(arguments, target));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String message =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new ToolException("arguments for " + toolName + " could not be read: " + message);
    }
  }

  /**
   * JSON of an input value, with the operation field for sealed types; the inverse of {@link
   * #decode}.
   */
  public static ObjectNode encode(Object input) {
    ObjectNode node = JSON.valueToTree(input);
    Class<?> type = input.getClass();
    for (Class<?> iface : type.getInterfaces()) {
      if (iface.isSealed()) {
        ObjectNode withOperation = JSON.createObjectNode();
        withOperation.put(JsonSchemas.OPERATION, JsonSchemas.operationName(type));
        withOperation.setAll(node);
        return withOperation;
      }
    }
    return node;
  }

  static void validate(JsonNode value, JsonNode schema, String path, List<String> problems) {
    String type = schema.path("type").asText("");
    String where = path.isEmpty() ? "" : "'" + path + "' ";
    if (value == null || value.isNull()) {
      return;
    }
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          problems.add(where + "must be an object, got " + describe(value));
          return;
        }
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
          JsonNode field = value.get(required.asText());
          if (field == null || field.isNull()) {
            problems.add("missing required field '" + join(path, required.asText()) + "'");
          }
        }
        boolean closed =
            schema.path("additionalProperties").isBoolean()
                && !schema.path("additionalProperties").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          var field = it.next();
          JsonNode propertySchema = properties.get(field.getKey());
          if (propertySchema != null) {
            validate(field.getValue(), propertySchema, join(path, field.getKey()), problems);
          } else if (schema.path("additionalProperties").isObject()) {
            validate(
                field.getValue(),
                schema.get("additionalProperties"),
                join(path, field.getKey()),
                problems);
          } else if (closed) {
            List<String> known = new ArrayList<>();
            properties.fieldNames().forEachRemaining(known::add);
            problems.add(
                "unknown field '"
                    + join(path, field.getKey())
                    + "'; fields are: "
                    + String.join(", ", known));
          }
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          problems.add(where + "must be an array, got " + describe(value));
          return;
        }
        int i = 0;
        for (JsonNode item : value) {
          validate(item, schema.path("items"), path + "[" + i++ + "]", problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(where + "must be a string, got " + describe(value));
        } else if (schema.has("enum")) {
          List<String> allowed = new ArrayList<>();
          schema.get("enum").forEach(e -> allowed.add(e.asText()));
          if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(value.asText()))) {
            problems.add(where + "must be one of " + allowed + ", got '" + value.asText() + "'");
          }
        }
      }
      case "integer" -> {
        if (!(value.isIntegralNumber()
            || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())))) {
          problems.add(where + "must be an integer, got " + describe(value));
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(where + "must be a number, got " + describe(value));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(where + "must be true or false, got " + describe(value));
        }
      }
      default -> {}
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase()
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }
}
