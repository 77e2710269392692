package dev.mlintern.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test executor that runs nothing: it records each submission, writes a canned log into the job
 * folder (and a canned config or result, when given) and reports a fixed state.
 */
public final class ScriptedExecutor implements JobExecutor {
  public final List<Submission> submissions = new ArrayList<>();
  private final String name;
  private final JobState state;
  private final Integer exitCode;
  private final String log;

  public ScriptedExecutor(String name, JobState state, Integer exitCode, String log) {
    this.name = name;
    this.state = state;
    this.exitCode = exitCode;
    this.log = log;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String submit(Submission submission) {
    submissions.add(submission);
    try {
      Files.writeString(submission.outputDir().resolve("stdout.log"), log);
      if (submission.spec().config() != null) {
        Files.writeString(
            submission.outputDir().resolve("config.json"), submission.spec().config().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "n-" + submissions.size();
  }

  @Override
  public NativeStatus status(String nativeId, Path outputDir) {
    return new NativeStatus(
        state,
        exitCode,
        state.terminal() ? "ended" : null,
        Instant.EPOCH,
        state.terminal() ? Instant.EPOCH.plusSeconds(60) : null);
  }

  @Override
  public void cancel(String nativeId, Path outputDir) {}
}
