package dev.mlintern.autopilot.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DataShapeTest {
  @Test
  void wideOrLargeDataIsSearchedOnASubsampleAndOtherDataWhole() throws Exception {
    DataShape pixels =
        DataShape.of(
            new ObjectMapper()
                .readTree(
                    "{\"rows\": 10000, \"columns\": 784, \"classes\": {\"0\": 1000, \"1\": 9000},"
                        + " \"same_scale\": true}"));
    assertThat(pixels.classes()).isEqualTo(2);
    assertThat(pixels.sameScale()).isTrue();
    assertThat(pixels.searchRows()).contains(2000);
    // a fit on every row costs what the search measured, scaled by rows (squared for kernel SVMs)
    assertThat(pixels.scaleTo(10000, "hgb")).isEqualTo(5.0);
    assertThat(pixels.scaleTo(10000, "svm")).isEqualTo(25.0);
    DataShape table = new DataShape(3000, 20, 2, false);
    assertThat(table.searchRows()).isEmpty();
    assertThat(table.scaleTo(3000, "rf"))
        .isCloseTo(1 / 0.64, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(DataShape.unknown().searchRows()).isEmpty();
  }
}
