package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.tool.ToolContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trials as jobs, the one way the autopilot trains anything: {@code write} puts the tabular recipe
 * (and the metrics writer it imports) into {@code .autopilot/} once; each trial is a {@code jobs
 * submit} of that recipe with its config and a timeout, then {@code jobs wait} until the job ends.
 * Every fact is read from the jobs tool's structured details (the job id a submit returns; the
 * state and result object a wait returns), never from its wording. The transcript holds it all, so
 * a resumed run picks up pending jobs.
 */
final class JobDispatch {
  static final String FOLDER = ".autopilot/";
  static final String SCRIPT = FOLDER + "tabular.py";
  private static final List<String> FILES = List.of("tabular.py", "mlintern_recipe.py");
  private static final Set<String> ENDED =
      Set.of("succeeded", "failed", "cancelled", "timed_out", "lost");

  /** A submitted trial: its config, its job id, why it could not start, its latest status. */
  private record Job(JsonNode config, String id, String submitError, JsonNode status) {
    boolean ended() {
      return status != null && ENDED.contains(status.path("state").asText());
    }
  }

  private JobDispatch() {}

  /** The tools a run needs: without them it cannot train anything. */
  static boolean offered(Transcript t) {
    return t.offers("jobs") && t.offers("write");
  }

  /**
   * Writes the recipe files not yet written under {@code folder} (the run's folder, "" or ending in
   * '/'); false when all are in place.
   */
  static boolean setup(Transcript t, Calls calls, String folder) {
    boolean any = false;
    for (String file : FILES) {
      String path = folder + FOLDER + file;
      boolean written =
          t.steps().stream()
              .anyMatch(
                  s ->
                      s.is("write")
                          && path.equals(s.args().path("path").asText())
                          && s.content() != null
                          && !s.error());
      if (!written) {
        calls.add(
            "write",
            Candidate.JSON.createObjectNode().put("path", path).put("content", recipe(file)));
        any = true;
      }
    }
    return any;
  }

  /** Waits for every job still running; false when none is. */
  static boolean advance(Transcript t, Calls calls) {
    boolean any = false;
    for (Job job : jobs(t).values()) {
      if (job.id() != null && !job.ended()) {
        calls.add(
            "jobs",
            Candidate.JSON
                .createObjectNode()
                .put("operation", "wait")
                .put("id", job.id())
                .put("seconds", 600));
        any = true;
      }
    }
    return any;
  }

  /**
   * The experiment a session's trials are recorded under: the task's name and, when the session
   * works in a project, the tail of its id read from its outputs folder ({@code
   * mlintern-runs/<session>/}), e.g. {@code credit-4kq7zt}, so each session's runs form one
   * experiment a person recognises (and can rename in the web UI).
   */
  static String experiment(TaskBrief brief) {
    String name = brief.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    String runs = ToolContext.RUNS + "/";
    if (!brief.outputs().startsWith(runs)) {
      return name;
    }
    String session = brief.outputs().substring(runs.length()).replace("/", "");
    return name + "-" + session.substring(Math.max(0, session.length() - 6));
  }

  /** Submits one trial: the recipe with this config, stopped after {@code timeoutSeconds}. */
  static void submit(Calls calls, ObjectNode config, long timeoutSeconds, TaskBrief brief) {
    ObjectNode args = Candidate.JSON.createObjectNode().put("operation", "submit");
    args.putArray("command").add("python").add(brief.outputs() + SCRIPT);
    args.set("config", config);
    args.put("experiment", experiment(brief)).put("timeout", Math.max(1, timeoutSeconds) + "s");
    calls.add("jobs", args);
  }

  /** Job ids of finished trials that failed, for the {@code diagnose} tool. */
  static List<String> failedJobs(Transcript t) {
    List<String> out = new ArrayList<>();
    for (Job job : jobs(t).values()) {
      if (job.ended() && !job.status().path("state").asText().equals("succeeded")) {
        out.add(job.id());
      }
    }
    return out;
  }

  /** Every finished trial, in the order they were started. */
  static List<TrialRecord> records(Transcript t) {
    List<TrialRecord> out = new ArrayList<>();
    for (Job job : jobs(t).values()) {
      if (job.submitError() != null) {
        out.add(
            TrialRecord.of(job.config(), MissingNode.getInstance(), job.submitError(), null, 0));
      } else if (job.ended()) {
        JsonNode result = job.status().path("result");
        String state = job.status().path("state").asText();
        out.add(
            TrialRecord.of(
                job.config(),
                result,
                result.isObject() ? null : "job " + job.id() + " " + state + " without a result",
                job.status().path("output_dir").asText(null),
                job.status().path("seconds").asDouble(0)));
      }
    }
    return out;
  }

  /** Trials submitted and not yet ended. */
  static int running(Transcript t) {
    return (int) jobs(t).values().stream().filter(j -> j.id() != null && !j.ended()).count();
  }

  private static Map<String, Job> jobs(Transcript t) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    Map<String, String> trialById = new LinkedHashMap<>();
    for (Transcript.Step s : t.steps()) {
      if (!s.is("jobs") || s.content() == null) {
        continue;
      }
      String operation = s.args().path("operation").asText();
      if (operation.equals("submit") && s.args().path("config").has("autopilot")) {
        JsonNode config = s.args().path("config");
        String trial = config.path("autopilot").path("trial").asText();
        String id = s.error() ? null : s.details().path("id").asText(null);
        jobs.put(trial, new Job(config, id, id == null ? s.content() : null, null));
        if (id != null) {
          trialById.put(id, trial);
        }
      } else if (operation.equals("wait") && !s.error()) {
        String trial = trialById.get(s.args().path("id").asText());
        if (trial != null) {
          Job j = jobs.get(trial);
          jobs.put(trial, new Job(j.config(), j.id(), null, s.details()));
        }
      }
    }
    return jobs;
  }

  private static String recipe(String file) {
    try (InputStream in =
        JobDispatch.class.getResourceAsStream("/dev/mlintern/autopilot/recipes/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the autopilot jar lacks recipes/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
