package dev.mlintern.compute.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobExecutor;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.LogChunk;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.Resources;
import dev.mlintern.compute.recipes.Preflight;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedText;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@code jobs} tool: submit a job (returns at once), check its status and metrics, read its log
 * in capped slices, wait a bounded time, cancel it, list jobs and hardware flavors. Jobs belong to
 * the calling session. A paid job remembers the call that submitted it; whenever a status, wait,
 * cancel or list call learns what it has actually cost, that cost is reported against the
 * submitting call ({@link ToolContext#reportSpend}), final once it ended.
 */
public final class JobsTool extends DescribedTool<JobsInput> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_WAIT_SECONDS = 600;
  private final JobService jobs;
  private final String defaultExecutor;
  private final Duration pollEvery;

  public JobsTool(JobService jobs, String defaultExecutor, Duration pollEvery) {
    super("jobs", JobsInput.class);
    this.jobs = jobs;
    this.defaultExecutor = defaultExecutor;
    this.pollEvery = pollEvery;
  }

  /**
   * A submit runs code the model chose (EXECUTE_UNLISTED, whatever the script); it also reaches the
   * network when it asks to or runs off this machine, publishes when it is given {@code HF_TOKEN}
   * or its config asks to push to the Hub, and spends on a paid executor. Cancel changes only the
   * session's own job.
   */
  @Override
  public Set<Effect> effects(JobsInput input) {
    if (input instanceof JobsInput.Submit submit) {
      Set<Effect> effects = EnumSet.of(Effect.EXECUTE_UNLISTED);
      String executor = submit.executor() == null ? defaultExecutor : submit.executor();
      if (Boolean.TRUE.equals(submit.network()) || !executor.equals("local")) {
        effects.add(Effect.NETWORK);
      }
      if ((submit.secrets() != null && submit.secrets().contains("HF_TOKEN"))
          || (submit.config() != null && submit.config().path("push_to_hub").asBoolean(false))) {
        effects.add(Effect.PUBLISH);
      }
      try {
        if (executorOf(executor).spendsMoney(spec(submit))) {
          effects.add(Effect.SPEND);
        }
      } catch (ToolException e) {
        // the call itself will report the mistake
      }
      return effects;
    }
    if (input instanceof JobsInput.Cancel) {
      return Set.of(Effect.WRITE);
    }
    return Set.of(Effect.READ);
  }

  @Override
  public OptionalDouble estimateUsd(JobsInput input) {
    if (input instanceof JobsInput.Submit submit) {
      try {
        double usd = executorOf(submit.executor()).estimateUsd(spec(submit));
        return usd > 0 ? OptionalDouble.of(usd) : OptionalDouble.empty();
      } catch (ToolException | JobException e) {
        return OptionalDouble.empty(); // the call itself will report the mistake
      }
    }
    return OptionalDouble.empty();
  }

  /** A remote job's approval says where its outputs will be kept. */
  @Override
  public String approvalNote(JobsInput input) {
    if (!(input instanceof JobsInput.Submit submit)) {
      return "";
    }
    try {
      String outputs = executorOf(submit.executor()).outputsLocation("<job id>");
      return outputs == null ? "" : "its $MLINTERN_OUTPUT will be kept in " + outputs;
    } catch (ToolException | JobException e) {
      return ""; // the call itself will report the mistake
    }
  }

  @Override
  public ToolResult call(JobsInput input, ToolContext context) {
    try {
      String id = jobId(input);
      if (id != null) {
        jobs.jobOf(context.sessionId(), id);
      }
      if (input instanceof JobsInput.Submit s) {
        return submit(s, context);
      } else if (input instanceof JobsInput.Status s) {
        return JobText.status(spent(jobs.refresh(s.id(), context::emit), context));
      } else if (input instanceof JobsInput.Logs l) {
        return logs(l);
      } else if (input instanceof JobsInput.Wait w) {
        return await(w, context);
      } else if (input instanceof JobsInput.Cancel c) {
        return JobText.status(spent(jobs.cancel(c.id(), context::emit), context));
      } else if (input instanceof JobsInput.List l) {
        return JobText.list(list(l.limit() == null ? 20 : l.limit(), context));
      }
      JobsInput.Flavors f = (JobsInput.Flavors) input;
      return JobText.flavors(executorOf(f.executor() == null ? "hf-jobs" : f.executor()).flavors());
    } catch (JobException e) {
      throw new ToolException(
          switch (e.kind()) {
            case NOT_FOUND -> e.getMessage() + "; use operation list to see this session's job ids";
            case INVALID -> e.getMessage();
            default -> e.getMessage() + "; try again later or use another executor";
          },
          e);
    }
  }

  /** The job an operation names, null for submit, list and flavors. */
  private static String jobId(JobsInput input) {
    if (input instanceof JobsInput.Status s) {
      return s.id();
    } else if (input instanceof JobsInput.Logs l) {
      return l.id();
    } else if (input instanceof JobsInput.Wait w) {
      return w.id();
    } else if (input instanceof JobsInput.Cancel c) {
      return c.id();
    }
    return null;
  }

  private ToolResult submit(JobsInput.Submit s, ToolContext context) {
    JobSpec spec = spec(s);
    if (spec.workDir() == null) {
      spec = spec.withWorkDir(context.workspace().toString());
    }
    String executor = s.executor() == null ? defaultExecutor : s.executor();
    if (executorOf(executor).spendsMoney(spec)) {
      Map<String, String> labels = new LinkedHashMap<>(spec.labels());
      labels.put(JobRecord.CALL_LABEL, context.callId());
      spec = spec.withLabels(labels);
    }
    JobRecord job =
        jobs.submit(
            spec, executor, context.sessionId(), Boolean.TRUE.equals(s.detach()), context::emit);
    ObjectNode details =
        JSON.createObjectNode()
            .put("id", job.id())
            .put("executor", executor)
            .put("native_id", job.nativeId());
    return ToolResult.of(
        "submitted "
            + job.id()
            + " on "
            + executor
            + (job.estimatedUsd() > 0
                ? String.format(
                    java.util.Locale.ROOT, " (estimated up to $%.2f)", job.estimatedUsd())
                : "")
            + (job.outputsLocation() != null
                ? "; its $MLINTERN_OUTPUT will be kept in " + job.outputsLocation()
                : "")
            + "; it runs in the background — check it with operation status or wait",
        details);
  }

  private ToolResult logs(JobsInput.Logs l) {
    LogQuery query =
        l.since() != null
            ? new LogQuery(null, l.since(), l.grep(), LogQuery.DEFAULT_MAX_CHARS)
            : new LogQuery(
                l.tail() == null ? 50 : Math.min(l.tail(), 500),
                null,
                l.grep(),
                LogQuery.DEFAULT_MAX_CHARS);
    LogChunk chunk = jobs.logs(l.id(), query);
    String head =
        chunk.lines().isEmpty()
            ? "(no log lines" + (l.grep() == null ? "" : " match") + ")"
            : chunk.text();
    JobRecord job = jobs.job(l.id());
    return new ToolResult(
        (job.untrusted() ? UntrustedText.wrap(JobText.source(job), head) : head)
            + "\n[next_offset="
            + chunk.nextOffset()
            + (chunk.truncated() ? ", truncated" : "")
            + "]",
        JSON.createObjectNode()
            .put("next_offset", chunk.nextOffset())
            .put("truncated", chunk.truncated()),
        job.untrusted());
  }

  private ToolResult await(JobsInput.Wait w, ToolContext context) {
    int seconds = Math.max(1, Math.min(w.seconds() == null ? 60 : w.seconds(), MAX_WAIT_SECONDS));
    try {
      return JobText.status(
          spent(
              jobs.await(w.id(), Duration.ofSeconds(seconds), pollEvery, context::emit), context));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException(
          "waiting for " + w.id() + " was interrupted; check it with operation status");
    }
  }

  /**
   * Lists the session's jobs, refreshing its unfinished paid ones first so their cost so far is
   * reported.
   */
  private List<JobRecord> list(int limit, ToolContext context) {
    for (JobRecord job : jobs.list(context.sessionId(), limit)) {
      if (!job.recorded() && job.submittingCall() != null) {
        try {
          spent(jobs.refresh(job.id(), context::emit), context);
        } catch (JobException e) {
          // the backend is unreachable now: list what the ledger knows, the next call reports the
          // cost
        }
      }
    }
    return jobs.list(context.sessionId(), limit);
  }

  /** Reports a paid job's actual cost so far against the call of this session that submitted it. */
  private static JobView spent(JobView view, ToolContext context) {
    JobRecord job = view.job();
    if (job.submittingCall() != null
        && job.costUsd() != null
        && job.sessionId() != null
        && job.sessionId().equals(context.sessionId())) {
      boolean done = job.state().terminal();
      context.reportSpend(
          job.submittingCall(),
          job.costUsd(),
          String.format(
              java.util.Locale.ROOT,
              "%s %s %s: $%.4f%s (estimated up to $%.2f)",
              job.executor(),
              job.id(),
              job.state().label(),
              job.costUsd(),
              done ? "" : " so far",
              job.estimatedUsd()),
          done);
    }
    return view;
  }

  private JobExecutor executorOf(String name) {
    try {
      return jobs.executor(name == null ? defaultExecutor : name);
    } catch (JobException e) {
      throw new ToolException(e.getMessage());
    }
  }

  static JobSpec spec(JobsInput.Submit s) {
    if (s.command() == null || s.command().isEmpty()) {
      throw new ToolException(
          "command is empty; pass the program and its arguments, e.g. [\"python\", \"train.py\"]");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (s.experiment() != null) {
      labels.put("experiment", s.experiment());
    }
    if (s.parent() != null) {
      labels.put("parent_run", s.parent());
    }
    try {
      Resources resources =
          new Resources(
              s.cpus() == null ? 1 : s.cpus(),
              s.memory() == null ? 0 : s.memory(),
              s.gpus() == null ? 0 : s.gpus(),
              s.flavor());
      Map<String, String> env = new LinkedHashMap<>(s.env() == null ? Map.of() : s.env());
      if (s.columns() != null && !s.columns().isEmpty()) {
        env.put(Preflight.COLUMNS_ENV, String.join(",", s.columns()));
      }
      return new JobSpec(
          s.command(),
          env,
          s.secrets() == null ? List.of() : s.secrets(),
          resources,
          JobSpec.timeout(s.timeout()),
          s.config(),
          null,
          s.image(),
          labels,
          Boolean.TRUE.equals(s.network()),
          s.dependencies(),
          s.files());
    } catch (JobException e) {
      throw new ToolException(e.getMessage());
    }
  }
}
