package dev.mlintern.core.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One capability the model can call. The input type is a record (or a sealed interface of records,
 * one per operation) whose JSON schema {@link JsonSchemas} derives; the description is a resource
 * file. A failure the model can act on is a {@link ToolException}; anything else is a bug and
 * propagates.
 *
 * @param <I> the input record type
 */
public interface Tool<I> {
  /** snake_case name shown to the model. */
  String name();

  /** What the tool does and when to use it, loaded from {@code tools/<name>.md}. */
  String description();

  Class<I> inputType();

  /**
   * The JSON schema the model sees for the input, derived from {@link #inputType()}. A tool whose
   * schema comes from elsewhere (an MCP server's tool) overrides it and takes {@code JsonNode} as
   * its input type: its arguments then reach {@link #call} as the model wrote them, to be checked
   * by whoever owns the schema.
   */
  default ObjectNode inputSchema() {
    return JsonSchemas.of(inputType());
  }

  ToolResult call(I input, ToolContext context);

  /**
   * What calling it with this input would do; the policy decides from this whether to run, ask or
   * refuse.
   */
  default Set<Effect> effects(I input) {
    return Set.of(Effect.READ);
  }

  /** Money this call would spend, shown at approval time and checked against the session cap. */
  default OptionalDouble estimateUsd(I input) {
    return OptionalDouble.empty();
  }

  /**
   * What the person approving this call should know beyond its arguments, effects and cost (where a
   * paid job's outputs will be kept, say), shown with the approval; empty for most tools.
   */
  default String approvalNote(I input) {
    return "";
  }
}
