package dev.mlintern.compute.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobException;
import dev.mlintern.core.Sleeper;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.testkit.FakeHfJobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The create-job request and its bootstrap, run for real by the fake HF Jobs service: the bundle is
 * unpacked in an empty folder, the command runs there and its outputs are committed.
 */
class HfJobRequestTest {
  static final String TOKEN = "hf_faketoken_for_tests_123";
  @TempDir Path workspace;
  @TempDir Path root;
  @TempDir Path fetched;
  FakeHfJobs fake;
  JobRepo repo;
  HfJobRequest requests;

  @BeforeEach
  void start() {
    fake = new FakeHfJobs(root, "alice", TOKEN, Path.of("/usr/bin/python3"));
    HubClient hub =
        new HubClient(
            HubClient.defaultHttpClient(), fake.baseUrl(), Optional.of(TOKEN), Sleeper.SYSTEM);
    repo =
        new JobRepo(
            hub, new HubCache(hub, root.resolve("cache")), fake.baseUrl(), () -> "alice/jobs");
    requests = new HfJobRequest(new BundlePlanner(null), repo, TOKEN);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aSmallBundleTravelsInlineAndTheOutputsAreCommittedWhenTheJobEnds() throws Exception {
    Files.createDirectories(workspace.resolve("lib"));
    Files.writeString(workspace.resolve("lib/helpers.py"), "def twice(x):\n    return 2 * x\n");
    Files.writeString(
        workspace.resolve("train.py"),
        """
        import os, pathlib
        from lib.helpers import twice
        print("MLINTERN_METRIC {\\"name\\": \\"score\\", \\"value\\": %d}" % twice(21))
        print("secret seen:", len(os.environ.get("API_KEY", "")) == 19)
        print("hub token seen:", "MLINTERN_HUB_TOKEN" in os.environ)
        out = pathlib.Path(os.environ["MLINTERN_OUTPUT"])
        (out / "result.json").write_text('{"status": "ok"}')
        (out / "weights.bin").write_bytes(bytes(range(256)) * 4)
        """);

    HfJobRequest.Plan plan =
        requests.plan(
            "j-test1",
            List.of("python", "train.py"),
            null,
            List.of(),
            List.of("numpy"),
            workspace,
            null,
            "cpu-basic",
            Map.of("API_KEY", "sk-the-secret-value"));
    ObjectNode body =
        requests.body(
            plan, Map.of("MODE", "fast"), Map.of("API_KEY", "sk-the-secret-value"), 600, Map.of());
    String id = create(body);

    String log = awaitEnd(id);
    assertThat(plan.inline()).isTrue();
    assertThat(plan.image()).isEqualTo(JobImage.CPU_DEFAULT);
    assertThat(log)
        .contains(
            "uv (stand-in): installs nothing: pip install",
            "numpy",
            "MLINTERN_METRIC {\"name\": \"score\", \"value\": 42}",
            "secret seen: True",
            "hub token seen: False",
            "outputs uploaded to hf://alice/jobs/outputs/j-test1 (2 files)");
    assertThat(fake.folder(id).resolve("mlintern/work/lib/helpers.py")).exists();
    assertThat(fake.folder(id).resolve("mlintern/work/other.py")).doesNotExist();
    assertThat(fake.hub().isPrivate("alice/jobs")).isTrue();
    assertThat(fake.hub().inLfs("alice/jobs", "outputs/j-test1/weights.bin")).isTrue();
    JsonNode sent = fake.request(id);
    assertThat(sent.path("secrets").path("API_KEY").asText()).isEqualTo("sk-the-secret-value");
    assertThat(sent.path("environment").toString()).doesNotContain("sk-the-secret-value", TOKEN);
    assertThat(sent.path("command").toString()).doesNotContain("sk-the-secret-value", TOKEN);

    List<Path> files = repo.fetch("j-test1", fetched, path -> true);
    assertThat(files).hasSize(2);
    assertThat(Files.readString(fetched.resolve("result.json"))).isEqualTo("{\"status\": \"ok\"}");
    assertThat(Files.size(fetched.resolve("weights.bin"))).isEqualTo(1024);
  }

  @Test
  void aLargeBundleGoesThroughTheRepoAndAFailedJobStillUploads() throws Exception {
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);
    Files.write(workspace.resolve("data.bin"), noise);
    Files.writeString(
        workspace.resolve("check.py"),
        """
        import os, sys
        size = os.path.getsize("data.bin")
        open(os.path.join(os.environ["MLINTERN_OUTPUT"], "size.txt"), "w").write(str(size))
        sys.exit(3)
        """);

    HfJobRequest.Plan plan =
        requests.plan(
            "j-big",
            List.of("python3", "check.py", "data.bin"),
            null,
            List.of(),
            List.of(),
            workspace,
            null,
            "cpu-basic",
            Map.of());
    String id = create(requests.body(plan, Map.of(), Map.of(), 600, Map.of()));

    String log = awaitEnd(id);
    assertThat(plan.inline()).isFalse();
    assertThat(plan.describe()).contains("uploaded to alice/jobs as bundles/j-big.tar.gz");
    assertThat(fake.request(id).path("environment").has("MLINTERN_BUNDLE")).isFalse();
    assertThat(log).contains("downloading the job bundle", "outputs uploaded");
    assertThat(info(id).path("status").path("stage").asText()).isEqualTo("ERROR");
    assertThat(fake.hub().file("alice/jobs", "outputs/j-big/size.txt"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("300000"));
  }

  @Test
  void aRecipeOnAGpuFlavorNeedsAnImageWithCudaTorch() throws Exception {
    Files.createDirectories(workspace.resolve("recipes"));
    Files.writeString(workspace.resolve("recipes/x.py"), "print(1)\n");
    JobBundle recipe =
        new JobBundle(
            List.of("python", "recipes/x.py"), new java.util.TreeMap<>(), List.of(), null);

    assertThat(JobImage.choose(null, "a10g-small")).isEqualTo(JobImage.GPU_DEFAULT);
    assertThat(JobImage.choose("me/custom:1", "a10g-small")).isEqualTo("me/custom:1");
    assertThatThrownBy(() -> JobImage.check("python:3.12-alpine", "a10g-small", recipe))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("Alpine-based");
    assertThatThrownBy(() -> JobImage.check("python:3.12", "a10g-small", recipe))
        .hasMessageContaining("has no PyTorch and the job does not install torch");
    JobImage.check("python:3.12", "cpu-basic", recipe);
    JobImage.check(JobImage.GPU_DEFAULT, "a10g-small", recipe);
    JobImage.check(
        "python:3.12",
        "a10g-small",
        new JobBundle(recipe.command(), new java.util.TreeMap<>(), List.of("torch>=2.3"), null));
  }

  @Test
  void anLlmRecipeInstallsTheVersionsOfItsLockNotBareNames() throws Exception {
    Path recipes = BundlePlannerTest.RECIPES;
    Files.createSymbolicLink(workspace.resolve("recipes"), recipes);
    String lock = Files.readString(recipes.resolve("llm/requirements.lock"));
    java.util.function.Function<String, String> locked =
        name -> {
          var m = java.util.regex.Pattern.compile("(?m)^" + name + "==(\\S+)").matcher(lock);
          assertThat(m.find()).as(name + " in the lock").isTrue();
          return name + "==" + m.group(1);
        };

    HfJobRequest.Plan plan =
        requests.plan(
            "j-llm",
            List.of("python", "recipes/llm/sft.py", "--help"),
            null,
            List.of(),
            List.of("wandb", "pandas==2.0.0"),
            workspace,
            null,
            "a10g-small",
            Map.of());
    ObjectNode body = requests.body(plan, Map.of(), Map.of(), 600, Map.of());

    List<String> installs = new java.util.ArrayList<>();
    new ObjectMapper()
        .readTree(body.path("environment").path("MLINTERN_DEPENDENCIES").asText())
        .forEach(d -> installs.add(d.asText()));
    assertThat(installs)
        .contains(
            locked.apply("torch"),
            locked.apply("transformers"),
            locked.apply("peft"),
            locked.apply("trl"),
            locked.apply("datasets"),
            locked.apply("accelerate"))
        .as("a name the lock lacks, and an exact pin the user wrote, stay as given")
        .contains("wandb", "pandas==2.0.0")
        .allSatisfy(d -> assertThat(d).matches("wandb|[A-Za-z0-9_.-]+==\\S+"));
    assertThat(plan.bundle().describe()).contains(locked.apply("trl"));
  }

  private String create(ObjectNode body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/jobs/alice"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body()).path("id").asText();
  }

  private JsonNode info(String id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/jobs/alice/" + id))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  private String awaitEnd(String id) throws Exception {
    for (int i = 0; i < 600 && fake.running(id); i++) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(50));
    }
    for (int i = 0;
        i < 100 && info(id).path("status").path("stage").asText().equals("RUNNING");
        i++) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(20));
    }
    return Files.readString(root.resolve("logs").resolve(id + ".log"));
  }
}
