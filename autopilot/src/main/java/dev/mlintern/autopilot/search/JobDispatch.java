package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trials as jobs: {@code write} puts the recipe into the workspace once; each trial is {@code jobs
 * submit} (the job's working folder is the workspace, so data/train.csv resolves), then {@code jobs
 * wait} until the job ends, then {@code read} of its result file. The transcript holds all three,
 * so a resumed run picks up pending jobs.
 */
final class JobDispatch implements Dispatch {
  private static final String SCRIPT = ".autopilot/trial.py";
  private static final Pattern SUBMITTED = Pattern.compile("submitted (j-[a-z0-9]+)");
  private static final Pattern STATE = Pattern.compile("^(j-[a-z0-9]+) ([a-z_]+)");
  private static final List<String> TERMINAL =
      List.of("succeeded", "failed", "cancelled", "timed_out", "lost");
  private static final Pattern NUMBERED = Pattern.compile("(?m)^\\s*\\d+\\t");

  /** A submitted trial and what the transcript says about it so far. */
  private record Job(
      String name,
      JsonNode config,
      String id,
      String submitError,
      String lastWait,
      Transcript.Step read) {}

  private final String folder;

  /** Trials write under {@code folder} (relative to the workspace, ending in '/', or empty). */
  JobDispatch(String folder) {
    this.folder = folder;
  }

  private String script() {
    return folder + SCRIPT;
  }

  @Override
  public boolean setup(Transcript t, Calls calls) {
    boolean written =
        t.steps().stream()
            .anyMatch(
                s ->
                    s.is("write")
                        && script().equals(s.args().path("path").asText())
                        && s.content() != null
                        && !s.error());
    if (written) {
      return false;
    }
    calls.add(
        "write", Candidate.JSON.createObjectNode().put("path", script()).put("content", recipe()));
    return true;
  }

  @Override
  public boolean advance(Transcript t, Calls calls) {
    boolean any = false;
    for (Job job : jobs(t).values()) {
      if (job.id() == null || job.read() != null) {
        continue;
      }
      if (job.lastWait() == null || !terminal(job.lastWait())) {
        calls.add(
            "jobs",
            Candidate.JSON
                .createObjectNode()
                .put("operation", "wait")
                .put("id", job.id())
                .put("seconds", 600));
      } else {
        calls.add("read", Candidate.JSON.createObjectNode().put("path", resultPath(job.name())));
      }
      any = true;
    }
    return any;
  }

  @Override
  public void trial(Calls calls, String name, ObjectNode config) {
    ObjectNode c = config.deepCopy();
    c.put("trial_name", name);
    c.put("output", folder + "trials/" + name);
    ObjectNode args = Candidate.JSON.createObjectNode().put("operation", "submit");
    args.putArray("command").add("python").add(script());
    args.set("config", c);
    args.put("experiment", "autopilot").put("timeout", "30m");
    calls.add("jobs", args);
  }

  @Override
  public List<String> failedJobs(Transcript t) {
    List<String> out = new ArrayList<>();
    for (Job job : jobs(t).values()) {
      boolean ended = job.lastWait() != null && terminal(job.lastWait());
      if (job.id() != null
          && ended
          && !job.lastWait().strip().startsWith(job.id() + " succeeded")) {
        out.add(job.id());
      }
    }
    return out;
  }

  @Override
  public List<TrialRecord> records(Transcript t) {
    List<TrialRecord> out = new ArrayList<>();
    for (Job job : jobs(t).values()) {
      if (job.submitError() != null) {
        out.add(
            TrialRecord.of(job.name(), job.config(), MissingNode.getInstance(), job.submitError()));
      } else if (job.read() != null && job.read().content() != null) {
        if (job.read().error()) {
          out.add(
              TrialRecord.of(
                  job.name(),
                  job.config(),
                  MissingNode.getInstance(),
                  "the job left no result: "
                      + (job.lastWait() == null ? job.read().content() : job.lastWait())));
        } else {
          out.add(TrialRecord.of(job.name(), job.config(), parse(job.read().content()), null));
        }
      }
    }
    return out;
  }

  private Map<String, Job> jobs(Transcript t) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    Map<String, String> nameById = new LinkedHashMap<>();
    for (Transcript.Step s : t.steps()) {
      if (s.is("jobs")
          && s.args().path("operation").asText().equals("submit")
          && s.args().path("config").has("trial_name")
          && s.content() != null) {
        String name = s.args().path("config").path("trial_name").asText();
        Matcher m = SUBMITTED.matcher(s.content());
        String id = !s.error() && m.find() ? m.group(1) : null;
        jobs.put(
            name,
            new Job(
                name, s.args().path("config"), id, id == null ? s.content() : null, null, null));
        if (id != null) {
          nameById.put(id, name);
        }
      } else if (s.is("jobs")
          && s.args().path("operation").asText().equals("wait")
          && s.content() != null) {
        Optional.ofNullable(nameById.get(s.args().path("id").asText()))
            .map(jobs::get)
            .ifPresent(
                j ->
                    jobs.put(
                        j.name(),
                        new Job(j.name(), j.config(), j.id(), null, s.content(), j.read())));
      } else if (s.is("read") && s.content() != null) {
        String path = s.args().path("path").asText();
        jobs.values().stream()
            .filter(j -> resultPath(j.name()).equals(path))
            .findFirst()
            .ifPresent(
                j ->
                    jobs.put(
                        j.name(), new Job(j.name(), j.config(), j.id(), null, j.lastWait(), s)));
      }
    }
    return jobs;
  }

  private static boolean terminal(String waitText) {
    Matcher m = STATE.matcher(waitText.strip());
    return m.find() && TERMINAL.contains(m.group(2));
  }

  private String resultPath(String name) {
    return folder + "trials/" + name + "/result.json";
  }

  /** The read tool numbers lines; strip the numbers and parse the JSON. */
  private static JsonNode parse(String numbered) {
    String text = NUMBERED.matcher(numbered).replaceAll("").replaceAll("(?m)^\\(lines .*\\)$", "");
    try {
      return Candidate.JSON.readTree(text);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static String recipe() {
    try (InputStream in =
        JobDispatch.class.getResourceAsStream("/dev/mlintern/autopilot/trial.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
