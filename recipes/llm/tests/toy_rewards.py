"""A verifiable reward a random-init model can climb within a few GRPO steps (the recipes import it as
``toy_rewards:digit_share``, the ``module:function`` form a user's own reward takes)."""


def digit_share(completion, **_):
    """The share of the completion's characters that are digits (0 for an empty completion)."""
    return sum(ch.isdigit() for ch in completion) / len(completion) if completion else 0.0
