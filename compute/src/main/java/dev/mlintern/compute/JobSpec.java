package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job to run: the command and its arguments, extra environment, the names of secrets it may see
 * (values come from the session's {@code Secrets}), resources, a timeout (null: none), an optional
 * JSON config handed to the job as {@code MLINTERN_CONFIG}, a working directory (null: the job's
 * output folder), a container image (HF Jobs only), labels tying it to a session and an experiment,
 * and for remote executors the Python packages to install first and extra work-dir files to send
 * (see {@code docs/compute.md}).
 */
public record JobSpec(
    List<String> command,
    Map<String, String> environment,
    List<String> secrets,
    Resources resources,
    Duration timeout,
    JsonNode config,
    String workDir,
    String image,
    Map<String, String> labels,
    List<String> dependencies,
    List<String> files) {

  public JobSpec {
    if (command == null || command.isEmpty()) {
      throw new JobException(JobException.Kind.INVALID, "a job needs a command");
    }
    command = List.copyOf(command);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    resources = resources == null ? Resources.defaults() : resources;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    files = files == null ? List.of() : List.copyOf(files);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new JobException(JobException.Kind.INVALID, "timeout must be positive");
    }
  }

  public static JobSpec of(List<String> command) {
    return new JobSpec(
        command, Map.of(), List.of(), null, null, null, null, null, Map.of(), List.of(), List.of());
  }

  public JobSpec withTimeout(Duration value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        value,
        config,
        workDir,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withResources(Resources value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        value,
        timeout,
        config,
        workDir,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withEnvironment(Map<String, String> value) {
    return new JobSpec(
        command,
        value,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withSecrets(List<String> value) {
    return new JobSpec(
        command,
        environment,
        value,
        resources,
        timeout,
        config,
        workDir,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withConfig(JsonNode value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        value,
        workDir,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withLabels(Map<String, String> value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        image,
        value,
        dependencies,
        files);
  }

  public JobSpec withImage(String value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        value,
        labels,
        dependencies,
        files);
  }

  public JobSpec withWorkDir(String value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        value,
        image,
        labels,
        dependencies,
        files);
  }

  public JobSpec withDependencies(List<String> value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        image,
        labels,
        value,
        files);
  }

  public JobSpec withFiles(List<String> value) {
    return new JobSpec(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        image,
        labels,
        dependencies,
        value);
  }
}
