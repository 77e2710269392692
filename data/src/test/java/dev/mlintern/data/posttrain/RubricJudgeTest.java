package dev.mlintern.data.posttrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.data.DataException;
import dev.mlintern.testkit.ScriptedChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RubricJudgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The committed hand-labelled set a user measures a real judge's agreement with. */
  static List<JsonNode> labelled() throws IOException {
    List<JsonNode> items = new ArrayList<>();
    try (InputStream in =
        RubricJudge.class.getResourceAsStream("/posttrain/judge-agreement.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        items.add(JSON.readTree(line));
      }
    }
    return items;
  }

  private static Map<String, Boolean> humanLabels(List<JsonNode> items) {
    Map<String, Boolean> labels = new HashMap<>();
    items.forEach(
        i ->
            i.get("rubrics")
                .forEach(
                    r -> labels.put(r.get("criterion").asText(), r.get("human_met").asBoolean())));
    return labels;
  }

  private static String criterion(ChatRequest request) {
    String text = ((UserMessage) request.messages().get(0)).text();
    int at = text.indexOf("points)\n") + "points)\n".length();
    return text.substring(at, text.indexOf('\n', at));
  }

  private static ChatResponse reply(boolean met) {
    return new ChatResponse(
        "{\"criteria_met\": " + met + ", \"explanation\": \"checked\"}",
        List.of(),
        StopReason.END_TURN,
        new Usage(100, 20, 0, 0),
        List.of());
  }

  @Test
  void theLabelledSetHasThirtyItemsWithAHumanVerdictOnEveryCriterion() throws IOException {
    List<JsonNode> items = labelled();
    assertThat(items).hasSizeGreaterThanOrEqualTo(30);
    items.forEach(
        i -> i.get("rubrics").forEach(r -> assertThat(r.path("human_met").isBoolean()).isTrue()));
  }

  @Test
  void aJudgeThatAgreesWithPeopleScoresTheSetAndItsCostIsCounted() throws IOException {
    List<JsonNode> items = labelled();
    Map<String, Boolean> labels = humanLabels(items);
    ScriptedChatModel judge = new ScriptedChatModel("scripted:judge");
    // agrees with people except on every criterion about emergency services
    judge.otherwise(
        request -> {
          String c = criterion(request);
          boolean human = labels.get(c);
          return reply(c.contains("emergency") ? !human : human);
        });

    RubricJudge.Report report = new RubricJudge(judge, u -> u.outputTokens() * 1e-5).grade(items);

    int criteria = labels.size();
    long disagreements = labels.keySet().stream().filter(c -> c.contains("emergency")).count();
    assertThat(disagreements).isGreaterThan(0);
    assertThat(report.judgeCalls()).isEqualTo(judge.requests().size()).isGreaterThanOrEqualTo(60);
    assertThat(report.labelled()).isEqualTo(report.judgeCalls());
    assertThat(report.labelled()).isGreaterThanOrEqualTo(criteria);
    assertThat(report.labelled() - report.agreed()).isGreaterThanOrEqualTo((int) disagreements);
    assertThat(report.scored()).isEqualTo(items.size());
    assertThat(report.usage().outputTokens()).isEqualTo(20L * report.judgeCalls());
    assertThat(report.costUsd()).isCloseTo(20 * report.judgeCalls() * 1e-5, within());
    assertThat(report.summary())
        .contains("scored 32 of 32 items", "judge calls " + report.judgeCalls(), "cost $")
        .contains("agreement with human labels: " + report.agreed() + " of " + report.labelled());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void scoresArePointsMetOverPositivePointsClippedAtZero() throws IOException {
    JsonNode item =
        JSON.readTree(
            "{\"id\": \"x\", \"prompt\": \"q\", \"answer\": \"a\", \"rubrics\": ["
                + "{\"criterion\": \"good one\", \"points\": 6},"
                + "{\"criterion\": \"good two\", \"points\": 4},"
                + "{\"criterion\": \"harmful\", \"points\": -5}]}");
    ScriptedChatModel judge =
        new ScriptedChatModel().otherwise(r -> reply(!criterion(r).equals("good two")));
    assertThat(new RubricJudge(judge, u -> 0).grade(List.of(item)).items().get(0).score())
        .isCloseTo(0.1, within()); // (6 - 5) / 10

    ScriptedChatModel harsh =
        new ScriptedChatModel().otherwise(r -> reply(criterion(r).equals("harmful")));
    assertThat(new RubricJudge(harsh, u -> 0).grade(List.of(item)).items().get(0).score()).isZero();
  }

  @Test
  void aJudgeReturningGarbageOrFailingLeavesThoseItemsUnscoredAndCounted() throws IOException {
    List<JsonNode> items = labelled().subList(0, 3);
    ScriptedChatModel judge = new ScriptedChatModel();
    judge.text("Sure! The response looks fine to me."); // item 1, criterion 1: no JSON
    judge.fail(
        new ModelException(
            ModelException.Kind.OVERLOADED, "judge overloaded")); // item 2, criterion 1
    judge.otherwise(r -> ChatResponse.text("{\"criteria_met\": \"yes\"}")); // item 3: not boolean

    RubricJudge.Report report = new RubricJudge(judge, u -> 0).grade(items);

    assertThat(report.scored()).isZero();
    assertThat(report.items())
        .extracting(RubricJudge.Graded::problem)
        .containsExactly(
            "the judge's reply is not {\"criteria_met\": true|false}: 'Sure! The response looks"
                + " fine to me.'",
            "the judge call failed: judge overloaded",
            "the judge's reply is not {\"criteria_met\": true|false}: '{\"criteria_met\": \"yes\"}'");
    assertThat(report.summary())
        .contains("scored 0 of 3 items", "not scored: ha-01: the judge's reply");
  }

  @Test
  void malformedItemsAreRefusedBeforeAnyJudgeCall() throws IOException {
    ScriptedChatModel judge = new ScriptedChatModel();
    JsonNode noRubrics = JSON.readTree("{\"prompt\": \"q\", \"answer\": \"a\"}");
    assertThatThrownBy(() -> new RubricJudge(judge, u -> 0).grade(List.of(noRubrics)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("item 0 has no rubrics");
    JsonNode noAnswer =
        JSON.readTree("{\"prompt\": \"q\", \"rubrics\": [{\"criterion\": \"c\", \"points\": 1}]}");
    assertThatThrownBy(() -> new RubricJudge(judge, u -> 0).grade(List.of(noAnswer)))
        .hasMessageContaining("item 0 has no text field 'answer'");
    assertThat(judge.requests()).isEmpty();
  }
}
