package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command of the tree answers --help and -h; help is a command; only the root has --version.
 */
class HelpEverywhereTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            Map.of("MLINTERN_HOME", home.toString()),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private List<List<String>> commandPaths() {
    Map<String, String> env = Map.of("MLINTERN_HOME", home.toString());
    CommandLine root =
        Commands.build(
            Config.load(env, Map.of()),
            env,
            java.io.InputStream.nullInputStream(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    List<List<String>> paths = new ArrayList<>();
    walk(root, new ArrayList<>(), paths);
    return paths;
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().name().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, into);
              }
            });
  }

  @Test
  void everyCommandAnswersHelpAndDashH() {
    List<List<String>> paths = commandPaths();
    assertThat(paths).hasSizeGreaterThan(25);
    for (List<String> path : paths) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        Result result = run(args.toArray(String[]::new));
        assertThat(result.code()).as(String.join(" ", args) + "\n" + result.err()).isZero();
        assertThat(result.out()).as(String.join(" ", args)).contains("Usage: mlintern");
      }
    }
  }

  @Test
  void helpIsACommandForTheToolAndForAnySubcommand() {
    assertThat(run("help").out()).contains("Usage: mlintern").contains("run");
    Result jobsSubmit = run("help", "jobs", "submit");
    assertThat(jobsSubmit.code()).isZero();
    assertThat(jobsSubmit.out()).contains("Usage: mlintern jobs submit");
    Result unknown = run("help", "nosuch");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo("mlintern help: unknown command 'nosuch'; 'mlintern help' lists the commands");
  }

  @Test
  void onlyTheRootHasVersionAndUsageErrorsShareOneStyle() {
    assertThat(run("--version").code()).isZero();
    for (List<String> path : commandPaths()) {
      if (!path.isEmpty()) {
        List<String> args = new ArrayList<>(path);
        args.add("--version");
        Result result = run(args.toArray(String[]::new));
        assertThat(result.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(result.err())
            .as(String.join(" ", args))
            .startsWith("mlintern " + String.join(" ", path) + ": ")
            .doesNotContain("Exception");
      }
    }
  }
}
