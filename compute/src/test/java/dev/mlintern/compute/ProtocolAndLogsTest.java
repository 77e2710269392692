package dev.mlintern.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics protocol parser, log slicing, durations and ids. */
class ProtocolAndLogsTest {
  @TempDir Path dir;

  @Test
  void metricLinesParseWithNonFiniteValuesAndMalformedOnesAreIgnored() {
    MetricPoint p =
        MetricsProtocol.metric(
                "MLINTERN_METRIC {\"name\": \"loss\", \"value\": 0.43, \"step\": 10, \"split\": \"train\"}")
            .orElseThrow();
    assertThat(p).isEqualTo(new MetricPoint("loss", 0.43, 10L, "train"));
    assertThat(
            MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"loss\", \"value\": \"NaN\"}")
                .orElseThrow()
                .value())
        .isNaN();
    assertThat(
            MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"x\", \"value\": \"-Infinity\"}")
                .orElseThrow()
                .jsonValue()
                .asText())
        .isEqualTo("-Infinity");
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"x\"}")).isEmpty();
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {\"value\": 1}")).isEmpty();
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {broken")).isEmpty();
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"x\", \"value\": \"high\"}"))
        .isEmpty();
    // only the contract's spellings: Python's str(float("nan")) is not one
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"x\", \"value\": \"nan\"}"))
        .isEmpty();
    assertThat(MetricsProtocol.metric("MLINTERN_METRIC {\"name\": \"x\", \"value\": \"inf\"}"))
        .isEmpty();
    assertThat(MetricsProtocol.metric("loss 0.4")).isEmpty();
    assertThat(
            MetricsProtocol.result("MLINTERN_RESULT {\"status\": \"ok\"}")
                .orElseThrow()
                .path("status")
                .asText())
        .isEqualTo("ok");
  }

  @Test
  void logsReadByTailGrepAndOffsetWithACap() throws Exception {
    Path log = dir.resolve("stdout.log");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(log, text + "partial");
    assertThat(LogReader.read(log, LogQuery.tail(2)).lines())
        .containsExactly("line 1000", "partial");
    assertThat(LogReader.read(log, new LogQuery(null, null, "^line 99\\d$", 1000)).lines())
        .hasSize(10);
    LogChunk first = LogReader.read(log, new LogQuery(null, 0L, null, 100));
    assertThat(first.truncated()).isTrue();
    assertThat(first.lines()).startsWith("line 1", "line 2");
    List<String> all = new java.util.ArrayList<>(first.lines());
    LogChunk page = first;
    while (page.truncated()) {
      page = LogReader.read(log, new LogQuery(null, page.nextOffset(), null, 1000));
      all.addAll(page.lines());
    }
    assertThat(all).hasSize(1000).doesNotHaveDuplicates().last().isEqualTo("line 1000");
    assertThat(page.nextOffset()).isEqualTo(Files.size(log) - "partial".length());
    LogChunk capped = LogReader.read(log, new LogQuery(null, null, null, 50));
    assertThat(String.join("\n", capped.lines()).length()).isLessThanOrEqualTo(50);
    assertThat(capped.truncated()).isTrue();
    assertThat(LogReader.read(dir.resolve("absent.log"), LogQuery.tail(5)).lines()).isEmpty();
  }

  @Test
  void timeoutsIdsAndFormatting() {
    assertThat(JobSpec.timeout("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(JobSpec.timeout("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(JobSpec.timeout("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(JobSpec.timeout("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(JobSpec.timeout(null)).isNull();
    assertThatThrownBy(() -> JobSpec.timeout("0m")).isInstanceOf(JobException.class);
    assertThatThrownBy(() -> JobSpec.timeout("soon")).hasMessageContaining("30m");
    assertThat(JobIds.next()).matches("j-[a-z2-7]{12}");
    assertThat(JobIds.valid("j-abcdefghijk2")).isTrue();
    assertThat(JobIds.valid("j-ABCDEFGHIJK2")).isFalse();
    assertThat(MetricPoint.format(0.25)).isEqualTo("0.25");
    assertThat(MetricPoint.format(1234567.891)).isEqualTo("1234570");
    assertThat(MetricPoint.format(Double.NaN)).isEqualTo("NaN");
  }
}
