package dev.mlintern.compute.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The GPUs on this machine as {@code nvidia-smi} reports them; none when it is absent or fails. */
public final class Gpus {
  /** One GPU: index, model name and memory in MiB. */
  public record Gpu(int index, String name, long memoryMb) {}

  private Gpus() {}

  public static List<Gpu> detect(String nvidiaSmi) {
    try {
      Process p =
          new ProcessBuilder(
                  nvidiaSmi, "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits")
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? parse(out) : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  static List<Gpu> parse(String csv) {
    List<Gpu> gpus = new ArrayList<>();
    for (String line : csv.split("\n")) {
      String[] cells = line.split(",");
      if (cells.length < 3) {
        continue;
      }
      try {
        gpus.add(
            new Gpu(
                Integer.parseInt(cells[0].strip()),
                cells[1].strip(),
                Long.parseLong(cells[2].strip())));
      } catch (NumberFormatException e) {
        // a header or a warning line: not a GPU
      }
    }
    return gpus;
  }
}
