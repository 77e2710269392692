package dev.mlintern.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives a JSON schema from a tool's input type. A record becomes an object whose components are
 * properties (required unless {@link Param#optional()}); a sealed interface of records becomes one
 * object with an {@code operation} enum and the union of the records' properties, because providers
 * want an object at the top.
 */
public final class JsonSchemas {
  static final String OPERATION = "operation";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSchemas() {}

  public static ObjectNode of(Class<?> type) {
    if (type.isSealed() && type.isInterface()) {
      return ofOperations(type);
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException(
          type.getName() + " is neither a record nor a sealed interface of records");
    }
    return ofRecord(type);
  }

  /** The operation name of a record in a sealed input type: its simple name in snake_case. */
  public static String operationName(Class<?> recordType) {
    return snakeCase(recordType.getSimpleName());
  }

  /** Operation records of a sealed input type, keyed by operation name, in declaration order. */
  public static Map<String, Class<?>> operations(Class<?> sealedType) {
    Map<String, Class<?>> operations = new LinkedHashMap<>();
    for (Class<?> sub : sealedType.getPermittedSubclasses()) {
      if (!sub.isRecord()) {
        throw new IllegalArgumentException(
            sub.getName() + " in " + sealedType.getName() + " is not a record");
      }
      operations.put(operationName(sub), sub);
    }
    return operations;
  }

  private static ObjectNode ofRecord(Class<?> type) {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    for (RecordComponent component : type.getRecordComponents()) {
      Param param = component.getAnnotation(Param.class);
      ObjectNode property = ofType(component.getGenericType());
      if (param != null && !param.value().isEmpty()) {
        property.put("description", param.value());
      }
      properties.set(component.getName(), property);
      if (param == null || !param.optional()) {
        required.add(component.getName());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private static ObjectNode ofOperations(Class<?> sealedType) {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ObjectNode operation = properties.putObject(OPERATION);
    operation.put("type", "string");
    ArrayNode names = operation.putArray("enum");
    Map<String, ObjectNode> merged = new LinkedHashMap<>();
    Map<String, StringBuilder> usedBy = new LinkedHashMap<>();
    for (var entry : operations(sealedType).entrySet()) {
      names.add(entry.getKey());
      ObjectNode recordSchema = ofRecord(entry.getValue());
      List<String> required = new java.util.ArrayList<>();
      recordSchema.path("required").forEach(name -> required.add(name.asText()));
      recordSchema
          .get("properties")
          .fields()
          .forEachRemaining(
              field -> {
                merged.putIfAbsent(field.getKey(), (ObjectNode) field.getValue().deepCopy());
                String tag = entry.getKey() + (required.contains(field.getKey()) ? "" : "?");
                usedBy
                    .computeIfAbsent(field.getKey(), k -> new StringBuilder())
                    .append(usedBy.get(field.getKey()).length() == 0 ? "" : ", ")
                    .append(tag);
              });
    }
    operation.put(
        "description", "Which operation to run: " + String.join(", ", iterable(names)) + ".");
    merged.forEach(
        (name, property) -> {
          String description = property.path("description").asText("");
          property.put("description", "[" + usedBy.get(name) + "] " + description);
          properties.set(name, property);
        });
    schema.putArray("required").add(OPERATION);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static List<String> iterable(ArrayNode names) {
    return JSON.convertValue(
        names, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private static ObjectNode ofType(Type type) {
    ObjectNode node = JSON.createObjectNode();
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        node.put("type", "array");
        node.set("items", ofType(args[0]));
        return node;
      }
      if (Map.class.isAssignableFrom(raw)) {
        node.put("type", "object");
        node.set("additionalProperties", ofType(args[1]));
        return node;
      }
      return ofType(raw);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class || raw == char.class || raw == Character.class) {
      node.put("type", "string");
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      node.put("type", "integer");
    } else if (raw == double.class
        || raw == Double.class
        || raw == float.class
        || raw == Float.class) {
      node.put("type", "number");
    } else if (raw == boolean.class || raw == Boolean.class) {
      node.put("type", "boolean");
    } else if (raw.isEnum()) {
      node.put("type", "string");
      ArrayNode values = node.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
      }
    } else if (raw.isRecord()) {
      return ofRecord(raw);
    } else if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
      // any JSON value
    } else if (raw.isArray()) {
      node.put("type", "array");
      node.set("items", ofType(raw.getComponentType()));
    } else {
      throw new IllegalArgumentException("no JSON schema for type " + raw.getName());
    }
    return node;
  }

  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
