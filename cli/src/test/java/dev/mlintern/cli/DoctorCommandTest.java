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

  private String doctor(Map<String, String> env, String... flags) {
    StringWriter out = new StringWriter();
    String[] args = new String[flags.length + 2];
    args[0] = "doctor";
    args[1] = "--offline";
    System.arraycopy(flags, 0, args, 2, flags.length);
    int code =
        Main.run(args, env, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
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

  @Test
  void showsTheLlmEnvironmentItsLockStampAndKeyPackageVersions() throws Exception {
    Path recipes = Files.createDirectories(dir.resolve("recipes").resolve("llm"));
    Files.writeString(recipes.resolve("preflight.py"), "");
    Path lock = recipes.resolve("requirements.lock");
    Files.writeString(lock, "torch==2.5.1 --hash=sha256:abc\n");
    Path venv = Files.createDirectories(dir.resolve("llm-venv").resolve("bin")).getParent();
    Path python = venv.resolve("bin").resolve("python");
    Files.writeString(
        python,
        "#!/bin/sh\necho '{\"torch\": \"2.5.1\", \"transformers\": \"4.46.3\", \"peft\":"
            + " \"0.13.2\", \"trl\": null}'\n");
    python.toFile().setExecutable(true);
    Files.writeString(
        venv.resolve(".requirements-lock.sha256"),
        dev.mlintern.data.ContentHash.sha256(lock) + "\n");
    Map<String, String> env =
        Map.of(
            "MLINTERN_HOME", dir.resolve("home").toString(),
            "MLINTERN_RECIPES", dir.resolve("recipes").toString(),
            "MLINTERN_LLM_VENV", venv.toString(),
            "PATH", "/usr/bin:/bin");

    assertThat(doctor(env))
        .contains(
            "llm venv  "
                + venv
                + "  matches the lock  torch=2.5.1 transformers=4.46.3 peft=0.13.2 trl=no");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(doctor(env, "--json"));
    assertThat(json.path("llm_venv").path("exists").asBoolean()).isTrue();
    assertThat(json.path("llm_venv").path("lock_matches").asBoolean()).isTrue();
    assertThat(json.path("llm_venv").path("packages").path("transformers").asText())
        .isEqualTo("4.46.3");

    Files.writeString(lock, "torch==2.6.0 --hash=sha256:def\n");
    assertThat(doctor(env)).contains("differs from the lock (rerun scripts/install-llm-env.sh)");

    Map<String, String> none = new java.util.HashMap<>(env);
    none.put("MLINTERN_LLM_VENV", dir.resolve("absent").toString());
    assertThat(doctor(none))
        .contains(
            "llm venv  " + dir.resolve("absent") + "  missing (LLM jobs use the python above");
  }
}
