"""Reward functions for GRPO, and answer matching for evaluation. Pure Python.

A reward function takes keyword arguments ``completion`` (text), ``answer`` (reference, may be
None), ``prompt`` and ``num_tokens`` and returns a float. ``build_reward`` combines named rewards
(or ``"package.module:function"`` for a custom one) with weights into one callable that returns the
total and each component, so each component can be logged on its own.
"""

import importlib
import re
from fractions import Fraction

_BOXED = "\\boxed"


def _last_boxed(text):
    """Content of the last ``\\boxed{...}`` in ``text``, honouring nested braces; None if absent."""
    start = text.rfind(_BOXED)
    if start < 0:
        return None
    i = start + len(_BOXED)
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j]
    return None


_ANSWER_TAG = re.compile(r"<answer>(.*?)</answer>", re.S | re.I)
_HASHES = re.compile(r"####\s*([^\n]+)")
_ANSWER_IS = re.compile(r"(?:final answer|answer)\s*(?:is|:)\s*([^\n]+)", re.I)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:/\d+)?|-?\.\d+")


def extract_answer(text, fallback_last_number=True):
    """The final answer a completion commits to, by the usual conventions, in this order:
    the last ``\\boxed{}``, ``<answer>…</answer>``, ``#### x`` (GSM8K), "answer is x"/"Answer: x",
    then (optionally) the last number in the text. Returns None when nothing is found."""
    if text is None:
        return None
    boxed = _last_boxed(text)
    if boxed is not None:
        return boxed.strip()
    tags = _ANSWER_TAG.findall(text)
    if tags:
        return tags[-1].strip()
    hashes = _HASHES.findall(text)
    if hashes:
        return hashes[-1].strip()
    said = _ANSWER_IS.findall(text)
    if said:
        return said[-1].strip()
    if fallback_last_number:
        numbers = _NUMBER.findall(text)
        if numbers:
            return numbers[-1]
    return None


def normalize_answer(text):
    """Canonical form for comparison: trims, drops $ \\text{} wrappers, thousands separators,
    trailing periods and units-free whitespace, lower-cases; numbers become reduced fractions."""
    if text is None:
        return None
    s = str(text).strip()
    s = re.sub(r"\\text\{([^}]*)\}", r"\1", s)
    s = s.replace("$", "").replace("\\!", "").replace("\\,", "").strip()
    s = s.rstrip(".").strip()
    s = re.sub(r"\\[dt]?frac\{([^}]*)\}\{([^}]*)\}", r"\1/\2", s)
    s = re.sub(r"\s+", " ", s).lower()
    number = s.replace(",", "").replace(" ", "")
    if re.fullmatch(r"-?\d+(?:\.\d+)?(?:/\d+)?|-?\.\d+", number):
        try:
            value = Fraction(number)
            return (
                str(value.numerator)
                if value.denominator == 1
                else "%d/%d" % (value.numerator, value.denominator)
            )
        except (ValueError, ZeroDivisionError):
            return number
    return s


def answers_match(predicted, reference):
    a, b = normalize_answer(predicted), normalize_answer(reference)
    return a is not None and b is not None and a == b


def math_exact(completion, answer=None, **_):
    """1.0 when the completion's final answer equals the reference after normalization, else 0.0."""
    if answer is None:
        return 0.0
    reference = (
        extract_answer(str(answer)) if ("####" in str(answer) or _BOXED in str(answer)) else answer
    )
    return 1.0 if answers_match(extract_answer(completion), reference) else 0.0


_FORMAT_DEFAULT = re.compile(r"(\\boxed\{.+\}|<answer>.+?</answer>|####\s*\S+)\s*$", re.S)


def format_reward(completion, pattern=None, **_):
    """1.0 when the completion ends with an explicit final-answer marker (``\\boxed{}``,
    ``<answer></answer>`` or ``#### x``), or matches ``pattern`` (a regex searched in it)."""
    regex = re.compile(pattern, re.S) if pattern else _FORMAT_DEFAULT
    return 1.0 if completion is not None and regex.search(completion.strip()) else 0.0


def length_penalty(completion=None, num_tokens=None, target=None, max_tokens=None, **_):
    """0 up to ``target`` tokens, then falling linearly to −1 at ``max_tokens`` (DAPO's soft
    overlong punishment). Without a target or limit it is 0."""
    if num_tokens is None:
        num_tokens = len(completion or "")
    if target is None or max_tokens is None or max_tokens <= target:
        return 0.0
    if num_tokens <= target:
        return 0.0
    return -min(1.0, (num_tokens - target) / float(max_tokens - target))


REWARDS = {"math_exact": math_exact, "format": format_reward, "length_penalty": length_penalty}


def resolve_reward(name):
    """A built-in reward by name, or ``"package.module:function"`` imported on demand."""
    if name in REWARDS:
        return REWARDS[name]
    if ":" in name:
        module, func = name.split(":", 1)
        return getattr(importlib.import_module(module), func)
    raise ValueError(
        "unknown reward %r; built-ins are %s, or give module:function" % (name, sorted(REWARDS))
    )


def build_reward(names, weights=None, options=None):
    """One callable ``(completion, answer, prompt, num_tokens) -> (total, {name: value})``."""
    names = list(names)
    weights = list(weights) if weights else [1.0] * len(names)
    if len(weights) != len(names):
        raise ValueError(
            "reward_weights has %d entries for %d rewards" % (len(weights), len(names))
        )
    funcs = [resolve_reward(n) for n in names]
    options = options or {}

    def reward(completion, answer=None, prompt=None, num_tokens=None):
        parts = {}
        total = 0.0
        for name, func, weight in zip(names, funcs, weights):
            value = float(
                func(
                    completion=completion,
                    answer=answer,
                    prompt=prompt,
                    num_tokens=num_tokens,
                    **options.get(name, {}),
                )
            )
            parts[name] = value
            total += weight * value
        return total, parts

    return reward
