package dev.mlintern.compute.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fake HF Jobs server (written here, for tests): answers the REST API with the shared {@code
 * hf_jobs_*} fixtures as templates and really runs each job's command on this machine, so the
 * executor contract test sees real state changes, logs, failures, timeouts and cancellations.
 */
public final class FakeHfJobs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FixtureServer server = new FixtureServer();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Path workDir;

  /** One job the fake runs: its process, its output file and how it ended. */
  static final class Job {
    final String id;
    final Process process;
    final Path log;
    final long timeoutSeconds;
    final String flavor;
    final java.time.Instant startedAt = java.time.Instant.now();
    volatile java.time.Instant finishedAt;
    volatile String stage = "RUNNING";
    volatile String message;

    Job(String id, Process process, Path log, long timeoutSeconds, String flavor) {
      this.flavor = flavor;
      this.id = id;
      this.process = process;
      this.log = log;
      this.timeoutSeconds = timeoutSeconds;
    }
  }

  public FakeHfJobs(Path workDir) throws IOException {
    this.workDir = workDir;
    JsonNode template = JSON.readTree(Shared.fixture("hf_jobs_inspect_running.json").toFile());
    server.route("GET", "/api/jobs/hardware", Response.fixture(200, "hf_jobs_hardware.json"));
    server.route("POST", "/api/jobs/ns", r -> create(template, r.body()));
    server.route(
        "GET",
        "/api/jobs/ns/",
        r -> {
          String[] parts = r.path().split("/");
          Job job = jobs.get(parts[4]);
          if (job == null) {
            return Response.fixture(404, "hf_jobs_error_404.json");
          }
          if (parts.length > 5 && parts[5].equals("logs")) {
            return Response.text(200, "text/event-stream", sse(job));
          }
          return Response.json(200, info(template, job).toString());
        });
    server.route(
        "POST",
        "/api/jobs/ns/",
        r -> {
          Job job = jobs.get(r.path().split("/")[4]);
          if (job == null) {
            return Response.fixture(404, "hf_jobs_error_404.json");
          }
          if (job.process.isAlive()) {
            job.stage = "CANCELED";
            kill(job);
          }
          return Response.json(200, info(template, job).toString());
        });
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  FixtureServer server() {
    return server;
  }

  boolean running(String id) {
    Job job = jobs.get(id);
    return job != null
        && (job.process.isAlive() || job.process.descendants().anyMatch(ProcessHandle::isAlive));
  }

  private Response create(JsonNode template, String body) {
    try {
      JsonNode request = JSON.readTree(body);
      String id = Long.toHexString(System.nanoTime()) + Integer.toHexString(jobs.size());
      Path log = workDir.resolve(id + ".log");
      List<String> command =
          JSON.convertValue(
              request.get("command"),
              JSON.getTypeFactory().constructCollectionType(List.class, String.class));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      request
          .path("environment")
          .fields()
          .forEachRemaining(e -> builder.environment().put(e.getKey(), e.getValue().asText()));
      request
          .path("secrets")
          .fields()
          .forEachRemaining(e -> builder.environment().put(e.getKey(), e.getValue().asText()));
      Job job =
          new Job(
              id,
              builder.start(),
              log,
              request.path("timeoutSeconds").asLong(1800),
              request.path("flavor").asText("cpu-basic"));
      jobs.put(id, job);
      Thread watcher = new Thread(() -> watch(job));
      watcher.setDaemon(true);
      watcher.start();
      ObjectNode info = info(template, job);
      ((ObjectNode) info.get("status")).put("stage", "SCHEDULING");
      return Response.json(200, info.toString());
    } catch (IOException e) {
      return Response.json(500, "{\"error\": \"" + e.getMessage() + "\"}");
    }
  }

  private void watch(Job job) {
    try {
      if (!job.process.waitFor(job.timeoutSeconds, TimeUnit.SECONDS)) {
        job.stage = "ERROR";
        job.message = "Job timeout";
        kill(job);
        return;
      }
      if (job.finishedAt == null) {
        job.finishedAt = java.time.Instant.now();
      }
      if (!"CANCELED".equals(job.stage)) {
        job.stage = job.process.exitValue() == 0 ? "COMPLETED" : "ERROR";
        job.message = job.process.exitValue() == 0 ? null : "exit code " + job.process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Kills the job's shell first (so it cannot run on after its children die), then everything it
   * started.
   */
  private static void kill(Job job) {
    if (job.finishedAt == null) {
      job.finishedAt = java.time.Instant.now();
    }
    List<ProcessHandle> children = job.process.descendants().toList();
    job.process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static ObjectNode info(JsonNode template, Job job) {
    ObjectNode info = template.deepCopy();
    info.put("id", job.id);
    info.put("flavor", job.flavor);
    info.put("startedAt", job.startedAt.toString());
    if (job.finishedAt != null && !"RUNNING".equals(job.stage)) {
      info.put("finishedAt", job.finishedAt.toString());
    }
    ObjectNode status = (ObjectNode) info.get("status");
    status.put("stage", job.stage);
    if (job.message == null) {
      status.putNull("message");
    } else {
      status.put("message", job.message);
    }
    return info;
  }

  private static String sse(Job job) {
    StringBuilder out =
        new StringBuilder(
            "data: {\"data\":\"===== Job started at 2026-01-01 =====\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n\n");
    try {
      for (String line : Files.readAllLines(job.log)) {
        ObjectNode event =
            JSON.createObjectNode().put("data", line).put("timestamp", "2026-01-01T00:00:01Z");
        out.append("data: ").append(event).append("\n\n");
      }
    } catch (IOException e) {
      // no output yet
    }
    return out.append(": keep-alive\n\n").toString();
  }

  @Override
  public void close() {
    jobs.values().forEach(FakeHfJobs::kill);
    server.close();
  }
}
