package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.compute.executor.PythonResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern doctor}: what this machine offers mlintern — Java, a Python with torch and
 * sklearn, a GPU, Slurm, the shell sandbox, which keys are set (names only, never values) and
 * whether configured endpoints answer.
 */
@Command(
    name = "doctor",
    description = "Check Java, Python, GPU, Slurm, sandbox, keys and endpoints.")
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--offline", description = "Skip endpoint reachability checks.")
  boolean offline;

  private final Config config;
  private final Map<String, String> env;

  DoctorCommand(Config config, Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "java      "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")");
    out.println(
        "home      " + config.home() + (writable(config.home()) ? "" : "  (not writable!)"));
    String python = python();
    out.println(
        "python    "
            + (python == null
                ? "not found (set MLINTERN_PYTHON)"
                : python
                    + "  "
                    + probe(
                        python,
                        "-c",
                        "import importlib.util as u;print(' '.join(m+('=yes' if u.find_spec(m) else '=no') for m in ['torch','sklearn','pandas','transformers','peft']))")));
    out.println(
        "gpu       "
            + firstLine(
                probe("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"),
                "none"));
    out.println(
        "slurm     " + firstLine(probe("sinfo", "-h", "-o", "%P %a %D %T"), "not available"));
    out.println(
        "sandbox   " + (onPath("bwrap") ? "bubblewrap" : "none (shell commands run unsandboxed)"));
    List<String> keys = new ArrayList<>();
    for (String key : Config.SECRET_KEYS) {
      keys.add(key + (config.settings().secrets().has(key) ? "=set" : "=unset"));
    }
    out.println("keys      " + String.join(" ", keys));
    out.println("model     " + config.modelSpec().orElse("(default)"));
    if (!offline) {
      endpoints()
          .forEach((name, url) -> out.println("endpoint  " + name + " " + url + "  " + reach(url)));
    }
    return 0;
  }

  private Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    var settings = config.settings();
    if (settings.secrets().has("ANTHROPIC_API_KEY")
        || settings.get("ANTHROPIC_BASE_URL").isPresent()) {
      endpoints.put("anthropic", settings.endpoints().anthropic());
    }
    if (settings.secrets().has("OPENAI_API_KEY") || settings.get("OPENAI_BASE_URL").isPresent()) {
      endpoints.put("openai", settings.endpoints().openai());
    }
    if (settings.secrets().has("HF_TOKEN") || settings.get("HF_ENDPOINT").isPresent()) {
      endpoints.put("hub", settings.endpoints().hub());
    }
    for (String key :
        List.of(
            "MLINTERN_DATASETS_SERVER_URL",
            "MLINTERN_ARXIV_URL",
            "MLINTERN_S2_URL",
            "MLINTERN_PAPERS_URL",
            "OLLAMA_HOST")) {
      settings.get(key).ifPresent(url -> endpoints.put(key, url));
    }
    return endpoints;
  }

  private static String reach(String url) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return "reachable (HTTP " + response.statusCode() + ")";
    } catch (IOException | IllegalArgumentException e) {
      return "unreachable (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unreachable (interrupted)";
    }
  }

  /** The interpreter jobs run with (the same choice), or null when none is installed. */
  private String python() {
    PythonResolver resolver = PythonResolver.forJobs(config.settings());
    String python = resolver.resolve();
    return resolver.configured() || Files.isExecutable(Path.of(python)) ? python : null;
  }

  private boolean onPath(String program) {
    for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean writable(Path home) {
    try {
      Files.createDirectories(home);
      return Files.isWritable(home);
    } catch (IOException e) {
      return false;
    }
  }

  private static String firstLine(String text, String fallback) {
    return text == null || text.isBlank()
        ? fallback
        : text.strip().lines().findFirst().orElse(fallback);
  }

  private static String probe(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "timed out";
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0 ? output : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
