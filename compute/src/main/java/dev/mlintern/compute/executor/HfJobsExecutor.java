package dev.mlintern.compute.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.Flavor;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobExecutor;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.NativeStatus;
import dev.mlintern.compute.Submission;
import dev.mlintern.compute.shipping.BundlePlanner;
import dev.mlintern.compute.shipping.HfJobRequest;
import dev.mlintern.compute.shipping.JobRepo;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Unreachable;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs jobs on Hugging Face Jobs through its REST API ({@code /api/jobs/{namespace}}). The job is
 * sent a bundle of what its command needs from the work dir, installs its dependencies, runs in the
 * image its flavor calls for, and commits its output folder to the user's private job repo when it
 * ends (see {@link HfJobRequest} and {@code docs/compute.md}); its log is mirrored into the local
 * job folder from the logs stream, incrementally, so metrics are read the same way as for local
 * jobs. Every flavor costs money, so submissions declare SPEND and carry a cost estimate (flavor
 * price × timeout, default 30 minutes); each status carries the actual cost so far (flavor price ×
 * run time from the job's start to its end, or to now while it runs, billed in started minutes).
 */
public final class HfJobsExecutor implements JobExecutor {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String baseUrl;
  private final String token;
  private final Clock clock;
  private final SseLogMirror logs;
  private final HfJobRequest requests;
  private volatile String namespace;
  private volatile List<Flavor> flavors;

  /**
   * {@code namespace} null: the token's own user, asked from {@code /api/whoami-v2} on first use.
   */
  public HfJobsExecutor(HttpClient http, String baseUrl, String token, String namespace) {
    this(http, baseUrl, token, namespace, Clock.systemUTC());
  }

  /** {@code clock} tells how long a running job has run so far, for its cost. */
  public HfJobsExecutor(
      HttpClient http, String baseUrl, String token, String namespace, Clock clock) {
    this(http, baseUrl, token, namespace, clock, Shipping.NONE);
  }

  /** {@code shipping}: where vetted recipes, the job repo and the download cache are. */
  public HfJobsExecutor(
      HttpClient http,
      String baseUrl,
      String token,
      String namespace,
      Clock clock,
      Shipping shipping) {
    this(http, baseUrl, token, namespace, clock, shipping, SseLogMirror.Caps.DEFAULT);
  }

  /** {@code logCaps} bounds what one log fetch reads. */
  HfJobsExecutor(
      HttpClient http,
      String baseUrl,
      String token,
      String namespace,
      Clock clock,
      Shipping shipping,
      SseLogMirror.Caps logCaps) {
    HubClient hub =
        new HubClient(
            HubClient.defaultHttpClient(), baseUrl, Optional.ofNullable(token), Sleeper.SYSTEM);
    JobRepo repo =
        new JobRepo(
            hub,
            new HubCache(hub, shipping.cache()),
            baseUrl,
            () ->
                shipping.jobsRepo() != null
                    ? shipping.jobsRepo()
                    : namespace() + "/" + JobRepo.DEFAULT_NAME);
    this.requests = new HfJobRequest(new BundlePlanner(shipping.recipes()), repo, token);
    this.logs = new SseLogMirror(http, logCaps);
    this.clock = clock;
    this.http = http;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
    this.namespace = namespace;
  }

  /**
   * Where code and outputs live: mlintern's {@code recipes/} folder (null: only the work dir's
   * {@code recipes} link shows it), the job repo ({@code owner/name}; null: {@code
   * NAMESPACE/mlintern-jobs}) and the folder fetched outputs are cached in.
   */
  public record Shipping(Path recipes, String jobsRepo, Path cache) {
    public static final Shipping NONE =
        new Shipping(null, null, Path.of(System.getProperty("java.io.tmpdir"), "mlintern-hub"));
  }

  private String namespace() {
    String ns = namespace;
    if (ns == null) {
      ns = send("GET", "/api/whoami-v2", null).path("name").asText(null);
      if (ns == null) {
        throw new JobException(
            JobException.Kind.INVALID,
            "cannot tell the HF Jobs namespace; set hf.namespace in the config");
      }
      namespace = ns;
    }
    return ns;
  }

  @Override
  public String name() {
    return "hf-jobs";
  }

  @Override
  public String submit(Submission submission) {
    JobSpec spec = submission.spec();
    if (spec.config() != null) {
      JobEnvironment.protocol(submission);
    }
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.remove(JobRecord.OUTPUTS_LABEL); // where the outputs go, and
    labels.remove(JobRecord.UNTRUSTED_LABEL); // a local path: bookkeeping of this machine only
    labels.put("mlintern_job", submission.jobId());
    ObjectNode body =
        requests.body(
            plan(submission),
            spec.environment(),
            submission.secretValues(),
            (spec.timeout() != null ? spec.timeout() : DEFAULT_TIMEOUT).toSeconds(),
            labels);
    JsonNode info = send("POST", "/api/jobs/" + namespace(), body.toString());
    String id = info.path("id").asText("");
    if (id.isEmpty()) {
      throw new JobException(
          JobException.Kind.BACKEND, "HF Jobs answered without a job id: " + info);
    }
    return id;
  }

  @Override
  public String preview(Submission submission) {
    return plan(submission).describe()
        + "secrets (by name, in the request's secrets field): "
        + (submission.secretValues().isEmpty()
            ? "none"
            : String.join(", ", submission.secretValues().keySet()))
        + "\n";
  }

  @Override
  public String outputsLocation(String jobId) {
    return requests.repo().outputsLocation(jobId);
  }

  @Override
  public List<Path> fetchOutputs(String jobId, Path to) {
    return requests.repo().fetch(jobId, to, path -> true);
  }

  /** The job's {@code result.json}, if it uploaded one; a Hub that cannot answer now is let be. */
  @Override
  public void fetchResult(String jobId, Path outputDir) {
    if (Files.exists(outputDir.resolve("result.json"))) {
      return;
    }
    try {
      requests.repo().fetch(jobId, outputDir, "result.json"::equals);
    } catch (JobException e) {
      // no outputs (the upload failed or the job never started) or the Hub is unreachable: the run
      // is recorded without its result, and jobs fetch can bring it later
    }
  }

  private HfJobRequest.Plan plan(Submission submission) {
    JobSpec spec = submission.spec();
    return requests.plan(
        submission.jobId(),
        spec.command(),
        spec.config(),
        spec.files(),
        spec.dependencies(),
        spec.workDir() != null ? Path.of(spec.workDir()) : submission.outputDir(),
        spec.image(),
        spec.resources().flavor() != null ? spec.resources().flavor() : "cpu-basic",
        submission.secretValues());
  }

  @Override
  public NativeStatus status(String nativeId, Path outputDir) {
    if (nativeId == null) {
      return new NativeStatus(JobState.LOST, null, "never reached HF Jobs", null, null);
    }
    JsonNode info = send("GET", "/api/jobs/" + namespace() + "/" + nativeId, null);
    JsonNode status = info.path("status");
    String message = status.path("message").isTextual() ? status.get("message").asText() : null;
    if (status.path("cancelReason").isTextual()) {
      message = "cancelled: " + status.get("cancelReason").asText();
    }
    Instant started = instant(info.path("startedAt"));
    Instant ended = instant(info.path("finishedAt"));
    NativeStatus now =
        switch (status.path("stage").asText("")) {
          case "SCHEDULING" -> new NativeStatus(JobState.QUEUED, null, message, started, null);
          case "RUNNING", "UPDATING" ->
              new NativeStatus(JobState.RUNNING, null, message, started, null);
          case "COMPLETED" -> new NativeStatus(JobState.SUCCEEDED, 0, message, started, ended);
          case "CANCELED" -> new NativeStatus(JobState.CANCELLED, null, message, started, ended);
          case "ERROR" ->
              new NativeStatus(
                  "Job timeout".equalsIgnoreCase(String.valueOf(message))
                      ? JobState.TIMED_OUT
                      : JobState.FAILED,
                  null,
                  message,
                  started,
                  ended);
          default ->
              new NativeStatus(
                  JobState.LOST,
                  null,
                  "HF Jobs stage " + status.path("stage").asText("?"),
                  started,
                  ended);
        };
    return new NativeStatus(
        now.state(),
        now.exitCode(),
        now.message(),
        started,
        now.endedAt(),
        cost(info, started, ended, now.state().terminal()));
  }

  /**
   * Price × run time, billed in started minutes: from the start to the end (to now while it runs;
   * nothing before it started; an ended job without an end time by its reported running seconds).
   * Null when that cannot be told: the flavor's price is unknown, the hardware list cannot be read,
   * or an ended job tells neither.
   */
  private Double cost(JsonNode info, Instant started, Instant ended, boolean terminal) {
    Duration ran;
    if (ended == null && terminal) {
      JsonNode seconds = info.path("durations").path("runningSecs");
      if (!seconds.canConvertToLong()) {
        return null;
      }
      ran = Duration.ofSeconds(seconds.asLong());
    } else {
      Instant end = ended != null ? ended : clock.instant();
      ran =
          started == null || !end.isAfter(started) ? Duration.ZERO : Duration.between(started, end);
    }
    String flavor = info.path("flavor").asText("cpu-basic");
    try {
      return flavors().stream()
          .filter(f -> f.name().equals(flavor))
          .findFirst()
          .map(f -> f.usdFor(ran))
          .orElse(null);
    } catch (JobException e) {
      return null;
    }
  }

  /**
   * Brings {@code outputDir/stdout.log} up to date from the logs SSE stream, appending only events
   * it has not mirrored yet (see {@link SseLogMirror}); a stream that cannot be read now is retried
   * on the next refresh.
   */
  @Override
  public void fetchLog(String nativeId, Path outputDir) {
    if (nativeId == null) {
      return;
    }
    try {
      logs.fetch(
          builder(
                  "GET",
                  "/api/jobs/" + namespace() + "/" + nativeId + "/logs",
                  null,
                  Duration.ofSeconds(10))
              .header("Accept", "text/event-stream")
              .build(),
          outputDir);
    } catch (java.io.UncheckedIOException e) {
      throw new JobException(
          JobException.Kind.BACKEND, e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
  }

  @Override
  public void cancel(String nativeId, Path outputDir) {
    if (nativeId != null) {
      send("POST", "/api/jobs/" + namespace() + "/" + nativeId + "/cancel", "{}");
    }
  }

  @Override
  public List<String> listNative() {
    List<String> ids = new ArrayList<>();
    for (JsonNode job : send("GET", "/api/jobs/" + namespace(), null)) {
      if (job.path("labels").has("mlintern_job")) {
        ids.add(job.path("id").asText());
      }
    }
    return ids;
  }

  @Override
  public List<Flavor> flavors() {
    List<Flavor> cached = flavors;
    if (cached == null) {
      List<Flavor> list = new ArrayList<>();
      for (JsonNode f : send("GET", "/api/jobs/hardware", null)) {
        String hardware = f.path("prettyName").asText(f.path("name").asText());
        if (f.path("accelerator").isObject()) {
          hardware +=
              " ("
                  + f.path("accelerator").path("quantity").asText("1")
                  + "× "
                  + f.path("accelerator").path("model").asText("")
                  + " "
                  + f.path("accelerator").path("vram").asText("")
                  + ")";
        } else {
          hardware += " (" + f.path("cpu").asText("") + ", " + f.path("ram").asText("") + ")";
        }
        double perUnit =
            f.path("unitCostUSD").asDouble(f.path("unitCostMicroUSD").asDouble() / 1e6);
        double perHour =
            "hour".equals(f.path("unitLabel").asText("minute")) ? perUnit : perUnit * 60;
        list.add(new Flavor(f.path("name").asText(), hardware, perHour));
      }
      cached = List.copyOf(list);
      flavors = cached;
    }
    return cached;
  }

  @Override
  public double estimateUsd(JobSpec spec) {
    String flavor = spec.resources().flavor() != null ? spec.resources().flavor() : "cpu-basic";
    Duration timeout = spec.timeout() != null ? spec.timeout() : DEFAULT_TIMEOUT;
    for (Flavor f : flavors()) {
      if (f.name().equals(flavor)) {
        return f.usdPerHour() * timeout.toSeconds() / 3600.0;
      }
    }
    throw new JobException(
        JobException.Kind.INVALID,
        "unknown HF Jobs flavor '"
            + flavor
            + "'; flavors are: "
            + String.join(", ", flavors().stream().map(Flavor::name).toList()));
  }

  @Override
  public boolean spendsMoney(JobSpec spec) {
    return true;
  }

  private JsonNode send(String method, String path, String body) {
    HttpResponse<String> response = request(method, path, body, Duration.ofSeconds(30));
    if (response.statusCode() == 404) {
      throw new JobException(JobException.Kind.NOT_FOUND, "HF Jobs: not found: " + path);
    }
    if (response.statusCode() == 401
        || response.statusCode() == 403
        || response.statusCode() == 402) {
      throw new JobException(
          JobException.Kind.INVALID,
          "HF Jobs refused ("
              + response.statusCode()
              + "): check that HF_TOKEN is set, has job permissions for the namespace and the account has credits");
    }
    if (response.statusCode() >= 300) {
      throw new JobException(
          JobException.Kind.BACKEND,
          "HF Jobs "
              + method
              + " "
              + path
              + " failed with "
              + response.statusCode()
              + ": "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new JobException(JobException.Kind.BACKEND, "HF Jobs answered with invalid JSON", e);
    }
  }

  private HttpRequest.Builder builder(String method, String path, String body, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<String> request(String method, String path, String body, Duration timeout) {
    try {
      return http.send(
          builder(method, path, body, timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new JobException(
          JobException.Kind.UNAVAILABLE,
          Unreachable.is(e)
              ? Unreachable.message("HF Jobs", baseUrl, e, "HF_ENDPOINT")
              : "HF Jobs is unreachable at " + baseUrl + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobException(JobException.Kind.UNAVAILABLE, "interrupted while calling HF Jobs", e);
    }
  }

  private static Instant instant(JsonNode node) {
    try {
      return node.isTextual() ? Instant.parse(node.asText()) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
