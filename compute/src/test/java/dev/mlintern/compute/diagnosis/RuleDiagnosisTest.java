package dev.mlintern.compute.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.MetricPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RuleDiagnosis rules on crafted logs, metric curves and results. */
class RuleDiagnosisTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static List<Finding> diagnose(
      JobState state,
      Integer exit,
      List<String> log,
      List<MetricPoint> metrics,
      String config,
      String result)
      throws Exception {
    return RuleDiagnosis.diagnose(
        new RuleDiagnosis.Input(
            state,
            exit,
            log,
            metrics,
            config == null ? null : json(config),
            result == null ? null : json(result)));
  }

  private static Finding only(List<Finding> findings, String kind) {
    assertThat(findings).extracting(Finding::kind).contains(kind);
    return findings.stream().filter(f -> f.kind().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void aMissingFileOrAFailedInstallIsNamed() throws Exception {
    Finding file =
        only(
            diagnose(
                JobState.FAILED,
                1,
                List.of(
                    "Traceback (most recent call last):",
                    "FileNotFoundError: [Errno 2] No such file or directory: 'data/extra.csv'"),
                List.of(),
                null,
                null),
            "missing_file");
    assertThat(file.summary()).contains("'data/extra.csv'", "list it in files");
    Finding install =
        only(
            diagnose(
                JobState.FAILED,
                1,
                List.of(
                    "ERROR: No matching distribution found for scikit-lern",
                    "mlintern: installing dependencies failed (exit 1): scikit-lern, pandas"),
                List.of(),
                null,
                null),
            "missing_dependency");
    assertThat(install.summary()).contains("installed: scikit-lern;");
  }

  @Test
  void theRecipesMissingFileImportErrorsAndBadColumnsAreNamed() throws Exception {
    // the tabular recipe's own words for a training file that is not where the config says
    String missing =
        "{\"status\": \"error\", \"error\": {\"kind\": \"missing_file\","
            + " \"message\": \"train file not found: data/train.csv\"}}";
    List<Finding> file = diagnose(JobState.FAILED, 2, List.of(), List.of(), null, missing);
    assertThat(only(file, "missing_file").summary()).contains("'data/train.csv'");
    assertThat(file).extracting(Finding::kind).doesNotContain("schema_mismatch");
    Finding imports =
        only(
            diagnose(
                JobState.FAILED,
                1,
                List.of(
                    "Traceback (most recent call last):",
                    "ImportError: cannot import name 'root_mean_squared_error' from"
                        + " 'sklearn.metrics'"),
                List.of(),
                null,
                null),
            "import_error");
    assertThat(imports.summary())
        .contains("cannot import name 'root_mean_squared_error' from 'sklearn.metrics'");
    String column =
        "{\"status\": \"error\", \"error\": {\"kind\": \"missing_column\","
            + " \"message\": \"train has no column 'SalePrice'; columns are: id, price\"}}";
    assertThat(
            only(
                    diagnose(JobState.FAILED, 2, List.of(), List.of(), null, column),
                    "schema_mismatch")
                .summary())
        .contains("no column 'SalePrice'");
    Finding key =
        only(
            diagnose(JobState.FAILED, 1, List.of("KeyError: 'label'"), List.of(), null, null),
            "schema_mismatch");
    assertThat(key.summary()).contains("no column 'label'");
  }

  @Test
  void cudaOutOfMemoryHalvesTheBatch() throws Exception {
    Finding f =
        only(
            diagnose(
                JobState.FAILED,
                1,
                List.of(
                    "step 10 loss 2.1",
                    "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"),
                List.of(),
                "{\"batch_size\": 32, \"lr\": 0.001}",
                null),
            "out_of_memory");
    assertThat(f.evidence().get(0)).contains("CUDA out of memory");
    assertThat(f.nextConfigs().get(0).path("batch_size").asInt()).isEqualTo(16);
    assertThat(f.nextConfigs().get(1).path("gradient_accumulation_steps").asInt()).isEqualTo(2);
  }

  @Test
  void aKilledJobWithExit137IsOutOfMemory() throws Exception {
    assertThat(diagnose(JobState.FAILED, 137, List.of("epoch 1"), List.of(), null, null))
        .extracting(Finding::kind)
        .contains("out_of_memory");
    assertThat(diagnose(JobState.CANCELLED, 137, List.of(), List.of(), null, null)).isEmpty();
  }

  @Test
  void aNanLossLowersTheLearningRateTenfold() throws Exception {
    Finding f =
        only(
            diagnose(
                JobState.FAILED,
                2,
                List.of(),
                List.of(
                    new MetricPoint("loss", 2.3, 0L, "train"),
                    new MetricPoint("loss", Double.NaN, 1L, "train")),
                "{\"lr\": 0.5}",
                null),
            "nan_or_divergence");
    assertThat(f.evidence()).containsExactly("loss = NaN at step 1");
    assertThat(f.nextConfigs().get(0).path("lr").asDouble()).isEqualTo(0.05);
    assertThat(f.nextConfigs().get(1).path("grad_clip").asDouble()).isEqualTo(1.0);
  }

  @Test
  void anExplodingLossIsDivergence() throws Exception {
    List<MetricPoint> curve =
        List.of(
            new MetricPoint("loss", 2.0, 1L, "train"),
            new MetricPoint("loss", 3.5, 2L, "train"),
            new MetricPoint("loss", 9.0, 3L, "train"),
            new MetricPoint("loss", 40.0, 4L, "train"));
    assertThat(
            only(
                    diagnose(
                        JobState.SUCCEEDED, 0, List.of(), curve, "{\"learning_rate\": 0.1}", null),
                    "nan_or_divergence")
                .nextConfigs()
                .get(0)
                .path("learning_rate")
                .asDouble())
        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aFlatLossIsAPlateau() throws Exception {
    List<MetricPoint> curve = new java.util.ArrayList<>();
    for (long step = 0; step < 20; step++) {
      curve.add(
          new MetricPoint(
              "loss", step < 5 ? 2.0 - 0.1 * step : 1.5 + 0.001 * (step % 2), step, "train"));
    }
    Finding f =
        only(
            diagnose(JobState.SUCCEEDED, 0, List.of(), curve, "{\"lr\": 0.0001}", null), "plateau");
    assertThat(f.nextConfigs().get(0).path("lr").asDouble())
        .isCloseTo(0.0003, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aTrainValidationGapIsOverfittingWithRegularisedConfigs() throws Exception {
    List<MetricPoint> metrics =
        List.of(
            new MetricPoint("val_accuracy", 0.62, null, "val"),
            new MetricPoint("train_accuracy", 1.0, null, "train"));
    Finding f =
        only(
            diagnose(
                JobState.SUCCEEDED,
                0,
                List.of(),
                metrics,
                "{\"model\": \"rf\", \"params\": {}}",
                null),
            "overfitting");
    assertThat(f.evidence().get(0)).contains("train_accuracy = 1", "val_accuracy = 0.62");
    assertThat(f.nextConfigs().get(0).path("params").path("min_samples_leaf").asInt()).isEqualTo(5);
    List<MetricPoint> regression =
        List.of(
            new MetricPoint("val_rmse", 50, null, "val"),
            new MetricPoint("train_rmse", 20, null, "train"));
    assertThat(diagnose(JobState.SUCCEEDED, 0, List.of(), regression, "{\"model\": \"hgb\"}", null))
        .extracting(Finding::kind)
        .containsExactly("overfitting");
    List<MetricPoint> healthy =
        List.of(
            new MetricPoint("val_accuracy", 0.95, null, "val"),
            new MetricPoint("train_accuracy", 0.97, null, "train"));
    assertThat(diagnose(JobState.SUCCEEDED, 0, List.of(), healthy, "{}", null)).isEmpty();
  }

  @Test
  void timeoutMissingModuleSchemaAndBadHyperparameter() throws Exception {
    assertThat(
            only(
                    diagnose(
                        JobState.TIMED_OUT, 143, List.of(), List.of(), "{\"epochs\": 10}", null),
                    "timeout")
                .nextConfigs()
                .get(0)
                .path("epochs")
                .asInt())
        .isEqualTo(5);
    assertThat(
            only(
                    diagnose(
                        JobState.FAILED,
                        1,
                        List.of(
                            "Traceback (most recent call last):",
                            "ModuleNotFoundError: No module named 'xgboost'"),
                        List.of(),
                        null,
                        null),
                    "missing_module")
                .summary())
        .contains("xgboost");
    assertThat(
            only(
                    diagnose(
                        JobState.FAILED,
                        2,
                        List.of(),
                        List.of(),
                        null,
                        "{\"status\": \"error\", \"error\": {\"kind\": \"missing_column\", \"message\": \"train has no column 'label'\"}}"),
                    "schema_mismatch")
                .evidence()
                .get(0))
        .contains("no column 'label'");
    assertThat(
            diagnose(
                JobState.FAILED,
                2,
                List.of(
                    "error: bad_hyperparameter: hgb: The 'learning_rate' parameter of"
                        + " HistGradientBoostingClassifier must be a float in the range (0, inf)"),
                List.of(),
                "{\"params\": {\"learning_rate\": -1}}",
                null))
        .extracting(Finding::kind)
        .contains("bad_hyperparameter");
  }
}
