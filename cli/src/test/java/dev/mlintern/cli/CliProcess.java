package dev.mlintern.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code mlintern} CLI in a child JVM, with stdin to type into and stdout/stderr collected
 * as lines.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private CliProcess(Process process) {
    this.process = process;
    outReader = pump(process.getInputStream(), out);
    errReader = pump(process.getErrorStream(), err);
  }

  static CliProcess start(Map<String, String> env, Path workdir, String... args) {
    return start(env, workdir, javaCommand(args));
  }

  /**
   * The CLI with stdout and stderr on a pseudo-terminal ({@code script}), as a person at a terminal
   * runs it; both come back merged in {@link #out}.
   */
  static CliProcess startInTerminal(Map<String, String> env, Path workdir, String... args) {
    String line =
        javaCommand(args).stream()
            .map(word -> "'" + word.replace("'", "'\\''") + "'")
            .reduce((a, b) -> a + " " + b)
            .orElseThrow();
    return start(env, workdir, List.of("script", "-qfec", line, "/dev/null"));
  }

  private static List<String> javaCommand(String... args) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                classpath,
                Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static CliProcess start(Map<String, String> env, Path workdir, List<String> command) {
    // a build started in the background (a shell without job control) ignores SIGINT, and the JVM
    // will not handle a signal it inherited as ignored: give the CLI the default, as a terminal
    // does
    List<String> withSignals = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT"));
    withSignals.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(withSignals).directory(workdir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", workdir.toString());
    builder.environment().putAll(env);
    try {
      return new CliProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void type(String line) {
    try {
      OutputStream stdin = process.getOutputStream();
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void closeInput() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until stderr has a line containing {@code text} after line {@code from}; returns its
   * index.
   */
  int awaitErr(String text, int from, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      synchronized (err) {
        for (int i = from; i < err.size(); i++) {
          if (err.get(i).contains(text)) {
            return i;
          }
        }
      }
      if (!process.isAlive() && !errReader.isAlive()) {
        break;
      }
      pause(50);
    }
    throw new AssertionError(
        "no stderr line containing '"
            + text
            + "' after line "
            + from
            + "; stderr was:\n"
            + String.join("\n", err())
            + "\nstdout was:\n"
            + String.join("\n", out()));
  }

  Optional<String> errMatch(Pattern pattern) {
    for (String line : err()) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void kill9() {
    signal("KILL");
    waitFor(Duration.ofSeconds(10));
  }

  int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "the CLI did not exit within " + timeout + "; stderr:\n" + String.join("\n", err()));
      }
      outReader.join(2000);
      errReader.join(2000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  List<String> out() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  List<String> err() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread pump(java.io.InputStream stream, List<String> into) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (into) {
                    into.add(line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "cli-pump");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
