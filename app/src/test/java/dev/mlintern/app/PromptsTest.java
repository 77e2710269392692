package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The system prompt stays short and points at the workflow the tools support. */
class PromptsTest {
  @Test
  void theSystemPromptIsShortAndNamesTheResearchWorkflowAndItsGuides() {
    String system = Prompts.system();

    assertThat(system.lines().count()).isLessThanOrEqualTo(40);
    assertThat(system)
        .contains("`papers`", "`research`", "`docs`", "`github`", "`dataset`", "`diagnose`")
        .contains("SFT: messages or prompt/completion; DPO: prompt/chosen/rejected; GRPO")
        .contains("smoke or ablation job before any sweep")
        .contains("never a smaller model, a")
        .contains("pages `workflow`, `post-training` and `hardware`");
  }
}
