package dev.mlintern.compute.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.executor.LocalExecutor;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.tools.DiagnoseTool;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real recipe runs as local jobs, diagnosed from what they left behind: a forced NaN (huge learning
 * rate) and a forced overfit (a deep forest on pure noise). The interpreter is resolved as in
 * production: the first python3 that has the ML stack (on Debian, /usr/bin/python3).
 */
class RecipeDiagnosisTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private LedgerDb db;
  private JobService service;
  private final Path recipes = Path.of("").toAbsolutePath().getParent().resolve("recipes");

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(home.resolve("workspace"));
    db = LedgerDb.open(home);
    LocalExecutor local =
        new LocalExecutor(
            home.resolve("jobs"),
            2,
            Map.of(
                "PATH", "/root/.pyenv/shims:/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()),
            new PythonResolver(
                null,
                "/root/.pyenv/shims:/usr/local/bin:/usr/bin:/bin",
                List.of("torch", "sklearn", "pandas")),
            List::of,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Sandbox.detect(List.of(home), List.of(recipes)));
    service =
        new JobService(
            db,
            Map.of("local", local),
            home.resolve("jobs"),
            Secrets.none(),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private List<Finding> runAndDiagnose(String script, String config) throws Exception {
    JobSpec spec =
        JobSpec.of(List.of("python3", recipes.resolve(script).toString()))
            .withConfig(JSON.readTree(config))
            .withLabels(Map.of("experiment", "diagnosis"))
            .withWorkDir(home.resolve("workspace").toString())
            .withTimeout(Duration.ofMinutes(3));
    JobRecord job = service.submit(spec, "local", null, false, e -> {});
    JobView done = service.await(job.id(), Duration.ofMinutes(3), Duration.ofMillis(250), e -> {});
    assertThat(done.job().state())
        .as(Files.readString(job.log()))
        .isIn(JobState.SUCCEEDED, JobState.FAILED);
    return DiagnoseTool.diagnose(service, job.id(), ToolContext.standalone(home));
  }

  @Test
  void aHugeLearningRateIsDiagnosedAsNan() throws Exception {
    List<Finding> findings =
        runAndDiagnose(
            "image.py",
            "{\"dataset\": \"digits\", \"optimizer\": \"sgd\", \"lr\": 1000000.0, \"epochs\": 3}");
    Finding nan =
        findings.stream()
            .filter(f -> f.kind().equals("nan_or_divergence"))
            .findFirst()
            .orElseThrow();
    assertThat(nan.evidence().get(0)).contains("loss = NaN");
    assertThat(nan.nextConfigs().get(0).path("lr").asDouble()).isEqualTo(100000.0);
    assertThat(service.ledger().runs("diagnosis"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("failed"));
  }

  @Test
  void aForestOnNoiseIsDiagnosedAsOverfitting() throws Exception {
    StringBuilder csv = new StringBuilder("id,a,b,c,d,label\n");
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 200; i++) {
      csv.append(i)
          .append(',')
          .append(random.nextGaussian())
          .append(',')
          .append(random.nextGaussian())
          .append(',')
          .append(random.nextGaussian())
          .append(',')
          .append(random.nextGaussian())
          .append(',')
          .append(random.nextBoolean() ? "yes" : "no")
          .append('\n');
    }
    Path train = home.resolve("workspace").resolve("noise.csv");
    Files.writeString(train, csv);
    List<Finding> findings =
        runAndDiagnose(
            "tabular.py",
            "{\"train\": \""
                + train
                + "\", \"target\": \"label\", \"id\": \"id\","
                + " \"metric\": \"accuracy\", \"model\": \"rf\", \"params\": {\"n_estimators\": 50},"
                + " \"validation\": {\"scheme\": \"kfold\", \"folds\": 3}}");
    Finding overfit =
        findings.stream()
            .filter(f -> f.kind().equals("overfitting"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no overfitting finding in "
                            + findings
                            + " from "
                            + service.metrics(service.list(null, 1).get(0).id())));
    assertThat(overfit.evidence().get(0)).contains("train_accuracy = 1");
    assertThat(overfit.nextConfigs().get(0).path("params").path("min_samples_leaf").asInt())
        .isEqualTo(5);
    assertThat(overfit.nextConfigs().get(0).path("params").path("n_estimators").asInt())
        .isEqualTo(50);
  }
}
