package dev.mlintern.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  sealed interface Jobs permits Submit, ListJobs {}

  record Submit(
      @Param("the command") String command,
      @Param(value = "seconds", optional = true) Integer timeout)
      implements Jobs {}

  record ListJobs(@Param(value = "at most this many", optional = true) Integer limit)
      implements Jobs {}

  record Plain(
      String name, List<String> tags, @Param(value = "how many", optional = true) Integer count) {}

  @Test
  void operationStyleInputWithOnlyOptionalFieldsHasASchema() {
    JsonNode schema = JsonSchemas.of(Jobs.class);
    assertThat(schema.path("properties").path("operation").path("enum").toString())
        .isEqualTo("[\"submit\",\"list_jobs\"]");
    assertThat(schema.path("properties").path("limit").path("description").asText())
        .startsWith("[list_jobs?]");
    assertThat(schema.path("properties").path("command").path("description").asText())
        .startsWith("[submit]");
    assertThat(
            ToolInputs.decode(
                "jobs", Jobs.class, ToolInputs.parse("jobs", "{\"operation\":\"list_jobs\"}")))
        .isEqualTo(new ListJobs(null));
  }

  @Test
  void decodeNamesWhatIsWrong() {
    assertThatThrownBy(
            () ->
                ToolInputs.decode(
                    "jobs", Jobs.class, ToolInputs.parse("jobs", "{\"operation\":\"submit\"}")))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("missing required field 'command'");
    assertThatThrownBy(
            () ->
                ToolInputs.decode(
                    "jobs", Jobs.class, ToolInputs.parse("jobs", "{\"operation\":\"launch\"}")))
        .hasMessageContaining("unknown operation 'launch'")
        .hasMessageContaining("submit, list_jobs");
    assertThatThrownBy(
            () ->
                ToolInputs.decode(
                    "t",
                    Plain.class,
                    ToolInputs.parse("t", "{\"name\":\"a\",\"tags\":\"x\",\"extra\":1}")))
        .hasMessageContaining("'tags' must be an array")
        .hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> ToolInputs.parse("t", "{not json"))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void encodeAndDecodeRoundTrip() {
    Jobs input = new Submit("python3 train.py", 60);
    assertThat(ToolInputs.decode("jobs", Jobs.class, ToolInputs.encode(input))).isEqualTo(input);
  }
}
