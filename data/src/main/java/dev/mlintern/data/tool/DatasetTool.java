package dev.mlintern.data.tool;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.DataException;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.posttrain.ModelSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@code dataset} tool: inspect, profile and audit local or Hub datasets, prepare them for a
 * trainer, generate synthetic items with a model, check an evaluation set for contamination, and
 * push prepared data to the Hub. Results are short summaries; full reports go to {@code reports/}
 * in the workspace. Pushing publishes, so its effect is {@link Effect#PUBLISH} and the policy asks
 * first.
 */
public final class DatasetTool extends DescribedTool<DatasetTool.Input> {
  /** One record per operation. */
  public sealed interface Input
      permits Inspect,
          Profile,
          Audit,
          Transform,
          ContaminationCheck,
          Push,
          Template,
          Difficulty,
          Synthesize {}

  public record Inspect(
      @Param("a workspace file or folder, or hf:owner/name[:config[:split]]") String source,
      @Param(value = "rows to show (default 5, at most 20)", optional = true) Integer rows)
      implements Input {}

  public record Profile(
      @Param("a workspace file or folder, or hf:owner/name[:config[:split]]") String source,
      @Param(value = "target column, for label balance", optional = true) String target)
      implements Input {}

  public record Audit(
      @Param("training data: workspace file or hf:id") String train,
      @Param(value = "held-out data to check for overlap", optional = true) String test,
      @Param(value = "the column to predict", optional = true) String target,
      @Param(value = "the id column (never flagged as leakage)", optional = true) String id,
      @Param(value = "the text column (found automatically when absent)", optional = true)
          String text,
      @Param(value = "evaluation set to check for contamination", optional = true) String eval,
      @Param(value = "the evaluation set's text column", optional = true) String evalText,
      @Param(value = "classification, regression or text-classification", optional = true)
          String type)
      implements Input {}

  /** A dataset and its weight in a mix. */
  public record MixPart(
      @Param("workspace file or hf:id") String source, @Param("relative weight") double weight) {}

  public record Transform(
      @Param("input: workspace file or hf:id") String source,
      @Param("output file in the workspace (.parquet, .jsonl or .csv)") String out,
      @Param(
              value =
                  "other datasets to mix with the source (the source gets weight 1 unless listed)",
              optional = true)
          List<MixPart> mix,
      @Param(value = "columns to keep", optional = true) List<String> select,
      @Param(value = "old name -> new name", optional = true) Map<String, String> rename,
      @Param(
              value = "SQL row predicate, e.g. \"label\" <> 'spam' AND length(\"text\") > 20",
              optional = true)
          String filter,
      @Param(value = "drop exact duplicate rows", optional = true) Boolean dedup,
      @Param(value = "keep this many rows, chosen by seed", optional = true) Integer sample,
      @Param(value = "seed for sample, mix and split (default 0)", optional = true) Integer seed,
      @Param(value = "hold out this fraction as a test file (<out>.test.<ext>)", optional = true)
          Double testFraction,
      @Param(value = "column to stratify the split by", optional = true) String stratify,
      @Param(value = "sft, prompt-completion, dpo, grpo or classification", optional = true)
          String convertTo,
      @Param(value = "role -> column for convertTo, e.g. prompt -> question", optional = true)
          Map<String, String> mapping)
      implements Input {}

  public record ContaminationCheck(
      @Param("training data: workspace file or hf:id") String train,
      @Param("evaluation data: workspace file or hf:id") String eval,
      @Param(value = "training text column (found automatically when absent)", optional = true)
          String text,
      @Param(value = "evaluation text column (default: same as text)", optional = true)
          String evalText,
      @Param(value = "n-gram length (default 13)", optional = true) Integer n)
      implements Input {}

  public record Template(
      @Param("multiple-choice or QA rows: workspace file or hf:id") String source,
      @Param("output file in the workspace (.jsonl or .parquet)") String out,
      @Param("column layout: gpqa, mmlu, arc, sciq or qa") String layout,
      @Param(
              value =
                  "role -> column where the layout's names differ (roles: question, answer,"
                      + " wrong, choices, label, id; wrong is comma-separated)",
              optional = true)
          Map<String, String> mapping,
      @Param(value = "seed for shuffling the options (default 0)", optional = true) Integer seed)
      implements Input {}

  public record Difficulty(
      @Param("the rows that were evaluated: workspace file or hf:id") String source,
      @Param("evaluate's predictions.jsonl files (several runs are averaged)")
          List<String> predictions,
      @Param("output file in the workspace (.jsonl or .parquet)") String out,
      @Param(value = "model tag in the predictions (default baseline)", optional = true)
          String model,
      @Param(value = "lowest pass rate kept (default 0)", optional = true) Double min,
      @Param(value = "highest pass rate kept (default 1)", optional = true) Double max)
      implements Input {}

  public record Synthesize(
      @Param("output file in the workspace (.jsonl)") String out,
      @Param("generator model spec, e.g. openai:gpt-5-mini or anthropic:claude-haiku-4-5")
          String model,
      @Param(value = "what the items are about: domain, style, difficulty", optional = true)
          String instructions,
      @Param(value = "example rows to imitate: workspace file or hf:id", optional = true)
          String seeds,
      @Param(value = "evaluation set the items must not overlap", optional = true) String eval,
      @Param(
              value = "the evaluation set's text column (default prompt, question or text)",
              optional = true)
          String evalText,
      @Param(value = "stop at this many usable items (default 100)", optional = true)
          Integer maxItems,
      @Param(value = "stop before spending more than this many USD (default 1)", optional = true)
          Double maxUsd,
      @Param(value = "items asked for per call (default 10)", optional = true) Integer batch,
      @Param(value = "seed for picking example rows (default 0)", optional = true) Integer seed)
      implements Input {
    /** The budget: {@code maxUsd}, 1 USD when not given. */
    public double budgetUsd() {
      return maxUsd == null ? 1.0 : maxUsd;
    }
  }

  public record Push(
      @Param("Hub dataset repo id, owner/name") String repo,
      @Param("workspace files to upload (each under 10 MB)") List<String> files,
      @Param(value = "make the repo private (default true)", optional = true) Boolean isPrivate,
      @Param(
              value = "workspace path of an audit report JSON to summarize in the card",
              optional = true)
          String auditReport,
      @Param(value = "one paragraph on what the data is and how it was made", optional = true)
          String description,
      @Param(value = "license id for the card, e.g. mit or cc-by-4.0", optional = true)
          String license)
      implements Input {}

  private final DatasetOps ops;
  private final DatasetPush push;
  private final DatasetSynthesis synthesis;

  /** {@code models} makes the generator of the synthesize operation from its model spec. */
  public DatasetTool(
      HubClient hub, DatasetViewerClient viewer, Path cacheRoot, Path scratch, ModelSource models) {
    super("dataset", Input.class);
    this.ops = new DatasetOps(viewer, new HubCache(hub, cacheRoot), scratch);
    this.push = new DatasetPush(hub);
    this.synthesis = new DatasetSynthesis(ops, models, scratch);
  }

  public static DatasetTool fromSettings(Settings settings, ModelSource models) {
    Path home =
        settings.home() == null
            ? Path.of(System.getProperty("user.home"), ".mlintern")
            : settings.home();
    return new DatasetTool(
        HubClient.fromSettings(settings),
        DatasetViewerClient.fromSettings(settings),
        home.resolve("cache").resolve("hub"),
        Path.of(System.getProperty("java.io.tmpdir")),
        models);
  }

  @Override
  public Set<Effect> effects(Input input) {
    if (input instanceof Inspect) {
      return Set.of(Effect.READ);
    }
    if (input instanceof Synthesize) {
      return Set.of(Effect.READ, Effect.WRITE, Effect.NETWORK, Effect.SPEND);
    }
    return input instanceof Push ? Set.of(Effect.PUBLISH) : Set.of(Effect.READ, Effect.WRITE);
  }

  @Override
  public OptionalDouble estimateUsd(Input input) {
    return input instanceof Synthesize s
        ? OptionalDouble.of(s.budgetUsd())
        : OptionalDouble.empty();
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    try {
      if (input instanceof Inspect i) {
        return ops.inspect(i, context);
      } else if (input instanceof Profile p) {
        return ops.profile(p, context);
      } else if (input instanceof Audit a) {
        return ops.audit(a, context);
      } else if (input instanceof Transform t) {
        return ops.transform(t, context);
      } else if (input instanceof ContaminationCheck c) {
        return ops.contamination(c, context);
      } else if (input instanceof Template t) {
        return ops.template(t, context);
      } else if (input instanceof Difficulty d) {
        return ops.difficulty(d, context);
      } else if (input instanceof Synthesize s) {
        return synthesis.synthesize(s, context);
      }
      return push.push((Push) input, context);
    } catch (DataException e) {
      throw new ToolException(e.getMessage());
    }
  }
}
