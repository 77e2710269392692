package dev.mlintern.research.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.research.ResearchException;
import org.junit.jupiter.api.Test;

class PaperIdTest {
  @Test
  void acceptsTheFormsPeopleAndModelsType() {
    assertThat(PaperId.parse("2104.12255v1")).isEqualTo(PaperId.arxiv("2104.12255v1"));
    assertThat(PaperId.parse("arXiv:1706.03762").s2Form()).isEqualTo("ARXIV:1706.03762");
    assertThat(PaperId.parse("https://arxiv.org/pdf/1706.03762v7.pdf").value())
        .isEqualTo("1706.03762v7");
    assertThat(PaperId.parse("https://huggingface.co/papers/2602.23229").key())
        .isEqualTo("arxiv:2602.23229");
    assertThat(PaperId.parse("hep-th/9901001v2").unversioned()).isEqualTo("hep-th/9901001");
    assertThat(PaperId.parse("math.GT/0309136").isArxiv()).isTrue();
    assertThat(PaperId.parse("2D5673CAA9E6AF3A7B82A43F19EE920992DB07AD").key())
        .isEqualTo("s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad");
    assertThat(PaperId.parse("CorpusId:14636783").s2Form()).isEqualTo("CorpusId:14636783");
    assertThat(PaperId.parse("10.1093/MIND/LIX.236.433").key())
        .isEqualTo("doi:10.1093/mind/lix.236.433");
  }

  @Test
  void rejectsWhatIsNotAnId() {
    for (String bad :
        new String[] {"abc", "", "1706.037", "CorpusId:x", "attention is all you need"}) {
      assertThatThrownBy(() -> PaperId.parse(bad))
          .as(bad)
          .isInstanceOf(ResearchException.class)
          .hasMessageContaining("astro-ph/0601001");
    }
  }
}
