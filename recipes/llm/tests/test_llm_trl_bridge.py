import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import importlib.util

from llmkit import trl_bridge


def test_engine_choice_never_requires_trl():
    assert trl_bridge.wants_trl({"engine": "native"}) is False
    assert trl_bridge.wants_trl({}) is False
    assert trl_bridge.wants_trl({"engine": "trl"}) is True  # then fails clearly if missing
    assert trl_bridge.wants_trl({"engine": "auto"}) is (importlib.util.find_spec("trl") is not None)


def test_trl_log_names_map_to_the_names_diagnosis_reads():
    assert trl_bridge.metric_name("reward") == "reward_mean"
    assert trl_bridge.metric_name("frac_reward_zero_std") == "frac_zero_std_groups"
    assert trl_bridge.metric_name("clip_ratio/region_mean") == "clip_fraction"
    assert trl_bridge.metric_name("rewards/math_exact/mean") == "reward/math_exact"
    assert trl_bridge.metric_name("learning_rate") == "lr"
    assert trl_bridge.metric_name("kl") == "kl" and trl_bridge.metric_name("entropy") == "entropy"
