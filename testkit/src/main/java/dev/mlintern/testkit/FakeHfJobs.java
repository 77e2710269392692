package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.testkit.FixtureServer.Request;
import dev.mlintern.testkit.FixtureServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fake Hugging Face Jobs service that runs what it is given, like the real one: the create-job
 * request's command starts in an empty folder of its own, with only the request's {@code
 * environment} and {@code secrets} (plus the {@code PATH}, {@code HOME} and {@code LANG} an image
 * has), where {@code python}/{@code python3} are the interpreter given and {@code uv}/{@code pip}
 * are stand-ins that install nothing; its output is served as the real logs SSE stream, its stage
 * as the real job info (the shared {@code hf_jobs_*} fixtures as templates), with timeouts and
 * cancellation. The same server holds the Hub's whoami and repo endpoints ({@link FakeHubRepos}),
 * so a job's bundle and outputs are really committed and fetched. Every call needs the token.
 */
public final class FakeHfJobs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FixtureServer server = new FixtureServer();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Path root;
  private final Path standins;
  private final String namespace;
  private final String token;
  private final FakeHubRepos hub;
  private final JsonNode template;

  /** One job the fake runs: its request, folder, process, log and how it ended. */
  private static final class Job {
    final String id;
    final JsonNode request;
    final Path folder;
    final Path log;
    final Process process;
    final Instant startedAt = Instant.now();
    volatile Instant finishedAt;
    volatile String stage = "RUNNING";
    volatile String message;

    Job(String id, JsonNode request, Path folder, Path log, Process process) {
      this.id = id;
      this.request = request;
      this.folder = folder;
      this.log = log;
      this.process = process;
    }
  }

  /**
   * Jobs run under {@code root} (one empty folder each) for namespace {@code namespace}, with
   * {@code python} as the image's interpreter; {@code token} is the only one accepted.
   */
  public FakeHfJobs(Path root, String namespace, String token, Path python) {
    this.root = root;
    this.namespace = namespace;
    this.token = token;
    try {
      this.template = JSON.readTree(Shared.fixture("hf_jobs_inspect_running.json").toFile());
      this.standins = standins(root.resolve("image-bin"), python);
      Files.createDirectories(root.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.hub = new FakeHubRepos(server, namespace, token);
    String jobs = "/api/jobs/" + namespace;
    server.route("GET", "/api/whoami-v2", this::whoami);
    server.route("GET", "/api/jobs/hardware", r -> Response.fixture(200, "hf_jobs_hardware.json"));
    server.route("POST", jobs, this::create);
    server.route("GET", jobs, this::list);
    server.route("GET", jobs + "/", this::inspect);
    server.route("POST", jobs + "/", this::cancel);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /** Every request received, for assertions on what was sent. */
  public FixtureServer server() {
    return server;
  }

  public FakeHubRepos hub() {
    return hub;
  }

  /** The create-job request of job {@code id} as it was received. */
  public JsonNode request(String id) {
    return require(id).request;
  }

  /** The folder job {@code id} ran in. */
  public Path folder(String id) {
    return require(id).folder;
  }

  /** Whether job {@code id} or anything it started still runs. */
  public boolean running(String id) {
    Job job = jobs.get(id);
    return job != null
        && (job.process.isAlive() || job.process.descendants().anyMatch(ProcessHandle::isAlive));
  }

  private Job require(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw new IllegalArgumentException("no job " + id + " was created");
    }
    return job;
  }

  private boolean refused(Request r) {
    return !("Bearer " + token).equals(r.header("Authorization"));
  }

  private Response whoami(Request r) {
    if (refused(r)) {
      return Response.fixture(401, "hf_error_401_whoami.json");
    }
    try {
      ObjectNode me = (ObjectNode) JSON.readTree(Shared.fixture("hf_whoami.json").toFile());
      return Response.json(200, me.put("name", namespace).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Response create(Request r) {
    if (refused(r)) {
      return Response.fixture(401, "hf_error_401_whoami.json");
    }
    try {
      JsonNode request = JSON.readTree(r.body());
      String id = Long.toHexString(System.nanoTime()) + Integer.toHexString(jobs.size());
      Path folder = Files.createDirectories(root.resolve("jobs").resolve(id));
      Path log = root.resolve("logs").resolve(id + ".log");
      List<String> command = new ArrayList<>();
      request.path("command").forEach(c -> command.add(c.asText()));
      request.path("arguments").forEach(c -> command.add(c.asText()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", standins + ":/usr/bin:/bin");
      env.put("HOME", folder.toString());
      env.put("LANG", "C.UTF-8");
      request.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), text(e)));
      request.path("secrets").fields().forEachRemaining(e -> env.put(e.getKey(), text(e)));
      if (!command.isEmpty()) {
        command.set(0, onPath(command.get(0), env.get("PATH")));
        builder.command(command);
      }
      Job job = new Job(id, request, folder, log, builder.start());
      jobs.put(id, job);
      Thread watcher = new Thread(() -> watch(job, request.path("timeoutSeconds").asLong(1800)));
      watcher.setDaemon(true);
      watcher.start();
      ObjectNode info = info(job);
      ((ObjectNode) info.get("status")).put("stage", "SCHEDULING");
      return Response.json(200, info.toString());
    } catch (IOException e) {
      return Response.json(400, JSON.createObjectNode().put("error", e.getMessage()).toString());
    }
  }

  /** The program as the container's {@code PATH} finds it (the JVM would look it up on its own). */
  private static String onPath(String program, String path) {
    if (program.contains("/")) {
      return program;
    }
    for (String folder : path.split(":")) {
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return program;
  }

  private static String text(Map.Entry<String, JsonNode> e) {
    return e.getValue().asText();
  }

  private Response list(Request r) {
    if (refused(r)) {
      return Response.fixture(401, "hf_error_401_whoami.json");
    }
    ArrayNode all = JSON.createArrayNode();
    jobs.values().forEach(job -> all.add(info(job)));
    return Response.json(200, all.toString());
  }

  private Response inspect(Request r) {
    if (refused(r)) {
      return Response.fixture(401, "hf_error_401_whoami.json");
    }
    String[] parts = r.path().split("/");
    Job job = jobs.get(parts[4]);
    if (job == null) {
      return Response.fixture(404, "hf_jobs_error_404.json");
    }
    if (parts.length > 5 && parts[5].equals("logs")) {
      return Response.text(200, "text/event-stream", sse(job));
    }
    return Response.json(200, info(job).toString());
  }

  private Response cancel(Request r) {
    if (refused(r)) {
      return Response.fixture(401, "hf_error_401_whoami.json");
    }
    Job job = jobs.get(r.path().split("/")[4]);
    if (job == null) {
      return Response.fixture(404, "hf_jobs_error_404.json");
    }
    if (job.process.isAlive()) {
      job.stage = "CANCELED";
      kill(job);
    }
    return Response.json(200, info(job).toString());
  }

  private void watch(Job job, long timeoutSeconds) {
    try {
      if (!job.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        job.stage = "ERROR";
        job.message = "Job timeout";
        kill(job);
        return;
      }
      if (job.finishedAt == null) {
        job.finishedAt = Instant.now();
      }
      if (!"CANCELED".equals(job.stage)) {
        int code = job.process.exitValue();
        job.message = code == 0 ? null : "Job failed with exit code: " + code;
        job.stage = code == 0 ? "COMPLETED" : "ERROR";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the job's process first (so it cannot start more), then everything it started. */
  private static void kill(Job job) {
    if (job.finishedAt == null) {
      job.finishedAt = Instant.now();
    }
    List<ProcessHandle> children = job.process.descendants().toList();
    job.process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private ObjectNode info(Job job) {
    ObjectNode info = template.deepCopy();
    info.put("id", job.id);
    info.put("flavor", job.request.path("flavor").asText("cpu-basic"));
    info.set("command", job.request.path("command"));
    info.set("environment", job.request.path("environment"));
    ArrayNode secretNames = info.putArray("secrets");
    job.request.path("secrets").fieldNames().forEachRemaining(secretNames::add);
    info.set("labels", job.request.path("labels"));
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
            "data: {\"data\":\"===== Job started at "
                + job.startedAt
                + " =====\",\"timestamp\":\""
                + job.startedAt
                + "\"}\n\n");
    try {
      for (String line : Files.readAllLines(job.log)) {
        ObjectNode event =
            JSON.createObjectNode().put("data", line).put("timestamp", Instant.now().toString());
        out.append("data: ").append(event).append("\n\n");
      }
    } catch (IOException e) {
      // no output yet
    }
    return out.append(": keep-alive\n\n").toString();
  }

  /**
   * The image's own programs: {@code python}/{@code python3} run {@code python}; {@code uv} and
   * {@code pip} say what they were asked to install and install nothing.
   */
  private static Path standins(Path bin, Path python) throws IOException {
    Files.createDirectories(bin);
    String run = "#!/bin/sh\nexec '" + python + "' \"$@\"\n";
    String install = "#!/bin/sh\necho \"$(basename \"$0\") (stand-in): installs nothing: $*\"\n";
    for (String name : List.of("python", "python3")) {
      write(bin.resolve(name), run);
    }
    for (String name : List.of("uv", "pip")) {
      write(bin.resolve(name), install);
    }
    return bin;
  }

  private static void write(Path file, String script) throws IOException {
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Override
  public void close() {
    jobs.values().forEach(FakeHfJobs::kill);
    hub.close();
    server.close();
  }
}
