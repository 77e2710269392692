import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import argparse
import json

import pytest
from llmkit import config as configs


def args(**kw):
    base = dict(config=None, set=[], output_dir=None, max_steps=None, smoke=False)
    base.update(kw)
    return argparse.Namespace(**base)


def test_precedence_defaults_file_set_flags(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"model": "m", "lora_r": 8, "learning_rate": 1e-4}))
    cfg = configs.resolve(
        "sft",
        args(
            config=str(path),
            set=["lora_r=32", 'lora_target_modules=["q_proj"]', "hub_model_id=me/x"],
            max_steps=7,
        ),
        environ={},
    )
    assert cfg["model"] == "m" and cfg["learning_rate"] == 1e-4
    assert (
        cfg["lora_r"] == 32
        and cfg["lora_target_modules"] == ["q_proj"]
        and cfg["hub_model_id"] == "me/x"
    )
    assert cfg["max_steps"] == 7 and cfg["lora_alpha"] == 32
    assert cfg["output_dir"] == "outputs/sft"


def test_environment_supplies_config_and_output(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"model": "m", "dataset": "d.jsonl"}))
    cfg = configs.resolve(
        "dpo", args(), environ={"MLINTERN_CONFIG": str(path), "MLINTERN_OUTPUT": "/out"}
    )
    assert cfg["model"] == "m" and cfg["output_dir"] == "/out" and cfg["beta"] == 0.1


def test_smoke_caps_steps_and_samples_and_never_pushes():
    cfg = configs.resolve(
        "grpo",
        args(smoke=True, set=["push_to_hub=true", "max_steps=100"], output_dir="/o"),
        environ={},
    )
    assert (
        cfg["max_steps"] == 5
        and cfg["max_samples"] == 64
        and cfg["push_to_hub"] is False
        and cfg["smoke"]
    )
    assert cfg["output_dir"] == "/o/smoke" and cfg["_smoke_marker_dir"] == "/o"


def test_validate_reports_what_a_user_must_fix():
    cfg = configs.resolve(
        "grpo", args(set=["num_generations=1", "push_to_hub=true", "lora_rank=8"]), environ={}
    )
    problems = " | ".join(configs.validate("grpo", cfg))
    assert "'model' is required" in problems and "'dataset' is required" in problems
    assert (
        "num_generations" in problems and "hub_model_id" in problems and "'lora_rank'" in problems
    )
    ok = configs.resolve("sft", args(set=["model=m", "dataset=d.jsonl"]), environ={})
    assert configs.validate("sft", ok) == []


def test_bad_set_syntax_and_non_object_config(tmp_path):
    with pytest.raises(ValueError):
        configs.resolve("sft", args(set=["novalue"]), environ={})
    path = tmp_path / "c.json"
    path.write_text("[1]")
    with pytest.raises(ValueError):
        configs.resolve("sft", args(config=str(path)), environ={})
