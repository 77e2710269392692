import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import io
import json

import diagnose as cli
from llmkit import diagnose


def recs(name, values, start=1):
    return [
        {"name": name, "value": float(v), "step": start + i, "split": "train"}
        for i, v in enumerate(values)
    ]


def kinds(report):
    return [f["kind"] for f in report["findings"]]


def test_healthy_run_has_no_findings():
    records = (
        recs("loss", [2.0 - 0.01 * i for i in range(50)])
        + recs("reward_std", [0.4] * 50)
        + recs("kl", [0.01] * 50)
    )
    report = diagnose.diagnose(records)
    assert report["status"] == "healthy" and report["findings"] == []


def test_reward_variance_going_to_zero_is_collapse():
    records = recs("reward_std", [0.45] * 20 + [0.2] * 10 + [0.0] * 20)
    report = diagnose.diagnose(records, {"temperature": 0.7, "num_generations": 8})
    finding = report["findings"][0]
    assert finding["kind"] == "reward_collapse" and finding["severity"] == "block"
    changes = [p["change"] for p in finding["next"]]
    assert {"temperature": 0.9} in changes and {"num_generations": 16} in changes


def test_zero_variance_from_the_start_is_reported_as_no_signal():
    report = diagnose.diagnose(recs("reward_std", [0.0] * 30))
    assert (
        kinds(report) == ["reward_collapse"]
        and "from the start" in report["findings"][0]["message"]
    )


def test_a_reward_that_fell_to_zero_is_a_broken_policy_and_the_fix_is_a_smaller_anchored_step():
    # the demo's unstable GRPO: a third of completions right, then none after two huge steps
    records = recs("reward_mean", [0.33, 0.05] + [0.0] * 28) + recs(
        "reward_std", [0.3, 0.1] + [0.0] * 28
    )
    report = diagnose.diagnose(records, {"learning_rate": 5e-3, "beta": 0.0})
    finding = report["findings"][0]
    assert finding["kind"] == "reward_collapse" and "broke the policy" in finding["message"]
    assert finding["next"][0]["change"] == {"learning_rate": 5e-4, "beta": 0.04}


def test_a_reward_that_never_rose_is_not_a_broken_policy():
    records = recs("reward_mean", [0.02] * 30) + recs("reward_std", [0.0] * 30)
    report = diagnose.diagnose(records, {"learning_rate": 5e-3, "beta": 0.0})
    assert "from the start" in report["findings"][0]["message"]


def test_entropy_collapse_and_kl_blowup():
    records = recs("entropy", [2.0] * 10 + [1.0] * 10 + [0.05] * 10) + recs(
        "kl", [0.01] * 10 + [0.5] * 10 + [3.0] * 10
    )
    report = diagnose.diagnose(records, {"beta": 0.04, "epsilon": 0.2, "learning_rate": 1e-6})
    assert set(kinds(report)) == {"entropy_collapse", "kl_blowup"}
    kl = next(f for f in report["findings"] if f["kind"] == "kl_blowup")
    assert kl["severity"] == "block" and {"beta": 0.1} in [p["change"] for p in kl["next"]]
    ent = next(f for f in report["findings"] if f["kind"] == "entropy_collapse")
    assert {"epsilon_high": 0.28} in [p["change"] for p in ent["next"]]


def test_loss_spike_and_divergence():
    values = [1.0 + 0.01 * (i % 3) for i in range(30)]
    values[20] = 5.0
    report = diagnose.diagnose(recs("loss", values))
    assert kinds(report) == ["loss_spike"] and report["findings"][0]["step"] == 21
    values[25] = float("nan")
    report = diagnose.diagnose(recs("loss", values))
    assert kinds(report)[0] == "divergence"


def test_oom_ladder_order_and_approvals():
    report = diagnose.diagnose(
        [],
        {"micro_batch_size": 8, "gradient_accumulation_steps": 2},
        log_text="torch.OutOfMemoryError: CUDA out of memory.",
    )
    rungs = report["findings"][0]["next"]
    assert [r["action"] for r in rungs] == [
        "smaller micro-batch, more accumulation",
        "gradient checkpointing",
        "LoRA instead of full fine-tuning",
        "a GPU with more memory",
    ]
    assert rungs[0]["change"] == {"micro_batch_size": 4, "gradient_accumulation_steps": 4}
    assert [r["needs_approval"] for r in rungs] == [False, False, True, True]


def test_oom_ladder_skips_rungs_already_taken():
    rungs = diagnose.oom_ladder(
        {"micro_batch_size": 1, "gradient_checkpointing": True, "use_peft": True}
    )
    assert [r["action"] for r in rungs] == ["a GPU with more memory"]


def test_oom_from_result_error_kind():
    report = diagnose.diagnose([], {}, result={"status": "error", "error": {"kind": "oom"}})
    assert kinds(report) == ["oom"]


def test_cli_reads_metrics_config_and_log(tmp_path):
    lines = [json.dumps(r) for r in recs("reward_std", [0.5] * 20 + [0.0] * 20)]
    (tmp_path / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "config.json").write_text(json.dumps({"temperature": 1.0, "num_generations": 4}))
    out = io.StringIO()
    assert cli.main([str(tmp_path / "metrics.jsonl")], stream=out) == 0
    report = json.loads(out.getvalue())
    assert kinds(report) == ["reward_collapse"]
    assert {"num_generations": 8} in [p["change"] for p in report["findings"][0]["next"]]
    assert (
        cli.main([str(tmp_path / "metrics.jsonl"), "--fail-on-problems"], stream=io.StringIO()) == 3
    )
    assert cli.main([str(tmp_path / "missing.jsonl")], stream=io.StringIO()) == 2
