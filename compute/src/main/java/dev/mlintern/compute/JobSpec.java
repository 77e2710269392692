package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job to run: the command and its arguments, extra environment, the names of secrets it may see
 * (values come from the session's {@code Secrets}), resources, a timeout (null: none), an optional
 * JSON config handed to the job as {@code MLINTERN_CONFIG}, a working directory (null: the job's
 * output folder), a container image (HF Jobs only), labels tying it to a session and an experiment,
 * whether a local job may reach the network (off by default: the sandbox has none), and for remote
 * executors the Python packages to install first and extra work-dir files to send (see {@code
 * docs/compute.md}).
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
    boolean network,
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

  /**
   * A timeout as people write it ({@code 90s}, {@code 30m}, {@code 1.5h}, {@code 1h30m}), read by
   * the one duration grammar; null or blank: no timeout.
   */
  public static Duration timeout(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Duration timeout;
    try {
      timeout = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new JobException(JobException.Kind.INVALID, "timeout: " + e.getMessage());
    }
    if (timeout.isZero()) {
      throw new JobException(
          JobException.Kind.INVALID,
          "timeout '" + text + "' is zero; give a positive one, e.g. 30m");
    }
    return timeout;
  }

  /** A job without network. */
  public JobSpec(
      List<String> command,
      Map<String, String> environment,
      List<String> secrets,
      Resources resources,
      Duration timeout,
      JsonNode config,
      String workDir,
      String image,
      Map<String, String> labels) {
    this(
        command,
        environment,
        secrets,
        resources,
        timeout,
        config,
        workDir,
        image,
        labels,
        false,
        List.of(),
        List.of());
  }

  public static JobSpec of(List<String> command) {
    return new JobSpec(command, Map.of(), List.of(), null, null, null, null, null, Map.of());
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
        network,
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
        network,
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
        network,
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
        network,
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
        network,
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
        network,
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
        network,
        dependencies,
        files);
  }

  public JobSpec withNetwork(boolean value) {
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
        network,
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
        network,
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
        network,
        dependencies,
        value);
  }
}
