package dev.mlintern.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.app.Config;
import dev.mlintern.app.PythonEnvironment;
import dev.mlintern.compute.executor.LlmVenv;
import dev.mlintern.compute.recipes.RecipesFolder;
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

/** The checks {@code mlintern doctor} runs, gathered into one JSON object, and their text form. */
final class DoctorChecks {
  private final Config config;
  private final Map<String, String> env;
  private final boolean offline;

  DoctorChecks(Config config, Map<String, String> env, boolean offline) {
    this.config = config;
    this.env = env;
    this.offline = offline;
  }

  /** Every check as one object: java, home, python (path, packages, tiers), gpu, slurm, ... */
  ObjectNode run() {
    ObjectNode report = new ObjectMapper().createObjectNode();
    report.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    report
        .putObject("home")
        .put("path", config.home().toString())
        .put("writable", writable(config.home()));
    PythonEnvironment python = PythonEnvironment.fromSettings(config.settings());
    ObjectNode pythonNode = report.putObject("python").put("path", python.interpreter());
    ObjectNode packages = pythonNode.putObject("packages");
    List<String> modules = new ArrayList<>();
    for (PythonEnvironment.Tier tier : PythonEnvironment.Tier.values()) {
      modules.addAll(tier.modules());
    }
    python.packages(modules).forEach(packages::put);
    for (PythonEnvironment.Tier tier : PythonEnvironment.Tier.values()) {
      pythonNode.put(
          tier.name().toLowerCase(java.util.Locale.ROOT),
          tier.modules().stream().allMatch(m -> packages.path(m).asBoolean()));
    }
    report.set("llm_venv", llmVenv());
    report.put(
        "gpu",
        firstLine(
            probe("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"), "none"));
    report.put("slurm", firstLine(probe("sinfo", "-h", "-o", "%P %a %D %T"), "not available"));
    report.put("sandbox", onPath("bwrap") ? "bubblewrap" : "none (shell commands run unsandboxed)");
    ObjectNode keys = report.putObject("keys");
    for (String key : Config.SECRET_KEYS) {
      keys.put(key, config.settings().secrets().has(key));
    }
    report.put("model", config.modelSpec().orElse("(default)"));
    ObjectNode endpoints = report.putObject("endpoints");
    if (!offline) {
      endpoints()
          .forEach(
              (name, url) -> endpoints.putObject(name).put("url", url).put("status", reach(url)));
    }
    return report;
  }

  /** The report as aligned lines, one per check. */
  void print(ObjectNode report, PrintWriter out) {
    ObjectNode packages = (ObjectNode) report.path("python").path("packages");
    ObjectNode keys = (ObjectNode) report.path("keys");
    ObjectNode endpoints = (ObjectNode) report.path("endpoints");
    out.println("java      " + report.path("java").asText());
    out.println(
        "home      "
            + report.path("home").path("path").asText()
            + (report.path("home").path("writable").asBoolean() ? "" : "  (not writable!)"));
    List<String> found = new ArrayList<>();
    packages
        .fields()
        .forEachRemaining(e -> found.add(e.getKey() + (e.getValue().asBoolean() ? "=yes" : "=no")));
    out.println(
        "python    "
            + report.path("python").path("path").asText()
            + "  "
            + String.join(" ", found));
    out.println("llm venv  " + llmVenvLine(report.path("llm_venv")));
    out.println("gpu       " + report.path("gpu").asText());
    out.println("slurm     " + report.path("slurm").asText());
    out.println("sandbox   " + report.path("sandbox").asText());
    List<String> keyLines = new ArrayList<>();
    keys.fields()
        .forEachRemaining(
            e -> keyLines.add(e.getKey() + (e.getValue().asBoolean() ? "=set" : "=unset")));
    out.println("keys      " + String.join(" ", keyLines));
    out.println("model     " + report.path("model").asText());
    endpoints
        .fields()
        .forEachRemaining(
            e ->
                out.println(
                    "endpoint  "
                        + e.getKey()
                        + " "
                        + e.getValue().path("url").asText()
                        + "  "
                        + e.getValue().path("status").asText()));
  }

  /**
   * The pinned LLM environment: where it is, whether it exists and matches the recipes' lock, and
   * the versions of its key packages.
   */
  private ObjectNode llmVenv() {
    LlmVenv venv = LlmVenv.fromSettings(config.settings());
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("path", venv.root().toString()).put("exists", venv.exists());
    java.util.Optional<Path> lock =
        RecipesFolder.locate(config.settings())
            .map(f -> f.resolve("llm").resolve("requirements.lock"))
            .filter(Files::isRegularFile);
    if (lock.isPresent()) {
      node.put("lock", lock.get().toString()).put("lock_matches", venv.matches(lock.get()));
    } else {
      node.putNull("lock").putNull("lock_matches");
    }
    ObjectNode packages = node.putObject("packages");
    if (venv.exists()) {
      venv.versions(LlmVenv.KEY_PACKAGES).forEach(packages::put);
    }
    return node;
  }

  private static String llmVenvLine(com.fasterxml.jackson.databind.JsonNode venv) {
    String path = venv.path("path").asText();
    if (!venv.path("exists").asBoolean()) {
      return path
          + "  missing (LLM jobs use the python above; build it with scripts/install-llm-env.sh)";
    }
    String lock =
        venv.path("lock_matches").isNull()
            ? "no lock found"
            : venv.path("lock_matches").asBoolean()
                ? "matches the lock"
                : "differs from the lock (rerun scripts/install-llm-env.sh)";
    List<String> versions = new ArrayList<>();
    venv.path("packages")
        .fields()
        .forEachRemaining(
            e ->
                versions.add(
                    e.getKey() + "=" + (e.getValue().isNull() ? "no" : e.getValue().asText())));
    return path + "  " + lock + "  " + String.join(" ", versions);
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
