package dev.mlintern.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.compute.Compute;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.diagnosis.Finding;
import dev.mlintern.compute.tools.DiagnoseTool;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.testkit.CommandRun;
import dev.mlintern.testkit.FakeHfJobs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud jobs as a user runs them: {@code mlintern jobs …} against a fake HF Jobs service that runs
 * each job in an empty folder with only what was sent, installs nothing, and keeps what is
 * committed to the Hub.
 */
class HfJobsCliTest {
  static final Path RECIPES = Path.of("").toAbsolutePath().getParent().resolve("recipes");
  static final String TOKEN = "hf_cli_test_token_0123456789";
  static final String WANDB = "wandb-secret-value-98765";
  @TempDir Path home;
  @TempDir Path workspace;
  @TempDir Path service;
  @TempDir Path fetched;
  FakeHfJobs fake;

  @BeforeEach
  void start() {
    fake = new FakeHfJobs(service, "alice", TOKEN, Path.of("/usr/bin/python3"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Settings settings() {
    return new Settings(
        home,
        Map.of(
            "PATH",
            "/usr/bin:/bin",
            "HF_ENDPOINT",
            fake.baseUrl(),
            "jobs.executor",
            "hf-jobs",
            "MLINTERN_RECIPES",
            RECIPES.toString()),
        Secrets.of(Map.of("HF_TOKEN", TOKEN, "WANDB_API_KEY", WANDB)));
  }

  private CommandRun jobs(String... args) {
    return CommandRun.run(new JobsCommand(settings()), args);
  }

  private CommandRun submit(String... args) {
    List<String> all = new ArrayList<>(List.of("submit", "--work-dir", workspace.toString()));
    all.addAll(List.of(args));
    CommandRun submitted = jobs(all.toArray(String[]::new));
    assertThat(submitted.exit()).as(submitted.err()).isZero();
    return submitted;
  }

  /** Polls {@code jobs status} until the job ended; returns the last status text. */
  private String awaitEnd(String id) throws InterruptedException {
    CommandRun status = jobs("status", id);
    for (int i = 0; i < 300 && status.out().matches("(?s)\\S+ (queued|running).*"); i++) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(100));
      status = jobs("status", id);
    }
    return status.out();
  }

  private String nativeId(String id) {
    try (Compute compute = Compute.open(settings())) {
      return compute.jobs().job(id).nativeId();
    }
  }

  /**
   * The tar of job {@code id}'s bundle, uncompressed, whether it went inline or through the repo.
   */
  private String bundle(String id) throws Exception {
    JsonNode env = fake.request(nativeId(id)).path("environment");
    byte[] gz =
        env.has("MLINTERN_BUNDLE")
            ? Base64.getDecoder().decode(env.path("MLINTERN_BUNDLE").asText())
            : fake.hub().file("alice/mlintern-jobs", "bundles/" + id + ".tar.gz").orElseThrow();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aWorkspaceScriptWithAHelperInASubfolderRunsInAnEmptyFolderAndItsOutputsComeBack()
      throws Exception {
    Files.createDirectories(workspace.resolve("lib"));
    Files.writeString(workspace.resolve("lib/helpers.py"), "def score():\n    return 0.875\n");
    Files.writeString(workspace.resolve("notes.txt"), "not for the job\n");
    Files.writeString(
        workspace.resolve("train.py"),
        """
        import json, os
        from lib.helpers import score
        print("MLINTERN_METRIC " + json.dumps({"name": "val_acc", "value": score(), "step": 1}))
        print("sees notes:", os.path.exists("notes.txt"))
        print("wandb key length:", len(os.environ.get("WANDB_API_KEY", "")))
        out = os.environ["MLINTERN_OUTPUT"]
        json.dump({"status": "ok", "val_acc": score()}, open(os.path.join(out, "result.json"), "w"))
        """);

    String id =
        submit("--secret", "WANDB_API_KEY", "--dependency", "numpy", "--", "python", "train.py")
            .lastLine();
    String status = awaitEnd(id);

    assertThat(status)
        .contains(id + " succeeded (exit 0) on hf-jobs", "val_acc=0.875@1")
        .contains("outputs: hf://alice/mlintern-jobs/outputs/" + id);
    String log = jobs("logs", id, "--tail", "40").out();
    assertThat(log)
        .contains("uv (stand-in): installs nothing", "numpy", "sees notes: False")
        .contains("wandb key length: " + WANDB.length());
    try (Compute compute = Compute.open(settings())) {
      assertThat(compute.jobs().metrics(id)).extracting(MetricPoint::name).contains("val_acc");
      assertThat(compute.jobs().job(id).outputsLocation())
          .isEqualTo("hf://alice/mlintern-jobs/outputs/" + id);
      assertThat(compute.jobs().job(id).outputDir().resolve("result.json"))
          .as("the run is recorded with the result.json the job uploaded")
          .content()
          .contains("\"status\": \"ok\"");
    }
    String nativeId = nativeId(id);
    JsonNode request = fake.request(nativeId);
    assertThat(request.path("secrets").path("WANDB_API_KEY").asText()).isEqualTo(WANDB);
    assertThat(request.path("environment").toString()).doesNotContain(WANDB, TOKEN);
    assertThat(request.path("command").toString()).doesNotContain(WANDB, TOKEN);
    assertThat(request.path("environment").has("MLINTERN_BUNDLE")).as("sent inline").isTrue();
    assertThat(bundle(id))
        .contains("train.py", "lib/helpers.py")
        .doesNotContain("not for the job", WANDB, TOKEN);
    try (var listed = Files.list(fake.folder(nativeId))) {
      assertThat(listed.map(p -> p.getFileName().toString())).containsExactly("mlintern");
    }

    CommandRun fetch = jobs("fetch", id, "--to", fetched.toString());
    assertThat(fetch.exit()).as(fetch.err()).isZero();
    assertThat(fetch.out()).contains(fetched.resolve("result.json").toString());
    assertThat(Files.readString(fetched.resolve("result.json"))).contains("\"val_acc\": 0.875");
  }

  @Test
  void theTabularRecipeTrainsOnAWorkspaceCsvNamedInItsConfig() throws Exception {
    Files.createSymbolicLink(workspace.resolve("recipes"), RECIPES);
    Files.createDirectories(workspace.resolve("data"));
    StringBuilder csv = new StringBuilder("x1,x2,label\n");
    Random random = new Random(1);
    for (int i = 0; i < 80; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      csv.append(a).append(',').append(b).append(',').append(a + b > 0 ? "yes" : "no").append('\n');
    }
    Files.writeString(workspace.resolve("data/train.csv"), csv);
    Path config = workspace.resolve("tabular.json");
    Files.writeString(
        config,
        "{\"train\": \"data/train.csv\", \"target\": \"label\", \"model\": \"linear\","
            + " \"metric\": \"accuracy\", \"validation\": {\"scheme\": \"kfold\", \"folds\": 3}}");

    String id =
        submit("--config", config.toString(), "--", "python", "recipes/tabular.py").lastLine();
    String status = awaitEnd(id);

    assertThat(status).as(jobs("logs", id, "--tail", "60").out()).contains(id + " succeeded");
    assertThat(status).contains("val_accuracy=");
    assertThat(jobs("logs", id, "--grep", "stand-in").out())
        .as("the recipe's PEP 723 dependencies are installed first")
        .contains("installs nothing: pip install", "numpy pandas scikit-learn");
    CommandRun fetch = jobs("fetch", id);
    assertThat(fetch.exit()).as(fetch.err()).isZero();
    assertThat(jobs("status", id).out()).contains("val_accuracy=");
    try (Compute compute = Compute.open(settings())) {
      Path folder = compute.jobs().job(id).outputDir();
      assertThat(folder.resolve("result.json")).exists();
      assertThat(
              folder.resolve("predictions.csv").toFile().exists()
                  || folder.resolve("oof.csv").toFile().exists())
          .isTrue();
    }
  }

  @Test
  void anLlmRecipeBringsLlmkitAlong() throws Exception {
    Files.createSymbolicLink(workspace.resolve("recipes"), RECIPES);

    String id = submit("--", "python", "recipes/llm/sft.py", "--help").lastLine();
    String status = awaitEnd(id);

    assertThat(status).as(jobs("logs", id, "--tail", "40").out()).contains(id + " succeeded");
    assertThat(jobs("logs", id, "--tail", "40").out()).contains("usage: sft.py");
    assertThat(bundle(id))
        .contains("recipes/llm/llmkit/runner.py", "recipes/mlintern_recipe.py")
        .doesNotContain("recipes/llm/tests/");
  }

  @Test
  void aBundleTooLargeToGoInlineTravelsThroughTheHubRepo() throws Exception {
    byte[] noise = new byte[400_000];
    new Random(3).nextBytes(noise);
    Files.write(workspace.resolve("weights.bin"), noise);
    Files.writeString(
        workspace.resolve("check.py"),
        """
        import json, os, sys
        size = os.path.getsize(sys.argv[1])
        print("MLINTERN_METRIC " + json.dumps({"name": "bytes", "value": size}))
        open(os.path.join(os.environ["MLINTERN_OUTPUT"], "size.txt"), "w").write(str(size))
        """);

    CommandRun dry = submit("--dry-run", "--", "python", "check.py", "weights.bin");
    assertThat(dry.out())
        .contains("weights.bin", "uploaded to alice/mlintern-jobs as bundles/", "outputs:");
    assertThat(fake.server().requests()).noneMatch(r -> r.path().equals("/api/jobs/alice"));

    String id = submit("--", "python", "check.py", "weights.bin").lastLine();
    String status = awaitEnd(id);

    assertThat(status).contains(id + " succeeded", "bytes=400000");
    JsonNode env = fake.request(nativeId(id)).path("environment");
    assertThat(env.has("MLINTERN_BUNDLE")).isFalse();
    assertThat(env.path("MLINTERN_BUNDLE_URL").asText())
        .endsWith("/alice/mlintern-jobs/resolve/main/bundles/" + id + ".tar.gz");
    assertThat(fake.hub().inLfs("alice/mlintern-jobs", "bundles/" + id + ".tar.gz")).isTrue();
    assertThat(fake.hub().isPrivate("alice/mlintern-jobs")).isTrue();
    assertThat(jobs("fetch", id, "--to", fetched.toString()).exit()).isZero();
    assertThat(Files.readString(fetched.resolve("size.txt"))).isEqualTo("400000");
  }

  @Test
  void aJobMissingADependencyOrAFileFailsWithADiagnosisThatNamesIt() throws Exception {
    Files.writeString(workspace.resolve("needs_module.py"), "import fancylib_not_here\n");
    Files.createDirectories(workspace.resolve("data"));
    Files.writeString(workspace.resolve("data/extra.csv"), "a\n1\n");
    Files.writeString(workspace.resolve("needs_file.py"), "print(open('data/extra.csv').read())\n");

    String module = submit("--", "python", "needs_module.py").lastLine();
    String file = submit("--", "python", "needs_file.py").lastLine();

    assertThat(awaitEnd(module)).contains(module + " failed");
    assertThat(awaitEnd(file)).contains(file + " failed");
    try (Compute compute = Compute.open(settings())) {
      ToolContext context =
          new ToolContext("s-1", "c-1", workspace, e -> {}, Secrets.none(), () -> false);
      assertThat(DiagnoseTool.diagnose(compute.jobs(), module, context))
          .anySatisfy(
              f -> {
                assertThat(f.kind()).isEqualTo("missing_module");
                assertThat(f.summary()).contains("fancylib_not_here");
              });
      assertThat(DiagnoseTool.diagnose(compute.jobs(), file, context))
          .extracting(Finding::kind, Finding::summary)
          .anySatisfy(
              t -> {
                assertThat(t.toList().get(0)).isEqualTo("missing_file");
                assertThat((String) t.toList().get(1)).contains("'data/extra.csv'", "files");
              });
    }
    CommandRun listed = submit("--file", "data/extra.csv", "--", "python", "needs_file.py");
    assertThat(awaitEnd(listed.lastLine())).contains(listed.lastLine() + " succeeded");
  }
}
