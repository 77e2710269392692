import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import math

import pytest
from llmkit import evalmath


def test_mc_prediction_raw_and_length_normalised():
    # the long choice has the best total but the worst per-byte likelihood
    acc, acc_norm = evalmath.mc_prediction([-4.0, -6.0], ["ab", "abcdefghijklmn"])
    assert acc == 0 and acc_norm == 1


def test_label_index_accepts_index_letter_and_text():
    choices = ["x", "y", "z"]
    assert evalmath.label_index(2, choices) == 2
    assert evalmath.label_index("B", choices) == 1
    assert evalmath.label_index("1", choices) == 1
    assert evalmath.label_index("z", choices) == 2
    with pytest.raises(ValueError):
        evalmath.label_index("nope", choices)


def test_mc_context_lm_eval_style():
    assert evalmath.mc_context("2+2?", ["3", "4"]) == "Question: 2+2?\nAnswer:"
    assert "B. 4\n" in evalmath.mc_context("2+2?", ["3", "4"], show_choices=True)


def test_perplexity():
    assert evalmath.perplexity(2 * math.log(4), 2) == pytest.approx(4.0)
    assert math.isnan(evalmath.perplexity(1.0, 0))


def test_sign_test_and_paired_comparison_on_the_same_items():
    assert evalmath.sign_test_p(5, 0) == pytest.approx(0.0625)
    assert evalmath.sign_test_p(0, 0) == 1.0
    result = evalmath.paired_comparison([1, 0, 0, 1, 0], [1, 1, 1, 0, 0])
    assert result["baseline_accuracy"] == pytest.approx(0.4) and result[
        "candidate_accuracy"
    ] == pytest.approx(0.6)
    assert result["delta"] == pytest.approx(0.2)
    assert (result["candidate_wins"], result["candidate_losses"]) == (2, 1)
    # differences 0, +1, +1, -1, 0: sample variance 0.7, so 1.96 * sqrt(0.7 / 5)
    assert result["delta_ci95"] == pytest.approx(1.96 * math.sqrt(0.7 / 5))
    with pytest.raises(ValueError):
        evalmath.paired_comparison([1], [1, 0])


def test_fewshot_prefix_uses_other_items_with_their_gold_answers():
    items = [("1+1?", ["2", "3"], 0), ("2+2?", ["3", "4"], 1), ("3+3?", ["6", "7"], 0)]
    prefix = evalmath.fewshot_prefix(items, 0, 2)
    assert prefix == "Question: 2+2?\nAnswer: 4\n\nQuestion: 3+3?\nAnswer: 6\n\n"
    assert evalmath.fewshot_prefix(items, 1, 0) == ""
