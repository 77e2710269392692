package dev.mlintern.core.builtin;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The model's todo list. Each call replaces the whole plan and emits {@code plan_updated}; the loop
 * keeps the latest plan pinned through compaction and re-prompts when the model stops with open
 * items.
 */
public final class PlanTool extends DescribedTool<PlanTool.Input> {
  public enum Status {
    PENDING,
    IN_PROGRESS,
    COMPLETED
  }

  public record Item(
      @Param("what to do, one short sentence") String content,
      @Param("pending, in_progress or completed") Status status) {}

  public record Input(
      @Param("the whole plan, in order; replaces the previous one") List<Item> items) {}

  public PlanTool() {
    super("plan", Input.class);
  }

  @Override
  public Set<Effect> effects(Input input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    List<AgentEvent.PlanItem> items = new ArrayList<>();
    long inProgress = 0;
    for (Item item : input.items()) {
      if (item == null || item.content() == null || item.content().isBlank()) {
        throw new ToolException(
            "every plan item needs a non-empty 'content'; resend the whole plan");
      }
      Status status = item.status() == null ? Status.PENDING : item.status();
      inProgress += status == Status.IN_PROGRESS ? 1 : 0;
      items.add(
          new AgentEvent.PlanItem(item.content().strip(), status.name().toLowerCase(Locale.ROOT)));
    }
    if (inProgress > 1) {
      throw new ToolException(
          "only one item may be in_progress at a time, "
              + inProgress
              + " were; mark the others pending or completed and resend the plan");
    }
    context.emit(new AgentEvent.PlanUpdated(List.copyOf(items)));
    return ToolResult.of(render(items));
  }

  /**
   * The plan as checkbox lines: {@code [x]} completed, {@code [>]} in progress, {@code [ ]}
   * pending.
   */
  public static String render(List<AgentEvent.PlanItem> items) {
    if (items.isEmpty()) {
      return "Plan is empty.";
    }
    StringBuilder out = new StringBuilder("Plan:\n");
    for (AgentEvent.PlanItem item : items) {
      String box =
          switch (item.status()) {
            case "completed" -> "[x]";
            case "in_progress" -> "[>]";
            default -> "[ ]";
          };
      out.append(box).append(' ').append(item.content()).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
