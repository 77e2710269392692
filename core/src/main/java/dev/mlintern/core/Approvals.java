package dev.mlintern.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls waiting for a person's decision, keyed by call id; {@link AgentSession#reply} completes
 * them.
 */
final class Approvals {
  private final Map<String, CompletableFuture<ApprovalReply>> pending = new ConcurrentHashMap<>();

  CompletableFuture<ApprovalReply> expect(String callId) {
    return pending.computeIfAbsent(callId, id -> new CompletableFuture<>());
  }

  boolean reply(ApprovalReply reply) {
    CompletableFuture<ApprovalReply> waiting = pending.get(reply.callId());
    return waiting != null && waiting.complete(reply);
  }

  void done(String callId) {
    pending.remove(callId);
  }

  List<String> pending() {
    return List.copyOf(pending.keySet());
  }
}
