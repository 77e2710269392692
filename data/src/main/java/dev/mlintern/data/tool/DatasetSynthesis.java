package dev.mlintern.data.tool;

import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.NGramOverlap;
import dev.mlintern.data.posttrain.ModelSource;
import dev.mlintern.data.posttrain.SynthesisReport;
import dev.mlintern.data.posttrain.Synthesizer;
import dev.mlintern.data.posttrain.SyntheticFilter;
import dev.mlintern.data.tool.DatasetTool.Synthesize;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The dataset tool's synthesize operation: reads the seeds and the evaluation set first (so bad
 * input costs nothing), generates with the named model, and reports the generator's cost to the
 * session as this call's spend, so the session budget counts what was actually spent.
 */
final class DatasetSynthesis {
  private static final int SEED_ROWS = 200;

  private final DatasetOps ops;
  private final ModelSource models;
  private final Path scratch;

  DatasetSynthesis(DatasetOps ops, ModelSource models, Path scratch) {
    this.ops = ops;
    this.models = models;
    this.scratch = scratch;
  }

  ToolResult synthesize(Synthesize in, ToolContext ctx) {
    if (models == null) {
      throw new ToolException("this build has no model factory; synthesize is unavailable");
    }
    Path out = ctx.resolve(in.out());
    try (DataEngine engine = DataEngine.open(scratch)) {
      Synthesizer.Spec spec =
          new Synthesizer.Spec(
              in.model(),
              in.instructions(),
              in.seeds() == null
                  ? List.of()
                  : Synthesizer.rows(
                      engine, engine.load("seeds", ops.source(in.seeds(), ctx)), SEED_ROWS),
              in.maxItems() == null ? 100 : in.maxItems(),
              in.budgetUsd(),
              in.batch() == null ? 10 : in.batch(),
              in.seed() == null ? 0 : in.seed());
      SyntheticFilter.EvalSet eval =
          in.eval() == null
              ? null
              : SyntheticFilter.EvalSet.of(
                  engine.load("eval", ops.source(in.eval(), ctx)),
                  in.evalText(),
                  NGramOverlap.DEFAULT_N);
      double[] spent = {0};
      SynthesisReport report;
      try {
        report =
            new Synthesizer(
                    models.create(in.model()),
                    usage -> spent[0] = models.costUsd(in.model(), usage),
                    engine)
                .run(spec, eval, out);
      } finally {
        ctx.reportSpend(
            spent[0],
            String.format(Locale.ROOT, "data synthesize with %s: $%.4f", in.model(), spent[0]),
            true);
      }
      return ToolResult.of(report.summary(ctx.workspace().relativize(out)));
    } catch (DataException e) {
      throw new ToolException(e.getMessage());
    }
  }
}
