package dev.mlintern.core.model;

/**
 * Why the model stopped. {@code MAX_TOKENS} with a tool call in flight means the call was cut off.
 */
public enum StopReason {
  END_TURN,
  TOOL_USE,
  MAX_TOKENS,
  STOP_SEQUENCE,
  REFUSAL,
  CONTEXT_EXCEEDED,
  OTHER
}
