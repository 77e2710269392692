package dev.mlintern.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolDescriptions;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every tool passes; extend it once per tool. Checks: a snake_case name, a description
 * resource {@code tools/<name>.md} that the tool returns, a schema derived from its input type,
 * JSON round trip of a sample input (encode then decode gives it back), arguments breaking the
 * schema rejected with a {@link ToolException}, and inputs the tool itself must reject (from {@link
 * #rejectedInputs()}) rejected with a {@link ToolException} rather than another exception.
 *
 * @param <I> the tool's input type
 */
public abstract class ToolContract<I> {
  @TempDir protected Path workspace;

  /** The tool under test; may use {@link #workspace}. */
  protected abstract Tool<I> tool();

  /**
   * A valid input (for sealed types, one per operation is better: override {@link
   * #sampleInputs()}).
   */
  protected abstract I sampleInput();

  protected List<I> sampleInputs() {
    return List.of(sampleInput());
  }

  /** Argument JSON that breaks the schema: a wrong type or a missing required field. */
  protected abstract String badArguments();

  /** Inputs that pass the schema but the tool must refuse with a ToolException; none by default. */
  protected List<I> rejectedInputs() {
    return List.of();
  }

  /** The context the tool runs in for {@link #rejectedInputs()}. */
  protected ToolContext context() {
    return ToolContext.standalone(workspace);
  }

  @Test
  void nameIsSnakeCase() {
    assertThat(tool().name()).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  }

  @Test
  void descriptionComesFromItsResource() {
    String resource = ToolDescriptions.load(tool().getClass(), tool().name());
    assertThat(resource).isNotBlank();
    assertThat(tool().description()).isEqualTo(resource);
  }

  @Test
  void schemaIsAnObject() {
    JsonNode schema = JsonSchemas.of(tool().inputType());
    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("properties").size()).isPositive();
  }

  @Test
  void sampleInputSurvivesAJsonRoundTrip() {
    for (I sample : sampleInputs()) {
      JsonNode json = ToolInputs.encode(sample);
      I decoded =
          ToolInputs.decode(
              tool().name(), tool().inputType(), ToolInputs.parse(tool().name(), json.toString()));
      assertThat(decoded).isEqualTo(sample);
    }
  }

  @Test
  void argumentsBreakingTheSchemaAreAToolException() {
    assertThatThrownBy(
            () ->
                ToolInputs.decode(
                    tool().name(),
                    tool().inputType(),
                    ToolInputs.parse(tool().name(), badArguments())))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining(tool().name());
    assertThatThrownBy(() -> ToolInputs.parse(tool().name(), "{not json"))
        .isInstanceOf(ToolException.class);
  }

  @Test
  void inputsTheToolRejectsAreAToolException() {
    for (I input : rejectedInputs()) {
      assertThatThrownBy(() -> tool().call(input, context()))
          .as("input %s", input)
          .isInstanceOf(ToolException.class);
    }
  }
}
