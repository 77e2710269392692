package dev.mlintern.models;

/**
 * A model spec or provider setting the user must fix before any call is made: an unknown prefix, a
 * missing key, a malformed base URL. The message says what to change. Failures of calls themselves
 * are core's {@link dev.mlintern.core.model.ModelException}.
 */
public class ModelConfigException extends RuntimeException {
  public ModelConfigException(String message) {
    super(message);
  }
}
