package dev.mlintern.core.model;

import java.util.Objects;

/**
 * Text from the person, or text the loop injects on the person's behalf (guards, continuation
 * prompts).
 */
public record UserMessage(String text) implements Message {
  public UserMessage {
    Objects.requireNonNull(text, "text");
  }
}
