package dev.mlintern.data.posttrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Scores answers against per-item rubrics with an LLM judge, HealthBench-style: each item has a
 * {@code prompt}, the {@code answer} to grade and {@code rubrics}, a list of {@code {criterion,
 * points}} (negative points for things an answer must not do). The judge decides each criterion
 * separately; an item's score is the points of the criteria met over the positive points, clipped
 * to [0, 1]. A judge reply that is not the asked-for JSON, or a failed call, leaves that item
 * unscored and counted with its reason — it never stops the run. A criterion may carry {@code
 * human_met} (a person's verdict), and then the judge's agreement with people is measured too.
 */
public final class RubricJudge {
  /** One item's grade; {@code score} is null when the judge could not grade every criterion. */
  public record Graded(String id, Double score, List<Boolean> met, String problem) {}

  /** All grades, the judge's cost and, where people labelled criteria, its agreement with them. */
  public record Report(
      List<Graded> items, int judgeCalls, Usage usage, double costUsd, int labelled, int agreed) {
    public Report {
      items = List.copyOf(items);
    }

    public long scored() {
      return items.stream().filter(g -> g.score() != null).count();
    }

    public double meanScore() {
      return items.stream()
          .filter(g -> g.score() != null)
          .mapToDouble(Graded::score)
          .average()
          .orElse(Double.NaN);
    }

    public String summary() {
      StringBuilder out =
          new StringBuilder(
              String.format(
                  java.util.Locale.ROOT,
                  "scored %d of %d items, mean score %.3f; judge calls %d, tokens in %d out %d,"
                      + " cost $%.4f%n",
                  scored(),
                  items.size(),
                  meanScore(),
                  judgeCalls,
                  usage.promptTokens(),
                  usage.outputTokens(),
                  costUsd));
      items.stream()
          .filter(g -> g.score() == null)
          .limit(5)
          .forEach(
              g ->
                  out.append("not scored: ")
                      .append(g.id())
                      .append(": ")
                      .append(g.problem())
                      .append('\n'));
      if (labelled > 0) {
        out.append(
            String.format(
                java.util.Locale.ROOT,
                "agreement with human labels: %d of %d criteria (%.1f%%)%n",
                agreed,
                labelled,
                100.0 * agreed / labelled));
      }
      return out.toString();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = Prompts.load("rubric-judge");
  private static final int MAX_TOKENS = 300;

  private final ChatModel judge;
  private final ToDoubleFunction<Usage> price;

  /** {@code price} turns the judge's token usage into US dollars (0 for a local model). */
  public RubricJudge(ChatModel judge, ToDoubleFunction<Usage> price) {
    this.judge = judge;
    this.price = price;
  }

  /** Grades {@code items} (one JSON object each); a malformed item is refused before any call. */
  public Report grade(List<JsonNode> items) {
    for (int i = 0; i < items.size(); i++) {
      check(items.get(i), i);
    }
    List<Graded> graded = new ArrayList<>();
    int calls = 0;
    Usage usage = Usage.ZERO;
    int labelled = 0;
    int agreed = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String id = item.hasNonNull("id") ? item.get("id").asText() : String.valueOf(i);
      List<Boolean> met = new ArrayList<>();
      String problem = null;
      double got = 0;
      double possible = 0;
      for (JsonNode rubric : item.get("rubrics")) {
        double points = rubric.get("points").asDouble();
        possible += Math.max(0, points);
        calls++;
        ChatResponse response;
        try {
          response = judge.generate(request(item, rubric));
        } catch (ModelException e) {
          problem = "the judge call failed: " + e.getMessage();
          break;
        }
        usage = usage.plus(response.usage());
        Boolean verdict = verdict(response.text());
        if (verdict == null) {
          problem =
              "the judge's reply is not {\"criteria_met\": true|false}: " + clip(response.text());
          break;
        }
        met.add(verdict);
        got += verdict ? points : 0;
        if (rubric.path("human_met").isBoolean()) {
          labelled++;
          agreed += rubric.get("human_met").asBoolean() == verdict ? 1 : 0;
        }
      }
      Double score =
          problem != null ? null : possible == 0 ? null : Math.max(0, Math.min(1, got / possible));
      if (problem == null && possible == 0) {
        problem = "no criterion has positive points";
      }
      graded.add(new Graded(id, score, met, problem));
    }
    return new Report(graded, calls, usage, price.applyAsDouble(usage), labelled, agreed);
  }

  private static void check(JsonNode item, int index) {
    for (String field : List.of("prompt", "answer")) {
      if (!item.path(field).isTextual()) {
        throw new DataException(
            Kind.BAD_INPUT,
            "item "
                + index
                + " has no text field '"
                + field
                + "'; an item needs prompt, answer and rubrics");
      }
    }
    JsonNode rubrics = item.path("rubrics");
    if (!rubrics.isArray() || rubrics.isEmpty()) {
      throw new DataException(
          Kind.BAD_INPUT,
          "item " + index + " has no rubrics; give a list of {\"criterion\": TEXT, \"points\": N}");
    }
    for (JsonNode r : rubrics) {
      if (!r.path("criterion").isTextual() || !r.path("points").isNumber()) {
        throw new DataException(
            Kind.BAD_INPUT,
            "item " + index + " has a rubric without a text criterion and numeric points: " + r);
      }
    }
  }

  private static ChatRequest request(JsonNode item, JsonNode rubric) {
    String text =
        PROMPT
            .replace("{prompt}", item.get("prompt").asText())
            .replace("{answer}", item.get("answer").asText())
            .replace("{points}", rubric.get("points").asText())
            .replace("{criterion}", rubric.get("criterion").asText());
    return new ChatRequest("", List.of(new UserMessage(text)), List.of(), MAX_TOKENS);
  }

  /** The judge's verdict, or null when its reply holds no JSON object with a boolean verdict. */
  static Boolean verdict(String reply) {
    int start = reply.indexOf('{');
    int end = reply.lastIndexOf('}');
    if (start < 0 || end < start) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(reply.substring(start, end + 1));
      JsonNode met = node.path("criteria_met");
      return met.isBoolean() ? met.asBoolean() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String clip(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 80) + "…'";
  }
}
