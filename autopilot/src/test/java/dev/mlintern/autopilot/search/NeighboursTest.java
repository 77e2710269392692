package dev.mlintern.autopilot.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Refinement steps must be configurations the recipe accepts: a house-price run once spent a third
 * of its budget on twelve "simple-gN" trials that all failed with "RidgeCV got an unexpected
 * keyword argument 'C'".
 */
class NeighboursTest {
  @Test
  void aRegressionsLinearModelIsNotSteppedOnAKnobItDoesNotHave() {
    Candidate simple = Candidate.of("simple", "linear", Map.of(), "baseline");
    assertThat(SearchSpace.neighbours(simple, 1, false)).isEmpty();
  }

  @Test
  void aClassifiersLinearModelIsSteppedUpAndDownItsRegularisation() {
    Candidate simple = Candidate.of("simple", "linear", Map.of(), "baseline");
    assertThat(SearchSpace.neighbours(simple, 1, true))
        .extracting(c -> c.name() + " " + c.model().path("params"))
        .containsExactly("simple-g1u {\"C\":2.0}", "simple-g1d {\"C\":0.5}");
  }
}
