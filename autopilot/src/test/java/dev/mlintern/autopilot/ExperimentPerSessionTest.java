package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.autopilot.goal.SessionFacts;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each session's trials are recorded under one experiment named after its task and session. */
class ExperimentPerSessionTest {
  private static final String TASK =
      """
      name: Credit risk
      type: classification
      target: y
      metric: accuracy
      training data: /data/train.csv
      time budget: 600 seconds
      """;
  private static final List<ToolSpec> TOOLS =
      List.of(
          new ToolSpec("jobs", "", FakeTrials.JSON.createObjectNode()),
          new ToolSpec("write", "", FakeTrials.JSON.createObjectNode()));

  /** The experiments of the trials a session submits in its first few responses. */
  private static Set<String> experiments(String outputs) throws Exception {
    String system = new SessionFacts(Optional.empty(), outputs, OptionalDouble.empty()).render();
    AutopilotModel model = new AutopilotModel(0, 2, 4, new AutopilotModelTest.StepClock());
    FakeJobs jobs = new FakeJobs(FakeTrials.standard());
    List<Message> messages = new ArrayList<>(List.of(new UserMessage(TASK)));
    Set<String> experiments = new LinkedHashSet<>();
    for (int step = 0; step < 4 && experiments.isEmpty(); step++) {
      ChatResponse response = model.generate(new ChatRequest(system, messages, TOOLS, 4096));
      messages.add(response.asMessage());
      for (ToolCall call : response.toolCalls()) {
        JsonNode args = FakeTrials.JSON.readTree(call.arguments());
        if (args.path("operation").asText().equals("submit")) {
          experiments.add(args.path("experiment").asText());
        }
        messages.add(jobs.answer(call, new double[1]));
      }
    }
    return experiments;
  }

  @Test
  void twoSessionsOfOneTaskRecordTheirRunsInTwoExperimentsNamedAfterIt() throws Exception {
    assertThat(experiments("mlintern-runs/s-aaaaaa4kq7zt/")).containsExactly("credit-risk-4kq7zt");
    assertThat(experiments("mlintern-runs/s-bbbbbbx9m2pd/")).containsExactly("credit-risk-x9m2pd");
    assertThat(experiments("")).containsExactly("credit-risk");
  }
}
