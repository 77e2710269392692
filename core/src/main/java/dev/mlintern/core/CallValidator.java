package dev.mlintern.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import java.util.Map;

/**
 * Guards for calls that must not run: an answer cut off by the output limit in the middle of a
 * call, an unknown tool name, arguments that are not JSON or break the tool's schema. Each becomes
 * an error result that tells the model what to do instead.
 */
final class CallValidator {
  /** Either a runnable tool and decoded input, or the error to send back. */
  record Checked(Tool<Object> tool, Object input, String error) {}

  static final String CUT_OFF =
      "Your answer was cut off by the output token limit while you were writing this tool"
          + " call, so its arguments are incomplete and it was NOT run. Call it again with smaller arguments (for a large"
          + " file, write it in several parts).";

  private final Map<String, Tool<?>> tools;

  CallValidator(Map<String, Tool<?>> tools) {
    this.tools = tools;
  }

  @SuppressWarnings("unchecked")
  Checked check(ToolCall call, StopReason stopReason) {
    if (stopReason == StopReason.MAX_TOKENS) {
      return new Checked(null, null, CUT_OFF);
    }
    Tool<Object> tool = (Tool<Object>) tools.get(call.name());
    if (tool == null) {
      return new Checked(
          null,
          null,
          "There is no tool named '"
              + call.name()
              + "'. Available tools: "
              + String.join(", ", tools.keySet())
              + ".");
    }
    return decode(tool, call.arguments());
  }

  Checked decode(Tool<Object> tool, String arguments) {
    try {
      JsonNode node = ToolInputs.parse(tool.name(), arguments);
      return new Checked(tool, ToolInputs.decode(tool.name(), tool.inputType(), node), null);
    } catch (ToolException e) {
      return new Checked(
          tool, null, e.getMessage() + ". The call was not run; fix the arguments and call again.");
    }
  }
}
