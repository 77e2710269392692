package dev.mlintern.compute.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Runs are named by what they are, from the configs and commands jobs really carry. */
class RunNameTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void namesARunByItsTrialModelParametersOrScriptAndOnlyLastlyByItsId() throws Exception {
    assertThat(
            RunName.of(
                "r-1",
                JSON.readTree(
                    "{\"model\": \"gbm\", \"train\": \"data/train.csv\", \"params\": {\"depth\": 3},"
                        + " \"autopilot\": {\"trial\": \"cv\", \"candidate\": \"gbm-deep\"}}"),
                "[\"python\", \".autopilot/trial.py\"]"))
        .isEqualTo("cv · gbm-deep");
    assertThat(
            RunName.of(
                "r-2",
                JSON.readTree("{\"model\": \"svc\", \"params\": {\"C\": 10, \"gamma\": 0.01}}"),
                null))
        .isEqualTo("svc C=10 gamma=0.01");
    assertThat(
            RunName.of(
                "r-3",
                JSON.readTree("{\"lr\": 0.01, \"seed\": 7, \"train\": \"data/x.csv\"}"),
                "[\"python3\", \"scripts/train.py\", \"--fast\"]"))
        .isEqualTo("train.py lr=0.01");
    assertThat(RunName.of("r-4", null, "[\"bash\", \"-c\", \"echo hi\"]")).isEqualTo("bash");
    assertThat(RunName.of("r-5", null, null)).isEqualTo("r-5");
  }
}
