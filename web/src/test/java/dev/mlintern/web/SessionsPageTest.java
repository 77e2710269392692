package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionsPageTest {
  @Test
  void longGoalsAreCutToTheirFirstSentence() {
    assertThat(
            SessionsPage.headline(
                "Solve this bench task and hand back a submission. Its files are in the workspace."))
        .isEqualTo("Solve this bench task and hand back a submission.");
    assertThat(SessionsPage.headline("beat 0.97 accuracy\nData: train.csv"))
        .isEqualTo("beat 0.97 accuracy");
    assertThat(SessionsPage.headline("x".repeat(500))).hasSize(140).endsWith("…");
    assertThat(SessionsPage.headline("Fine-tune a 1.7B model. Then report."))
        .isEqualTo("Fine-tune a 1.7B model.");
  }
}
