package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local machine offers jobs: its GPUs and the Python interpreter they run with. */
class MachineDiscoveryTest {
  @TempDir Path dir;

  @Test
  void gpusParseFromNvidiaSmiAndAreAbsentWithoutIt() {
    assertThat(Gpus.parse("0, NVIDIA H100 80GB HBM3, 81559\n1, NVIDIA H100 80GB HBM3, 81559\n"))
        .containsExactly(
            new Gpus.Gpu(0, "NVIDIA H100 80GB HBM3", 81559),
            new Gpus.Gpu(1, "NVIDIA H100 80GB HBM3", 81559));
    assertThat(Gpus.detect(dir.resolve("no-nvidia-smi").toString())).isEmpty();
  }

  @Test
  void pythonResolutionPrefersTheConfiguredInterpreterThenOneWithTheModules() throws Exception {
    assertThat(new PythonResolver("/opt/py/bin/python", "/usr/bin", List.of("sklearn")).resolve())
        .isEqualTo("/opt/py/bin/python");
    Path fake = dir.resolve("bin");
    Files.createDirectories(fake);
    Path python = fake.resolve("python3");
    Files.writeString(python, "#!/bin/sh\nexit 1\n");
    python.toFile().setExecutable(true);
    PythonResolver resolver = new PythonResolver(null, fake + ":/usr/bin", List.of("json"));
    assertThat(resolver.resolve()).isEqualTo("/usr/bin/python3");
    assertThat(resolver.rewrite(List.of("python", "x.py")))
        .containsExactly("/usr/bin/python3", "x.py");
    assertThat(resolver.rewrite(List.of("bash", "x.sh"))).containsExactly("bash", "x.sh");
  }
}
