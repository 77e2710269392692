package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlintern doctor} names the Python that jobs run with, not a guess of its own. */
class DoctorCommandTest {
  @TempDir Path dir;

  private String doctor(Map<String, String> env) {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"doctor", "--offline"},
            env,
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(code).isZero();
    return out.toString();
  }

  @Test
  void reportsTheInterpreterJobsWouldPickFromPath() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path python = bin.resolve("python3");
    Files.writeString(python, "#!/bin/sh\nexit 0\n");
    python.toFile().setExecutable(true);

    String out =
        doctor(
            Map.of(
                "MLINTERN_HOME", dir.resolve("home").toString(), "PATH", bin + ":/usr/bin:/bin"));

    assertThat(out).contains("python    " + python);
  }

  @Test
  void reportsTheConfiguredInterpreter() {
    String out =
        doctor(
            Map.of(
                "MLINTERN_HOME", dir.resolve("home").toString(),
                "MLINTERN_PYTHON", "/usr/bin/python3",
                "PATH", "/usr/bin:/bin"));

    assertThat(out).contains("python    /usr/bin/python3");
  }
}
