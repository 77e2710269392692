package dev.mlintern.web;

import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in training job (written here): costs money so the policy asks first, and reports what a
 * real job's log reader would — submitted, log lines, a loss curve and a validation accuracy, then
 * succeeded.
 */
final class TrainTool implements Tool<TrainTool.Input> {
  record Input(
      @Param("script to run") String script,
      @Param("learning rate") double lr,
      @Param("steps") int steps) {}

  final List<Input> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger jobs = new AtomicInteger();

  @Override
  public String name() {
    return "train_job";
  }

  @Override
  public String description() {
    return "Runs a training job (stand-in).";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Effect> effects(Input input) {
    return Set.of(Effect.SPEND);
  }

  @Override
  public OptionalDouble estimateUsd(Input input) {
    return OptionalDouble.of(0.10);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    calls.add(input);
    String job = String.format(Locale.ROOT, "j-aaaaaaaaaa%02d", jobs.incrementAndGet());
    String command = "python " + input.script() + " --lr " + input.lr();
    context.emit(
        new AgentEvent.JobSubmitted(
            job, "local", "4242", command, Map.of("session", context.sessionId())));
    context.emit(new AgentEvent.JobStatus(job, "running", null, null));
    List<String> lines = new ArrayList<>();
    double loss = 2.3;
    for (int step = 1; step <= input.steps(); step++) {
      loss = loss * (1 - input.lr());
      lines.add(String.format(Locale.ROOT, "step %d loss %.4f", step, loss));
      context.emit(
          new AgentEvent.Metric(job, "loss", DoubleNode.valueOf(loss), (long) step, "train"));
    }
    double accuracy = 0.9 + input.lr() / 2;
    context.emit(
        new AgentEvent.Metric(
            job, "accuracy", DoubleNode.valueOf(accuracy), (long) input.steps(), "val"));
    context.emit(new AgentEvent.JobLog(job, lines));
    context.emit(new AgentEvent.JobStatus(job, "succeeded", 0, null));
    return ToolResult.of(
        String.format(Locale.ROOT, "job %s succeeded: val accuracy %.3f", job, accuracy));
  }
}
