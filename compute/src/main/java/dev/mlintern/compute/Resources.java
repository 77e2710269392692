package dev.mlintern.compute;

/**
 * What a job asks for. {@code memoryMb} 0 means the executor's default; {@code flavor} names HF
 * Jobs hardware (ignored elsewhere).
 */
public record Resources(int cpus, long memoryMb, int gpus, String flavor) {
  public Resources {
    if (cpus < 0 || gpus < 0 || memoryMb < 0) {
      throw new JobException(
          JobException.Kind.INVALID, "cpus, gpus and memory must not be negative");
    }
  }

  public static Resources defaults() {
    return new Resources(1, 0, 0, null);
  }
}
