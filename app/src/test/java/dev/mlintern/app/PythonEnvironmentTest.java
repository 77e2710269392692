package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlintern.testkit.BarePython;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install path a first {@code mlintern demo} takes on Debian as root: the jobs' interpreter
 * lacks the tabular tier (here a fresh venv without system site packages stands for a bare
 * machine's python3), so the project's own {@code scripts/install-deps.sh --python} runs, saying so
 * with its output, and the interpreter found afterwards (Debian's) imports numpy, pandas and
 * scikit-learn. The script really runs: on a machine that has the packages it checks and installs
 * nothing, on a bare one it installs them with apt; the test command also runs it first of all.
 */
class PythonEnvironmentTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "install-deps.sh").toAbsolutePath();
  @TempDir Path root;

  @Test
  void debiansInterpreterWithoutTheTabularTierIsCompletedByTheProjectsScript() throws Exception {
    assumeTrue(
        Files.exists(Path.of("/etc/debian_version"))
            && "root".equals(System.getProperty("user.name")),
        "the install path runs on Debian as root");
    Deque<String> interpreters =
        new ArrayDeque<>(
            List.of(BarePython.create(root.resolve("bare")).toString(), "/usr/bin/python3"));
    PythonEnvironment python =
        new PythonEnvironment(interpreters::poll, false, Optional.of(SCRIPT), true);
    assertThat(python.packages(PythonEnvironment.Tier.TABULAR.modules())).containsValue(false);
    StringWriter progress = new StringWriter();

    python.ensure(PythonEnvironment.Tier.TABULAR, new PrintWriter(progress, true));

    assertThat(progress.toString())
        .contains(
            "mlintern: installing Python packages for local jobs (python3-numpy, python3-pandas,"
                + " python3-sklearn) with "
                + SCRIPT
                + " --python")
        .contains("  install-deps: ")
        .contains("mlintern: Python packages installed");
    assertThat(python.interpreter()).isEqualTo("/usr/bin/python3");
    assertThat(python.packages(PythonEnvironment.Tier.TABULAR.modules()))
        .isEqualTo(Map.of("numpy", true, "pandas", true, "sklearn", true));
  }
}
