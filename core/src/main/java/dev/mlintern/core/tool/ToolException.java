package dev.mlintern.core.tool;

/**
 * A failure the model caused and can fix. The message is written for the model and says what to do
 * next, e.g. "dataset has no column 'label'; columns are: text, stars — pass target=stars". It
 * becomes an error tool result; the loop goes on.
 */
public class ToolException extends RuntimeException {
  public ToolException(String messageForModel) {
    super(messageForModel);
  }

  public ToolException(String messageForModel, Throwable cause) {
    super(messageForModel, cause);
  }
}
