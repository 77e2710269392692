package dev.mlintern.autopilot.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.autopilot.AutopilotModel;
import dev.mlintern.autopilot.goal.SessionFacts;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.UserMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The autopilot given the plain goal "teach the model to add two-digit numbers", answered on the
 * wire as the jobs and diagnose tools answer (job ids and end states in their details): the stages
 * it runs, in order, each a job of a recipe with the post-training interpreter, and the rerun of
 * the unstable GRPO run with the diagnosis's proposal.
 */
class PostTrainingLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = "mlintern-runs/s-1/";

  /** A session whose tools answer every call; {@code fails} picks the stage whose job fails. */
  private static final class Session {
    final List<Message> messages = new ArrayList<>();
    final List<ToolCall> calls = new ArrayList<>();
    final AutopilotModel model = new AutopilotModel(0, 1, 0, Clock.systemUTC());
    final String system;
    final Predicate<String> fails;

    Session(String goal, double budgetSeconds, Predicate<String> fails) {
      this.system =
          "You are mlintern."
              + new SessionFacts(Optional.of(Path.of("/p")), RUN, OptionalDouble.of(budgetSeconds))
                  .render();
      this.fails = fails;
      messages.add(new UserMessage(goal));
    }

    /** Runs the conversation to the model's closing text. */
    String run() throws Exception {
      for (int turn = 0; turn < 100; turn++) {
        ChatResponse response = model.generate(new ChatRequest(system, messages, List.of(), 1000));
        if (response.toolCalls().isEmpty()) {
          return response.text();
        }
        messages.add(new AssistantMessage(response.text(), response.toolCalls(), List.of()));
        for (ToolCall call : response.toolCalls()) {
          calls.add(call);
          messages.add(answer(call));
        }
      }
      throw new AssertionError("the loop did not end");
    }

    private ToolResultMessage answer(ToolCall call) throws Exception {
      JsonNode args = JSON.readTree(call.arguments());
      ObjectNode details = JSON.createObjectNode();
      if (call.name().equals("diagnose")) {
        JsonNode unstable = submitted("grpo-unstable").path("config");
        ObjectNode proposal = unstable.deepCopy();
        proposal.put("learning_rate", 5e-4).put("beta", 0.04);
        var findings = JSON.createArrayNode();
        findings.addObject().put("kind", "reward_collapse").putArray("nextConfigs").add(proposal);
        return new ToolResultMessage(
            call.id(), "diagnose", "block reward_collapse", false, findings);
      }
      if (args.path("operation").asText().equals("submit")) {
        details.put("id", "j-" + args.path("config").path("_stage").asText());
        return new ToolResultMessage(call.id(), "jobs", "submitted", false, details);
      }
      String stage = args.path("id").asText().substring(2);
      details.put("state", fails.test(stage) ? "failed" : "succeeded");
      details.putObject("result").putObject("metrics").put("candidate_accuracy", 0.9);
      return new ToolResultMessage(call.id(), "jobs", "ended", false, details);
    }

    JsonNode submitted(String stage) throws Exception {
      for (ToolCall call : calls) {
        JsonNode args = JSON.readTree(call.arguments());
        if (args.path("config").path("_stage").asText().equals(stage)) {
          return args;
        }
      }
      throw new AssertionError("no job for " + stage);
    }

    List<String> steps() throws Exception {
      List<String> out = new ArrayList<>();
      for (ToolCall call : calls) {
        JsonNode args = JSON.readTree(call.arguments());
        if (call.name().equals("diagnose")) {
          out.add("diagnose " + args.path("id").asText());
        } else if (args.path("operation").asText().equals("submit")) {
          out.add(args.path("config").path("_stage").asText());
        }
      }
      return out;
    }
  }

  @Test
  void thePlainGoalRunsTheWholeLoopAsJobsAndRerunsTheUnstableRunAsDiagnosed() throws Exception {
    Session session = new Session("teach the model to add two-digit numbers", 480, s -> false);

    String closing = session.run();

    assertThat(session.steps())
        .containsExactly(
            "prepare",
            "warm",
            "eval-baseline",
            "sft",
            "eval-sft",
            "grpo-unstable",
            "diagnose j-grpo-unstable",
            "grpo",
            "eval-final",
            "report");
    for (String stage : List.of("prepare", "sft", "grpo", "report")) {
      JsonNode command = session.submitted(stage).path("command");
      // "python": the jobs service runs a recipes/llm script with the LLM environment's interpreter
      assertThat(command.get(0).asText()).isEqualTo("python");
      assertThat(command.get(1).asText()).startsWith(RUN + "recipes/llm/");
      assertThat(session.submitted(stage).path("timeout").asText()).endsWith("s");
    }
    JsonNode sft = session.submitted("sft").path("config");
    assertThat(sft.path("model").asText()).isEqualTo(RUN + "stages/warm/final");
    assertThat(sft.path("output_dir").asText()).isEqualTo(RUN + "stages/sft");
    assertThat(sft.path("threads").asInt()).isEqualTo(1);
    // 480 s less 200 s of loading and evaluating, two thirds of it for SFT
    assertThat(sft.path("max_seconds").asLong()).isEqualTo(188);
    JsonNode unstable = session.submitted("grpo-unstable").path("config");
    assertThat(unstable.path("learning_rate").asDouble()).isEqualTo(5e-3);
    assertThat(unstable.path("beta").asDouble()).isZero();
    JsonNode rerun = session.submitted("grpo").path("config");
    assertThat(rerun.path("learning_rate").asDouble()).isEqualTo(5e-4);
    assertThat(rerun.path("beta").asDouble()).isEqualTo(0.04);
    assertThat(rerun.path("dataset").asText()).isEqualTo(RUN + "stages/prepare/data/grpo.jsonl");
    assertThat(rerun.path("output_dir").asText()).isEqualTo(RUN + "stages/grpo");
    JsonNode report = session.submitted("report").path("config");
    assertThat(report.path("out").asText()).isEqualTo(RUN);
    assertThat(report.path("stages").path("eval-final").asText())
        .isEqualTo(RUN + "stages/eval-final");
    assertThat(closing).startsWith("Done: exact match 0.900").contains(RUN + "report.html");
  }

  @Test
  void aShortBudgetShortensTheLoop() throws Exception {
    Session session =
        new Session("teach the model to add two-digit numbers\ntime budget: 60s", 3600, s -> false);

    session.run();

    assertThat(session.submitted("prepare").path("command").toString())
        .contains("\"--eval\",\"40\"");
    assertThat(session.submitted("warm").path("config").path("max_steps").asInt()).isEqualTo(10);
    assertThat(session.submitted("sft").path("config").path("max_seconds").asLong()).isEqualTo(7);
  }

  @Test
  void aFailedStageStopsTheLoopAndSaysWhich() throws Exception {
    Session session = new Session("teach the model to add two-digit numbers", 480, "sft"::equals);

    String closing = session.run();

    assertThat(session.steps()).containsExactly("prepare", "warm", "eval-baseline", "sft");
    assertThat(closing).isEqualTo("Stopped: stage sft ended failed (j-sft)");
  }

  @Test
  void onlyAGoalAboutAddingTwoDigitNumbersIsThePostTrainingTask() {
    assertThat(AdditionGoal.asks("teach the model to add two-digit numbers")).isTrue();
    assertThat(AdditionGoal.asks("GRPO on 2-digit addition")).isTrue();
    assertThat(AdditionGoal.asks("beat 0.95 accuracy on data/train.csv")).isFalse();
    assertThat(AdditionGoal.asks("add a column to two tables")).isFalse();
  }
}
