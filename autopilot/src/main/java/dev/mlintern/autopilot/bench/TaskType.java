package dev.mlintern.autopilot.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a bench task asks for, as written in its {@code task.md} front matter. */
public enum TaskType {
  CLASSIFICATION,
  REGRESSION,
  TEXT_CLASSIFICATION;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean classification() {
    return this != REGRESSION;
  }

  static TaskType parse(String value, String where) {
    for (TaskType type : values()) {
      if (type.label().equals(value)) {
        return type;
      }
    }
    throw new dev.mlintern.autopilot.AutopilotException(
        dev.mlintern.autopilot.AutopilotException.Kind.BAD_TASK,
        where
            + ": unknown type '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(TaskType::label).collect(Collectors.joining(", ")));
  }
}
