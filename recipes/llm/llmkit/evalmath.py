"""Scoring helpers for evaluation, in pure Python: multiple choice by log-likelihood (the way
lm-eval-harness scores MMLU/GPQA-style tasks), perplexity, and the paired baseline-vs-candidate
comparison on the same items.
"""

import math

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def label_index(label, choices):
    """A gold label given as an index, a letter ('B'), or the choice text, as an index."""
    if isinstance(label, bool):
        raise ValueError("label must be an index, a letter or a choice, got %r" % label)
    if isinstance(label, int):
        return label
    text = str(label).strip()
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text.upper() in LETTERS[: len(choices)]:
        return LETTERS.index(text.upper())
    if text in choices:
        return list(choices).index(text)
    raise ValueError("label %r is neither an index, a letter nor one of the choices" % label)


def mc_prediction(logprob_sums, choices):
    """(acc prediction, acc_norm prediction): argmax of the summed log-likelihood of each choice's
    continuation, and of that sum divided by the continuation's length in bytes (lm-eval's acc_norm)."""
    acc = max(range(len(logprob_sums)), key=lambda i: logprob_sums[i])
    norm = [lp / max(1, len((" " + c).encode("utf-8"))) for lp, c in zip(logprob_sums, choices)]
    acc_norm = max(range(len(norm)), key=lambda i: norm[i])
    return acc, acc_norm


def mc_context(prompt, choices, show_choices=False):
    """The context a choice continues: 'Question: …\\nAnswer:' (choices listed A., B., … if asked)."""
    text = "Question: %s\n" % str(prompt).strip()
    if show_choices:
        text += "".join("%s. %s\n" % (LETTERS[i], c) for i, c in enumerate(choices))
    return text + "Answer:"


def fewshot_prefix(items, index, k, show_choices=False):
    """k solved examples, ``Question: …\nAnswer: <gold choice>`` blocks separated by blank lines, taken
    from the first items other than ``index`` (deterministic, as lm-eval's first_n sampler)."""
    blocks = []
    for j, (prompt, choices, gold) in enumerate(items):
        if len(blocks) >= k:
            break
        if j != index:
            blocks.append("%s %s\n\n" % (mc_context(prompt, choices, show_choices), choices[gold]))
    return "".join(blocks)


def perplexity(total_nll, total_tokens):
    """exp(mean negative log-likelihood per token)."""
    if total_tokens <= 0:
        return float("nan")
    return math.exp(total_nll / total_tokens)


def paired_ci95(wins, losses, n):
    """Half-width of the normal 95% interval on the mean paired difference of 0/1 scores: each item
    differs by +1 (a win), -1 (a loss) or 0, so the sample variance follows from the counts."""
    if n < 2:
        return float("nan")
    mean = (wins - losses) / n
    variance = ((wins + losses) / n - mean**2) * n / (n - 1)
    return 1.96 * math.sqrt(variance / n)


def sign_test_p(wins, losses):
    """Two-sided exact binomial (sign / McNemar exact) test p-value on discordant pairs."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    tail = sum(math.comb(n, i) for i in range(0, k + 1)) / 2.0**n
    return min(1.0, 2 * tail)


def paired_comparison(baseline_correct, candidate_correct):
    """Accuracy of each, the difference, the discordant counts and the sign-test p-value."""
    if len(baseline_correct) != len(candidate_correct):
        raise ValueError("baseline and candidate were scored on different numbers of items")
    n = len(baseline_correct)
    wins = sum(1 for b, c in zip(baseline_correct, candidate_correct) if c and not b)
    losses = sum(1 for b, c in zip(baseline_correct, candidate_correct) if b and not c)
    base = sum(map(bool, baseline_correct)) / n if n else float("nan")
    cand = sum(map(bool, candidate_correct)) / n if n else float("nan")
    return {
        "items": n,
        "baseline_accuracy": base,
        "candidate_accuracy": cand,
        "delta": cand - base,
        "delta_ci95": paired_ci95(wins, losses, n),
        "candidate_wins": wins,
        "candidate_losses": losses,
        "sign_test_p": sign_test_p(wins, losses),
    }
