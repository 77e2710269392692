import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import io
import json

import preflight as cli
import pytest
from llmkit import config as configs
from llmkit import data, preflight


def cfg(recipe="sft", **kw):
    c = dict(configs.DEFAULTS[recipe])
    c.update({"model": "Qwen/Qwen3-0.6B", "dataset": "d.jsonl", "output_dir": "/out"})
    c.update(kw)
    return c


@pytest.mark.parametrize(
    "recipe,columns,ok",
    [
        ("sft", ["messages"], True),
        ("sft", ["prompt", "completion", "id"], True),
        ("sft", ["text"], True),
        ("sft", ["question", "response"], False),
        ("dpo", ["prompt", "chosen", "rejected"], True),
        ("dpo", ["chosen", "rejected"], True),
        ("dpo", ["prompt", "chosen"], False),
        ("grpo", ["prompt", "answer"], True),
        ("grpo", ["prompt"], False),  # math_exact (default) needs the answer column
    ],
)
def test_columns_match_recipe(recipe, columns, ok):
    assert preflight.check_columns(recipe, cfg(recipe), columns)["ok"] is ok


def test_column_renames_and_reward_choice_are_honoured():
    assert preflight.check_columns("sft", cfg(messages_field="conversations"), ["conversations"])[
        "ok"
    ]
    assert preflight.check_columns("grpo", cfg("grpo", rewards=["format"]), ["prompt"])["ok"]
    mc = cfg("evaluate", task="multiple_choice")
    assert not preflight.check_columns("evaluate", mc, ["prompt", "choices"])["ok"]


def test_mismatch_message_names_what_is_missing_and_what_is_there():
    message = preflight.check_columns("dpo", cfg("dpo"), ["prompt", "chosen"])["message"]
    assert "rejected" in message and "it has: chosen, prompt" in message


def test_columns_read_from_a_local_file_and_messages_validated(tmp_path):
    good = tmp_path / "good.jsonl"
    data.write_jsonl(
        str(good),
        [{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}],
    )
    assert preflight.check_columns("sft", cfg(dataset=str(good)))["ok"]
    bad = tmp_path / "bad.jsonl"
    data.write_jsonl(str(bad), [{"messages": [{"role": "user", "content": "q"}]}])
    result = preflight.check_columns("sft", cfg(dataset=str(bad)))
    assert not result["ok"] and "no assistant message" in result["message"]
    remote = preflight.check_columns("sft", cfg(dataset="org/name"))
    assert not remote["ok"] and "--columns" in remote["message"]


def test_output_must_survive_the_job():
    assert preflight.check_output(cfg())["ok"]
    assert not preflight.check_output(cfg(output_dir=None))["ok"]
    assert not preflight.check_output(cfg(push_to_hub=True))["ok"]
    ephemeral = preflight.check_output(cfg(), ephemeral=True)
    assert not ephemeral["ok"] and "push_to_hub" in ephemeral["message"]
    assert preflight.check_output(cfg(push_to_hub=True, hub_model_id="me/m"), ephemeral=True)["ok"]


def test_fit_small_model_on_h100_goes():
    result, sizing = preflight.check_fit(
        "sft", cfg(max_steps=100, max_seq_len=1024), "h100", timeout_s=3600
    )
    assert result["ok"], result["message"]
    assert sizing["params"] == 596_049_920 and sizing["estimated_seconds"] < 3600


def test_fit_blocks_when_memory_or_time_does_not_fit():
    big = cfg(
        model="Qwen/Qwen3-8B", precision="amp", max_steps=100, micro_batch_size=8, max_seq_len=4096
    )
    result, sizing = preflight.check_fit("sft", big, "l4")
    assert not result["ok"] and "gradient_checkpointing" in result["message"]
    assert sizing["memory"]["total_gb"] > 24
    slow, _ = preflight.check_fit(
        "sft", cfg(max_steps=100000, max_seq_len=2048), "h100", timeout_s=600
    )
    assert not slow["ok"] and "timeout" in slow["message"]


def test_fit_reads_a_local_model_config(tmp_path):
    model_dir = tmp_path / "m"
    model_dir.mkdir()
    (model_dir / "config.json").write_text(
        json.dumps(
            {
                "vocab_size": 100,
                "hidden_size": 8,
                "num_hidden_layers": 1,
                "num_attention_heads": 2,
                "intermediate_size": 16,
            }
        )
    )
    result, sizing = preflight.check_fit("sft", cfg(model=str(model_dir), max_steps=1), "t4")
    assert result["ok"] and sizing["params"] > 0
    unknown, _ = preflight.check_fit("sft", cfg(model="someone/unknown"), "h100")
    assert not unknown["ok"] and "--model-config" in unknown["message"]


def test_smoke_marker_must_exist_match_and_pass(tmp_path):
    c = cfg(output_dir=str(tmp_path))
    assert not preflight.check_smoke("sft", c)["ok"]
    preflight.write_smoke_marker(c, "sft", 5)
    assert preflight.check_smoke("sft", c)["ok"]
    assert not preflight.check_smoke("dpo", c)["ok"]
    assert not preflight.check_smoke("sft", dict(c, dataset="other.jsonl"))["ok"]
    preflight.write_smoke_marker(c, "sft", 0, status="error", error="OOM")
    assert "OOM" in preflight.check_smoke("sft", c)["message"]


def test_verdict_lists_reasons():
    verdict = preflight.run_checks("sft", cfg(max_steps=10), columns=["messages"], skip_smoke=True)
    assert verdict["verdict"] == "GO" and verdict["reasons"] == []
    verdict = preflight.run_checks("sft", cfg(max_steps=10), columns=["text2"], ephemeral=True)
    assert verdict["verdict"] == "NO-GO"
    assert [r.split(":")[0] for r in verdict["reasons"]] == ["columns", "output", "smoke"]


def test_cli_exit_codes_and_json_on_stdout(tmp_path):
    conf = tmp_path / "c.json"
    conf.write_text(json.dumps({"model": "Qwen/Qwen3-0.6B", "dataset": "org/ds", "max_steps": 10}))
    out = io.StringIO()
    code = cli.main(
        [
            "--recipe",
            "sft",
            "--config",
            str(conf),
            "--output-dir",
            str(tmp_path),
            "--columns",
            "messages",
            "--gpu",
            "h200",
            "--timeout",
            "1h",
            "--skip-smoke",
        ],
        stream=out,
    )
    assert code == 0 and json.loads(out.getvalue())["verdict"] == "GO"
    out = io.StringIO()
    code = cli.main(
        [
            "--recipe",
            "sft",
            "--config",
            str(conf),
            "--output-dir",
            str(tmp_path),
            "--columns",
            "text2",
        ],
        stream=out,
    )
    assert code == 3 and json.loads(out.getvalue())["verdict"] == "NO-GO"
    assert cli.main(["--recipe", "sft", "--timeout", "soon"], stream=io.StringIO()) == 2
    assert cli.main([], stream=io.StringIO()) == 2
    out = io.StringIO()
    assert cli.main(["--table"], stream=out) == 0 and len(json.loads(out.getvalue())["rows"]) == 25


def test_parse_duration():
    assert cli.parse_duration("5400") == 5400
    assert cli.parse_duration("90m") == 5400
    assert cli.parse_duration("1h30m") == 5400
    with pytest.raises(ValueError):
        cli.parse_duration("1 hour")
