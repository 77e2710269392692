package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutopilotModelTest {
  private static final String TASK =
      """
      name: toy
      type: classification
      target: y
      id: id
      metric: accuracy
      training data: /data/train.csv
      test data: /data/test.csv
      time budget: %d seconds
      """;
  private static final List<ToolSpec> TOOLS =
      List.of(
          new ToolSpec("jobs", "", FakeTrials.JSON.createObjectNode()),
          new ToolSpec("write", "", FakeTrials.JSON.createObjectNode()),
          new ToolSpec("diagnose", "", FakeTrials.JSON.createObjectNode()),
          new ToolSpec("report", "", FakeTrials.JSON.createObjectNode()));

  /** A clock the test moves by the simulated trial time. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * Runs a conversation to its end, or for {@code steps} model calls; the clock moves by the
   * longest job of each batch (they run side by side).
   */
  static List<Message> run(
      AutopilotModel model, FakeTrials trials, StepClock clock, List<Message> start, int steps) {
    List<Message> messages = new ArrayList<>(start);
    FakeJobs jobs = new FakeJobs(trials);
    replay(jobs, start);
    for (int i = 0; i < steps; i++) {
      ChatResponse response = model.generate(new ChatRequest("", messages, TOOLS, 4096));
      messages.add(response.asMessage());
      if (response.toolCalls().isEmpty()) {
        break;
      }
      double longest = 0;
      for (ToolCall call : response.toolCalls()) {
        double[] seconds = new double[1];
        messages.add(jobs.answer(call, seconds));
        longest = Math.max(longest, seconds[0]);
      }
      clock.now = clock.now.plusMillis((long) (longest * 1000));
    }
    return messages;
  }

  /** Brings a fresh fake up to date with the jobs a resumed conversation already submitted. */
  private static void replay(FakeJobs jobs, List<Message> messages) {
    calls(messages).forEach(c -> jobs.answer(c, new double[1]));
  }

  static List<Message> run(
      long seed, int maxTrials, int budget, FakeTrials trials, StepClock clock) {
    return run(
        new AutopilotModel(seed, 2, maxTrials, clock),
        trials,
        clock,
        List.of(new UserMessage(TASK.formatted(budget))),
        500);
  }

  static List<ToolCall> calls(List<Message> messages) {
    return messages.stream()
        .filter(m -> m instanceof dev.mlintern.core.model.AssistantMessage)
        .flatMap(m -> ((dev.mlintern.core.model.AssistantMessage) m).toolCalls().stream())
        .toList();
  }

  static JsonNode report(List<Message> messages) throws Exception {
    ToolCall call =
        calls(messages).stream().filter(c -> c.name().equals("report")).findFirst().orElseThrow();
    return FakeTrials.JSON.readTree(call.arguments());
  }

  static List<JsonNode> configs(List<Message> messages) {
    return calls(messages).stream()
        .filter(c -> c.name().equals("jobs") && c.arguments().contains("\"submit\""))
        .map(c -> args(c).path("config"))
        .toList();
  }

  static List<String> trialNames(List<Message> messages) {
    return configs(messages).stream().map(c -> c.path("autopilot").path("trial").asText()).toList();
  }

  private static JsonNode args(ToolCall call) {
    try {
      return FakeTrials.JSON.readTree(call.arguments());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sameSeedAndTrialCountGiveTheSameRun() throws Exception {
    List<Message> a = run(0, 8, 100_000, FakeTrials.standard(), new StepClock());
    List<Message> b = run(0, 8, 100_000, FakeTrials.standard(), new StepClock());
    assertThat(calls(a).stream().map(ToolCall::arguments).toList())
        .isEqualTo(calls(b).stream().map(ToolCall::arguments).toList());
    assertThat(report(a).path("chosen")).isEqualTo(report(b).path("chosen"));
    assertThat(trialNames(a).stream().filter(n -> n.matches(".*\\.r\\d"))).hasSize(8);
  }

  @Test
  void runsTheResearchLoopInOrder() throws Exception {
    List<Message> messages = run(0, 0, 100_000, FakeTrials.standard(), new StepClock());
    List<String> names = trialNames(messages);
    assertThat(names.get(0)).isEqualTo("audit");
    assertThat(names.subList(1, 3)).containsExactly("trivial.val", "simple.cv");
    int firstHoldout = indexOf(names.subList(3, names.size()), ".val") + 3;
    int lastSearch = lastIndexOf(names, ".r");
    assertThat(lastSearch).isLessThan(firstHoldout);
    assertThat(names.get(names.size() - 1)).endsWith(".final");
    assertThat(names).anyMatch(n -> n.endsWith(".r2"));
    assertThat(calls(messages).get(calls(messages).size() - 1).name()).isEqualTo("report");
    assertThat(messages.get(messages.size() - 1))
        .isInstanceOfSatisfying(
            dev.mlintern.core.model.AssistantMessage.class,
            m -> assertThat(m.text()).contains("Chosen"));
    // the audit's duplicates are dropped in every later trial
    assertThat(configs(messages).subList(1, configs(messages).size()))
        .allMatch(c -> c.path("dedup").asBoolean());
    assertThat(configs(messages)).noneMatch(c -> c.toString().contains("answers"));
    // every trial name is file-safe (finalists name their fallback predictions file)
    assertThat(names).allMatch(n -> n.matches("[A-Za-z0-9._-]{1,80}"));
    assertThat(names).anyMatch(n -> n.startsWith("ens-") && n.endsWith(".val"));
  }

  @Test
  void overfittingLeadersGetRegularizedAndFailuresAreDroppedWithANote() throws Exception {
    FakeTrials forestsLead =
        new FakeTrials(
            java.util.Map.of(
                "dummy",
                0.5,
                "linear",
                0.80,
                "hgb",
                0.83,
                "rf",
                0.87,
                "svm",
                0.84,
                "extratrees",
                0.845),
            "knn",
            2);
    List<Message> messages = run(0, 0, 100_000, forestsLead, new StepClock());
    assertThat(trialNames(messages)).anyMatch(n -> n.startsWith("rf-reg."));
    JsonNode report = report(messages);
    assertThat(report.path("diagnosis").toString())
        .contains("overfits: train accuracy 1.0000")
        .contains("dropped knn-10");
    assertThat(trialNames(messages).stream().filter(n -> n.startsWith("knn-10"))).hasSize(1);
  }

  @Test
  void refinementUsesSpareTimeWithoutRepeatingAConfiguration() throws Exception {
    List<Message> messages = run(0, 0, 100_000, FakeTrials.standard(), new StepClock());
    List<JsonNode> firstRungs =
        configs(messages).stream()
            .filter(c -> c.path("autopilot").path("trial").asText().endsWith(".r0"))
            .toList();
    assertThat(firstRungs)
        .anyMatch(c -> c.path("autopilot").path("origin").asText().startsWith("improvement"));
    // a house-price run once scored alpha 0.2 twice, under two refinement names
    assertThat(firstRungs.stream().map(c -> c.path("model").asText() + c.path("params")))
        .doesNotHaveDuplicates();
  }

  @Test
  void aFamilyThatFailsTwiceWithTheSameErrorIsNotTriedAgain() throws Exception {
    FakeTrials svmBroken = new FakeTrials(FakeTrials.standard().base, "svm", 2);
    List<Message> messages = run(0, 0, 100_000, svmBroken, new StepClock());
    // the space holds three SVMs (C 10, 3 and 30); the third is never started
    assertThat(configs(messages).stream().filter(c -> c.path("model").asText().equals("svm")))
        .hasSize(2);
    assertThat(report(messages).path("diagnosis").toString())
        .contains("stopped trying svm models: two of its trials failed with the same error");
  }

  @Test
  void theWallClockBudgetBoundsTheSearch() throws Exception {
    StepClock clock = new StepClock();
    Instant start = clock.now;
    List<Message> small =
        run(0, 0, 120, new FakeTrials(FakeTrials.standard().base, "knn", 5), clock);
    assertThat(Duration.between(start, clock.now).toSeconds()).isLessThanOrEqualTo(120);
    List<Message> large =
        run(0, 0, 100_000, new FakeTrials(FakeTrials.standard().base, "knn", 5), new StepClock());
    assertThat(trialNames(small).size()).isLessThan(trialNames(large).size());
    assertThat(trialNames(small)).anyMatch(n -> n.endsWith(".final"));
  }

  @Test
  void withTheDatasetToolsFixesTheQuickAuditRunsBesideTheBaselines() {
    List<ToolSpec> tools = new ArrayList<>(TOOLS);
    tools.add(new ToolSpec("dataset", "", FakeTrials.JSON.createObjectNode()));
    AutopilotModel model = new AutopilotModel(0, 2, 0, new StepClock());
    FakeJobs jobs = new FakeJobs(FakeTrials.standard());
    List<Message> messages = new ArrayList<>(List.of(new UserMessage(TASK.formatted(600))));
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ChatResponse response = model.generate(new ChatRequest("", messages, tools, 4096));
      messages.add(response.asMessage());
      batches.add(response.toolCalls().stream().map(ToolCall::name).toList());
      response.toolCalls().forEach(c -> messages.add(jobs.answer(c, new double[1])));
    }
    assertThat(batches.get(0)).containsExactly("dataset");
    assertThat(batches.get(2)).containsExactly("jobs", "jobs", "jobs");
    assertThat(trialNames(messages)).containsExactly("audit", "trivial.val", "simple.cv");
  }

  @Test
  void manyColumnsOnOneScaleAreSearchedWithModelsThatSuitThemFirst() throws Exception {
    FakeTrials trials = FakeTrials.standard();
    trials.pixels = true;
    List<String> names = trialNames(run(0, 4, 100_000, trials, new StepClock()));
    assertThat(names.subList(3, 5)).containsExactly("svm-pca50.r0", "knn-pca40.r0");
    assertThat(configs(run(0, 4, 100_000, trials, new StepClock())).get(3).path("params"))
        .hasToString("{\"C\":10.0,\"pca\":50}");
  }

  @Test
  void theChoiceIsMadeOnValidationRowsAndExplained() throws Exception {
    FakeTrials trials = FakeTrials.standard();
    trials.holdoutBonusForLinear = 0.3;
    List<Message> messages = run(0, 0, 100_000, trials, new StepClock());
    JsonNode report = report(messages);
    assertThat(report.path("chosen").path("candidate").asText()).isEqualTo("simple");
    assertThat(report.path("chosen").path("why").asText())
        .contains("simple scores 1.10100 on validation");
    assertThat(report.path("validation").size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aResumedConversationContinuesToTheSameResult() throws Exception {
    List<Message> whole = run(0, 10, 100_000, FakeTrials.standard(), new StepClock());
    StepClock clock = new StepClock();
    List<Message> half =
        run(
            new AutopilotModel(0, 2, 10, clock),
            FakeTrials.standard(),
            clock,
            List.of(new UserMessage(TASK.formatted(100_000))),
            5);
    List<Message> resumed =
        run(new AutopilotModel(0, 2, 10, clock), FakeTrials.standard(), clock, half, 500);
    assertThat(report(resumed).path("chosen")).isEqualTo(report(whole).path("chosen"));
    assertThat(trialNames(resumed)).isEqualTo(trialNames(whole));
  }

  @Test
  void withoutATaskItAsksForOne() {
    ChatResponse response =
        new AutopilotModel(0, 2, 0, Clock.systemUTC())
            .generate(new ChatRequest("", List.of(new UserMessage("hello")), TOOLS, 100));
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.text())
        .isEqualTo(
            "Which file holds the training data? Answer with a line like 'training data:"
                + " data/train.csv'.");
  }

  @Test
  void aFollowUpMessageCompletesTheBriefItAskedAbout() {
    AutopilotModel model = new AutopilotModel(0, 2, 0, Clock.systemUTC());
    ChatResponse question =
        model.generate(
            new ChatRequest(
                "", List.of(new UserMessage("beat 0.9 accuracy on data/train.csv")), TOOLS, 100));
    assertThat(question.toolCalls()).isEmpty();
    assertThat(question.text()).contains("Which column of data/train.csv should the model predict");

    ChatResponse next =
        model.generate(
            new ChatRequest(
                "",
                List.of(
                    new UserMessage("beat 0.9 accuracy on data/train.csv"),
                    dev.mlintern.core.model.AssistantMessage.text(question.text()),
                    new UserMessage("target: label")),
                TOOLS,
                100));
    assertThat(next.toolCalls()).isNotEmpty();
  }

  @Test
  void trialsAreJobsOfTheTabularRecipeReadFromTheToolsStructuredOutput() throws Exception {
    List<Message> messages = run(0, 0, 100_000, FakeTrials.standard(), new StepClock());
    List<ToolCall> calls = calls(messages);
    assertThat(calls.subList(0, 2)).allMatch(c -> c.name().equals("write"));
    assertThat(args(calls.get(0)).path("path").asText()).isEqualTo(".autopilot/tabular.py");
    assertThat(args(calls.get(0)).path("content").asText())
        .isEqualTo(java.nio.file.Files.readString(java.nio.file.Path.of("../recipes/tabular.py")));
    assertThat(args(calls.get(1)).path("path").asText()).isEqualTo(".autopilot/mlintern_recipe.py");
    assertThat(calls).anyMatch(c -> c.name().equals("jobs") && c.arguments().contains("\"wait\""));
    assertThat(calls.stream().filter(c -> c.arguments().contains("\"submit\"")))
        .allMatch(
            c ->
                args(c).path("command").toString().equals("[\"python\",\".autopilot/tabular.py\"]"))
        .allMatch(c -> args(c).path("timeout").asText().matches("\\d+s"));
    assertThat(report(messages).path("diagnosis").toString())
        .contains("diagnose j-")
        .contains("bad_config");
  }

  @Test
  void whenEveryModelIsSlowerThanTheBudgetTheRunStillEndsInTimeWithTheFallback() throws Exception {
    FakeTrials slow =
        new FakeTrials(FakeTrials.standard().base, "knn", 1000) {
          @Override
          com.fasterxml.jackson.databind.node.ObjectNode result(JsonNode config, double[] seconds) {
            var result = super.result(config, seconds);
            if (config.path("model").asText().equals("dummy")
                || config.path("mode").asText().equals("audit")) {
              seconds[0] = 1;
            }
            return result;
          }
        };
    StepClock clock = new StepClock();
    Instant start = clock.now;
    List<Message> messages = run(0, 0, 60, slow, clock);
    assertThat(Duration.between(start, clock.now).toSeconds()).isLessThanOrEqualTo(60);
    List<JsonNode> configs = configs(messages);
    JsonNode last = configs.get(configs.size() - 1);
    assertThat(last.path("autopilot").path("stage").asText()).isEqualTo("final");
    assertThat(last.path("fallback").asText()).isEqualTo(".autopilot/fallback/trivial.csv");
    assertThat(last.path("predictions").asText()).isEqualTo("submission.csv");
    assertThat(calls(messages).get(calls(messages).size() - 1).name()).isEqualTo("report");
  }

  @Test
  void withoutAWayToRunTrialsItSaysWhichToolsItNeeds() {
    ChatResponse response =
        new AutopilotModel(0, 2, 0, Clock.systemUTC())
            .generate(
                new ChatRequest("", List.of(new UserMessage(TASK.formatted(60))), List.of(), 100));
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.text()).contains("'jobs'").contains("'write'");
  }

  private static int indexOf(List<String> names, String part) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<String> names, String part) {
    int last = -1;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).contains(part)) {
        last = i;
      }
    }
    return last;
  }
}
