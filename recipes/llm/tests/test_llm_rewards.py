import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import pytest
from llmkit import rewards


@pytest.mark.parametrize(
    "text,expected",
    [
        ("so the result is \\boxed{\\frac{1}{2}}.", "\\frac{1}{2}"),
        ("first \\boxed{3} then \\boxed{ {4} }", "{4}"),
        ("<answer> 17 </answer>", "17"),
        ("work...\n#### 1,234", "1,234"),
        ("The final answer is 42.", "42."),
        ("I think 3 apples and 5 pears", "5"),
        ("no digits here", None),
    ],
)
def test_extract_answer_conventions(text, expected):
    assert rewards.extract_answer(text) == expected


@pytest.mark.parametrize(
    "a,b",
    [
        ("1,000", "1000"),
        ("0.5", "1/2"),
        ("\\frac{1}{2}", "0.5"),
        ("$5$.", "5"),
        ("\\text{Paris}", "paris"),
        ("3.0", "3"),
    ],
)
def test_normalize_answer_makes_equal_forms_equal(a, b):
    assert rewards.normalize_answer(a) == rewards.normalize_answer(b)


def test_math_exact_reward():
    assert rewards.math_exact("2+3 is \\boxed{5}", "5") == 1.0
    assert rewards.math_exact("2+3 is \\boxed{6}", "5") == 0.0
    assert rewards.math_exact("#### 72", "Natalia sold 48/2 = 24 clips...\n#### 72") == 1.0
    assert rewards.math_exact("anything", None) == 0.0


def test_format_reward_needs_a_final_answer_marker_at_the_end():
    assert rewards.format_reward("think... \\boxed{4}") == 1.0
    assert rewards.format_reward("<answer>4</answer>\n") == 1.0
    assert rewards.format_reward("\\boxed{4} and then more words") == 0.0
    assert rewards.format_reward("ANSWER=4", pattern=r"ANSWER=\d+$") == 1.0


def test_length_penalty_is_zero_then_linear_to_minus_one():
    assert rewards.length_penalty(num_tokens=50, target=100, max_tokens=200) == 0.0
    assert rewards.length_penalty(num_tokens=150, target=100, max_tokens=200) == pytest.approx(-0.5)
    assert rewards.length_penalty(num_tokens=500, target=100, max_tokens=200) == -1.0
    assert rewards.length_penalty(num_tokens=500) == 0.0


def test_build_reward_weights_components_and_reports_each():
    fn = rewards.build_reward(["math_exact", "format"], [1.0, 0.5])
    total, parts = fn("\\boxed{7}", answer="7")
    assert total == pytest.approx(1.5) and parts == {"math_exact": 1.0, "format": 1.0}
    total, parts = fn("seven", answer="7")
    assert total == 0.0


def test_build_reward_imports_module_function_and_passes_options():
    fn = rewards.build_reward(
        ["llmkit.rewards:length_penalty"],
        options={"llmkit.rewards:length_penalty": {"target": 1, "max_tokens": 3}},
    )
    total, _ = fn("x", num_tokens=2)
    assert total == pytest.approx(-0.5)


def test_unknown_reward_and_mismatched_weights_are_rejected():
    with pytest.raises(ValueError, match="unknown reward"):
        rewards.build_reward(["nope"])
    with pytest.raises(ValueError, match="reward_weights"):
        rewards.build_reward(["format"], [1.0, 2.0])
