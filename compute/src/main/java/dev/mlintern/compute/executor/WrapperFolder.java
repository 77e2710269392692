package dev.mlintern.compute.executor;

import dev.mlintern.compute.JobState;
import dev.mlintern.compute.NativeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What {@code job-wrapper.sh} leaves in a job folder (start and end time, process group, exit code
 * and the cancelled / timed_out markers), read back as a {@link NativeStatus}. Local and Slurm jobs
 * share the wrapper, so a job's outcome is on disk even when the process that started it is gone or
 * Slurm accounting is off.
 */
final class WrapperFolder {
  private final Path dir;

  public WrapperFolder(Path dir) {
    this.dir = dir;
  }

  /** Copies the wrapper script into {@code folder} (once) and returns its path. */
  public static Path installScript(Path folder) {
    Path script = folder.resolve("job-wrapper.sh");
    try (InputStream in = WrapperFolder.class.getResourceAsStream("job-wrapper.sh")) {
      Files.createDirectories(folder);
      byte[] bytes = in.readAllBytes();
      if (Files.exists(script) && java.util.Arrays.equals(Files.readAllBytes(script), bytes)) {
        return script;
      }
      Path tmp = Files.createTempFile(folder, "wrapper", ".tmp");
      Files.write(tmp, bytes);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, script, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean ended() {
    return Files.exists(dir.resolve("exit_code"));
  }

  public boolean started() {
    return Files.exists(dir.resolve("started_at"));
  }

  public Long pgid() {
    return number("pgid");
  }

  public Long wrapperPid() {
    return number("wrapper.pid");
  }

  public void markCancelled() {
    touch("cancelled");
  }

  public boolean cancelled() {
    return Files.exists(dir.resolve("cancelled"));
  }

  /**
   * Writes the end of a job whose wrapper is gone, so the outcome is settled for every later
   * reader.
   */
  public void settle(int exitCode, Instant at) {
    try {
      Files.writeString(dir.resolve("ended_at"), at.toString() + "\n");
      Path tmp = dir.resolve("exit_code.java.tmp");
      Files.writeString(tmp, exitCode + "\n");
      Files.move(tmp, dir.resolve("exit_code"), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The status the files tell; {@code running} decides between RUNNING and QUEUED before the job
   * ends.
   */
  public NativeStatus status() {
    Instant started = instant("started_at");
    if (!ended()) {
      return new NativeStatus(
          started != null ? JobState.RUNNING : JobState.QUEUED, null, null, started, null);
    }
    Long code = number("exit_code");
    Integer exit = code == null ? null : code.intValue();
    Instant ended = instant("ended_at");
    if (Files.exists(dir.resolve("cancelled"))) {
      return new NativeStatus(JobState.CANCELLED, exit, "cancelled", started, ended);
    }
    if (Files.exists(dir.resolve("timed_out"))) {
      return new NativeStatus(JobState.TIMED_OUT, exit, "timed out", started, ended);
    }
    if (exit != null && exit == 0) {
      return new NativeStatus(JobState.SUCCEEDED, 0, null, started, ended);
    }
    String why =
        Files.exists(dir.resolve("terminated")) ? "terminated by a signal" : "exit code " + exit;
    return new NativeStatus(JobState.FAILED, exit, why, started, ended);
  }

  private void touch(String name) {
    try {
      Files.writeString(dir.resolve(name), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Long number(String name) {
    String text = text(name);
    try {
      return text == null || text.isBlank() ? null : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Instant instant(String name) {
    String text = text(name);
    try {
      return text == null || text.isBlank() ? null : Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private String text(String name) {
    try {
      Path file = dir.resolve(name);
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
