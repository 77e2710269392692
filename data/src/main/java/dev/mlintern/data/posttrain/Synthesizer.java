package dev.mlintern.data.posttrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Generates post-training items ({@code prompt} and {@code answer}) with a model, from instructions
 * and/or seed rows to imitate: a batch of items per call, until {@code maxItems} usable items or
 * the {@code maxUsd} budget (it does not start a call when the spend so far plus its costliest call
 * would cross the cap). Items that break the {@link QualityRules} are dropped as they come; then
 * {@link SyntheticFilter} drops exact and near duplicates and items contaminated by the evaluation
 * set, and the survivors are written with a manifest of every dropped item and why. A reply that is
 * not the asked-for JSON, or a failed call, costs that batch only; three failed calls in a row stop
 * the run.
 */
public final class Synthesizer {
  /**
   * What to generate: {@code model} is the spec (for the manifest), {@code instructions} and/or
   * {@code seeds} say what the items are about.
   */
  public record Spec(
      String model,
      String instructions,
      List<JsonNode> seeds,
      int maxItems,
      double maxUsd,
      int batch,
      long seed) {
    public Spec {
      seeds = List.copyOf(seeds);
      if ((instructions == null || instructions.isBlank()) && seeds.isEmpty()) {
        throw new DataException(
            Kind.BAD_INPUT,
            "nothing to imitate: give instructions (what the items are about) or seed rows");
      }
      if (maxItems < 1 || batch < 1 || !(maxUsd >= 0)) {
        throw new DataException(
            Kind.BAD_INPUT,
            "max items and batch must be at least 1 and the budget at least 0 USD; got "
                + maxItems
                + ", "
                + batch
                + ", "
                + maxUsd);
      }
    }
  }

  /** A generated item that was not kept: why ({@code reason}), the particulars, and the item. */
  public record Dropped(String reason, String detail, JsonNode item) {}

  /** What the model gave before cleaning, and what it cost. */
  record Drafts(
      List<ObjectNode> items,
      List<Dropped> dropped,
      int calls,
      Usage usage,
      double costUsd,
      String stop) {}

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = Prompts.load("synthesize");
  private static final int EXAMPLES_PER_CALL = 3;
  private static final int TOKENS_PER_ITEM = 300;
  private static final int FAILURES_IN_A_ROW = 3;

  private final ChatModel model;
  private final ToDoubleFunction<Usage> price;
  private final DataEngine engine;

  /** {@code price} turns the generator's token usage into US dollars (0 for a local model). */
  public Synthesizer(ChatModel model, ToDoubleFunction<Usage> price, DataEngine engine) {
    this.model = model;
    this.price = price;
    this.engine = engine;
  }

  /**
   * Generates, cleans and writes {@code out} (JSON Lines: {@code id, prompt, answer, messages}) and
   * {@code <out>.synthesis.json}; {@code eval} null skips the contamination check.
   */
  public SynthesisReport run(Spec spec, SyntheticFilter.EvalSet eval, Path out) {
    Drafts drafts = draft(spec);
    return new SyntheticFilter(engine).clean(spec.model(), drafts, eval, out);
  }

  /** Up to {@code limit} rows of {@code table} as JSON objects, to use as seeds. */
  public static List<JsonNode> rows(DataEngine engine, Table table, int limit) {
    List<JsonNode> rows = new ArrayList<>();
    engine.query(
        "SELECT to_json(t) FROM " + DataEngine.quote(table.name()) + " t LIMIT " + limit,
        r -> {
          try {
            rows.add(JSON.readTree(r.getString(1)));
          } catch (IOException e) {
            throw new DataException(Kind.BAD_INPUT, table.source() + ": a row is not JSON");
          }
        });
    return rows;
  }

  Drafts draft(Spec spec) {
    List<ObjectNode> items = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    Random random = new Random(spec.seed());
    int maxCalls = 2 * ((spec.maxItems() + spec.batch() - 1) / spec.batch()) + 2;
    Usage usage = Usage.ZERO;
    double spent = 0;
    double costliest = 0;
    int calls = 0;
    int failures = 0;
    String stop = "reached " + spec.maxItems() + " usable items";
    while (items.size() < spec.maxItems()) {
      if (calls == maxCalls) {
        stop =
            "made "
                + calls
                + " calls, the most allowed, with "
                + items.size()
                + " usable items of "
                + spec.maxItems();
        break;
      }
      if (calls > 0 && spent + costliest > spec.maxUsd()) {
        stop =
            String.format(
                Locale.ROOT,
                "budget: spent $%.4f of $%.4f and a call costs up to $%.4f",
                spent,
                spec.maxUsd(),
                costliest);
        break;
      }
      int want = Math.min(spec.batch(), spec.maxItems() - items.size());
      calls++;
      ChatResponse response;
      try {
        response = model.generate(request(spec, want, random));
      } catch (ModelException e) {
        dropped.add(new Dropped("call failed", e.getMessage(), null));
        if (++failures == FAILURES_IN_A_ROW) {
          stop = "the generator failed " + failures + " calls in a row: " + e.getMessage();
          break;
        }
        continue;
      }
      failures = 0;
      usage = usage.plus(response.usage());
      double before = spent;
      spent = price.applyAsDouble(usage);
      costliest = Math.max(costliest, spent - before);
      JsonNode batch = array(response.text());
      if (batch == null) {
        dropped.add(
            new Dropped(
                "malformed",
                "the reply is not a JSON array of {prompt, answer}: " + clip(response.text()),
                null));
        continue;
      }
      for (JsonNode item : batch) {
        String problem = QualityRules.problem(item);
        if (problem != null) {
          int colon = problem.indexOf(':');
          dropped.add(
              new Dropped(problem.substring(0, colon), problem.substring(colon + 2).strip(), item));
        } else if (items.size() < spec.maxItems()) {
          items.add(
              JSON.createObjectNode()
                  .put("prompt", item.get("prompt").asText().strip())
                  .put("answer", item.get("answer").asText().strip()));
        }
      }
    }
    return new Drafts(items, dropped, calls, usage, spent, stop);
  }

  private static ChatRequest request(Spec spec, int count, Random random) {
    StringBuilder examples = new StringBuilder();
    List<JsonNode> pool = new ArrayList<>(spec.seeds());
    for (int i = 0; i < EXAMPLES_PER_CALL && !pool.isEmpty(); i++) {
      examples.append(clip(pool.remove(random.nextInt(pool.size())).toString(), 1500)).append('\n');
    }
    String text =
        PROMPT
            .replace(
                "{instructions}",
                spec.instructions() == null || spec.instructions().isBlank()
                    ? "the same kind of items as the examples"
                    : spec.instructions().strip())
            .replace("{examples}", examples.isEmpty() ? "(none given)\n" : examples.toString())
            .replace("{count}", String.valueOf(count));
    return new ChatRequest(
        "",
        List.of(new UserMessage(text)),
        List.of(),
        Math.min(16_000, 200 + count * TOKENS_PER_ITEM));
  }

  /**
   * The JSON array in a reply (it may sit in prose or a code fence), or null when there is none.
   */
  static JsonNode array(String reply) {
    int start = reply.indexOf('[');
    int end = reply.lastIndexOf(']');
    if (start < 0 || end < start) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(reply.substring(start, end + 1));
      return node.isArray() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String clip(String text) {
    return "'" + clip(text.replaceAll("\\s+", " ").strip(), 80) + "'";
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
