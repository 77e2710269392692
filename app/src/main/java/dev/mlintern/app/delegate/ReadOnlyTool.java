package dev.mlintern.app.delegate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.util.Set;

/**
 * A tool as a sub-agent gets it: the same name, description and schema, but any call that would do
 * more than read (a dataset conversion, adding to the library) is refused with a message saying so.
 */
final class ReadOnlyTool<I> implements Tool<I> {
  private final Tool<I> tool;

  ReadOnlyTool(Tool<I> tool) {
    this.tool = tool;
  }

  @Override
  public String name() {
    return tool.name();
  }

  @Override
  public String description() {
    return tool.description();
  }

  @Override
  public Class<I> inputType() {
    return tool.inputType();
  }

  @Override
  public ObjectNode inputSchema() {
    return tool.inputSchema();
  }

  @Override
  public Set<Effect> effects(I input) {
    return Set.of(Effect.READ);
  }

  @Override
  public ToolResult call(I input, ToolContext context) {
    Set<Effect> effects = tool.effects(input);
    if (!Set.of(Effect.READ).equals(effects)) {
      throw new ToolException(
          "the research sub-agent only reads; this "
              + tool.name()
              + " call would "
              + effects.toString().toLowerCase()
              + ". Note it in your summary for the main agent instead");
    }
    return tool.call(input, context);
  }
}
