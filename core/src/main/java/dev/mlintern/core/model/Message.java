package dev.mlintern.core.model;

/**
 * One entry of a conversation, provider-neutral. Adapters translate the list into their wire
 * format: Anthropic groups consecutive {@link ToolResultMessage}s into one user turn,
 * OpenAI-compatible servers take one {@code tool} message each.
 */
public sealed interface Message permits UserMessage, AssistantMessage, ToolResultMessage {}
