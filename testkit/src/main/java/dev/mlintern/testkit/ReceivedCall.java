package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.ChatRequest;

/**
 * A model call a fake provider server received, decoded back from its wire format into core types,
 * with the raw request kept for wire-level assertions (headers, exact JSON).
 */
public record ReceivedCall(
    String model,
    ChatRequest request,
    boolean stream,
    String apiKey,
    JsonNode body,
    FixtureServer.Request raw) {}
