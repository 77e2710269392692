package dev.mlintern.core.tool;

/**
 * A base for the common case of a tool whose name and input type are fixed: it loads the
 * description from the resource {@code tools/<name>.md} beside the subclass once, so the subclass
 * writes only {@code call} (and {@code effects} / {@code estimateUsd} when they differ from the
 * defaults).
 *
 * @param <I> the input record type
 */
public abstract class DescribedTool<I> implements Tool<I> {
  private final String name;
  private final Class<I> inputType;
  private final String description;

  protected DescribedTool(String name, Class<I> inputType) {
    this.name = name;
    this.inputType = inputType;
    this.description = ToolDescriptions.load(getClass(), name);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Class<I> inputType() {
    return inputType;
  }
}
