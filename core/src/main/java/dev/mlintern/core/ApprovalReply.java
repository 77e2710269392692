package dev.mlintern.core;

import java.util.Objects;

/**
 * A person's answer to an {@code approval_requested} event, sent with {@link AgentSession#reply}.
 * Approve runs the call; approve-edited runs it with new arguments (validated again); reject sends
 * the feedback to the model as the call's result.
 */
public record ApprovalReply(String callId, Outcome outcome, String arguments, String feedback) {
  public enum Outcome {
    APPROVE,
    APPROVE_EDITED,
    REJECT
  }

  public ApprovalReply {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == Outcome.APPROVE_EDITED && (arguments == null || arguments.isBlank())) {
      throw new IllegalArgumentException("an edited approval needs the edited arguments");
    }
  }

  public static ApprovalReply approve(String callId) {
    return new ApprovalReply(callId, Outcome.APPROVE, null, null);
  }

  public static ApprovalReply approveEdited(String callId, String arguments) {
    return new ApprovalReply(callId, Outcome.APPROVE_EDITED, arguments, null);
  }

  public static ApprovalReply reject(String callId, String feedback) {
    return new ApprovalReply(callId, Outcome.REJECT, null, feedback);
  }
}
