package dev.mlintern.compute.shipping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobException;
import dev.mlintern.data.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns a job into the create-job request of HF Jobs. The container runs {@code
 * resources/jobs/bootstrap.py} first (as {@code python3 -c}), which unpacks the job's bundle,
 * installs its dependencies, runs the command in the bundle's folder and commits the output folder
 * to the {@link JobRepo} at the end. A bundle small enough for one environment variable (Linux caps
 * one at 128 KiB) travels inline; a larger one is committed to the job repo first and downloaded by
 * the job. Secrets travel only in the request's {@code secrets}; the repo token the bootstrap uses
 * is one of them ({@code MLINTERN_HUB_TOKEN}) and is removed before the command starts.
 */
public final class HfJobRequest {
  /** Longest base64 bundle sent inline, leaving room under the 128 KiB limit of one variable. */
  public static final int INLINE_LIMIT = 96 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOOTSTRAP = bootstrap();
  private final BundlePlanner planner;
  private final JobRepo repo;
  private final String hubToken;

  /** A job planned but not sent yet: what goes, in which image, and where its outputs will be. */
  public record Plan(
      String jobId, JobBundle bundle, byte[] archive, String image, String flavor, JobRepo repo) {
    public boolean inline() {
      return Base64.getEncoder().encodeToString(archive).length() <= INLINE_LIMIT;
    }

    /** What would be sent and uploaded, for a dry run. */
    public String describe() {
      return bundle.describe()
          + "image: "
          + image
          + " (flavor "
          + flavor
          + ")\n"
          + "bundle: "
          + JobBundle.size(archive.length)
          + " compressed, "
          + (inline()
              ? "sent inline in the request"
              : "uploaded to " + repo.name() + " as bundles/" + jobId + ".tar.gz")
          + "\noutputs: uploaded when the job ends to "
          + repo.outputsLocation(jobId)
          + " (private repo)\n";
    }
  }

  public HfJobRequest(BundlePlanner planner, JobRepo repo, String hubToken) {
    this.planner = planner;
    this.repo = repo;
    this.hubToken = hubToken;
  }

  public JobRepo repo() {
    return repo;
  }

  /**
   * Plans job {@code jobId}: the bundle from {@code workDir}, the image for {@code flavor}; refuses
   * a recipe on an image without CUDA PyTorch and any secret value in the bundle.
   */
  public Plan plan(
      String jobId,
      List<String> command,
      com.fasterxml.jackson.databind.JsonNode config,
      List<String> files,
      List<String> dependencies,
      Path workDir,
      String image,
      String flavor,
      Map<String, String> secretValues) {
    JobBundle bundle =
        planner.plan(command, config, files, dependencies, workDir, withToken(secretValues));
    String chosen = JobImage.choose(image, flavor);
    JobImage.check(chosen, flavor, bundle);
    return new Plan(jobId, bundle, bundle.archive(), chosen, flavor, repo);
  }

  /**
   * The create-job body for {@code plan}; commits the bundle to the job repo first when it is too
   * large to go inline.
   */
  public ObjectNode body(
      Plan plan,
      Map<String, String> environment,
      Map<String, String> secretValues,
      long timeoutSeconds,
      Map<String, String> labels) {
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      if (secretValues.containsValue(variable.getValue()) && variable.getValue().length() >= 8) {
        throw new JobException(
            JobException.Kind.INVALID,
            "environment variable "
                + variable.getKey()
                + " holds a secret's value; pass the secret by name (secrets) instead");
      }
    }
    repo.ensure();
    ObjectNode body = JSON.createObjectNode();
    body.put("dockerImage", plan.image());
    body.putArray("command").add("python3").add("-c").add(BOOTSTRAP);
    plan.bundle().command().forEach(body.withArray("command")::add);
    body.putArray("arguments");
    ObjectNode env = body.putObject("environment");
    environment.forEach(env::put);
    env.put("PYTHONUNBUFFERED", "1");
    env.put("MLINTERN_JOB_ID", plan.jobId());
    if (plan.inline()) {
      env.put("MLINTERN_BUNDLE", Base64.getEncoder().encodeToString(plan.archive()));
    } else {
      env.put("MLINTERN_BUNDLE_URL", repo.uploadBundle(plan.jobId(), plan.archive()));
      env.put("MLINTERN_BUNDLE_SHA256", ContentHash.sha256(plan.archive()));
    }
    if (!plan.bundle().dependencies().isEmpty()) {
      env.put("MLINTERN_DEPENDENCIES", JSON.valueToTree(plan.bundle().dependencies()).toString());
    }
    env.put("MLINTERN_OUTPUT_REPO", repo.name());
    env.put("MLINTERN_OUTPUT_PREFIX", JobRepo.outputsPath(plan.jobId()));
    if (!env.has("HF_ENDPOINT")) {
      env.put("HF_ENDPOINT", repo.endpoint());
    }
    ObjectNode secrets = body.putObject("secrets");
    secretValues.forEach(secrets::put);
    if (hubToken != null) {
      secrets.put("MLINTERN_HUB_TOKEN", hubToken);
    }
    body.put("flavor", plan.flavor());
    body.put("timeoutSeconds", timeoutSeconds);
    ObjectNode labelNode = body.putObject("labels");
    labels.forEach(labelNode::put);
    return body;
  }

  private Map<String, String> withToken(Map<String, String> secretValues) {
    if (hubToken == null) {
      return secretValues;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(secretValues);
    all.put("HF_TOKEN", hubToken);
    return all;
  }

  private static String bootstrap() {
    try (InputStream in = HfJobRequest.class.getResourceAsStream("/jobs/bootstrap.py")) {
      if (in == null) {
        throw new IllegalStateException("jobs/bootstrap.py is missing from the compute jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
