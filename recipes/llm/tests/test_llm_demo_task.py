"""The offline LLM demo's task pieces: the addition data, the pipeline's stage configs, and result.json."""

import json
import os

import demo_task
import pytest
from metric_series import RECIPES


def test_eval_problems_are_never_trained_on_and_the_warm_start_teaches_only_the_format():
    files = demo_task.rows(seed=3, eval_items=50, train_items=300, grpo_items=100)
    held = {r["prompt"] for r in files["eval"]}
    assert len(held) == 50
    assert not held & {r["prompt"] for name in ("warm", "sft", "grpo") for r in files[name]}
    for warm, sft in zip(files["warm"], files["sft"]):
        a, b = map(int, sft["prompt"].rstrip("=").split("+"))
        assert warm["prompt"] == sft["prompt"] and sft["completion"] == str(a + b)
        assert warm["completion"] != sft["completion"]
        assert len(warm["completion"]) == len(sft["completion"])
    for row in files["eval"] + files["grpo"]:
        a, b = map(int, row["prompt"].rstrip("=").split("+"))
        assert 10 <= a <= 99 and 10 <= b <= 99 and row["answer"] == str(a + b)


def test_asking_for_more_problems_than_exist_is_refused(capsys):
    assert demo_task.main(["write", "--out", "/tmp/never", "--train", "9000"]) == 2
    assert "8100 problems" in capsys.readouterr().err


def test_result_has_the_fields_the_demo_report_needs(tmp_path):
    pairs = [(0, 1), (0, 1), (1, 1), (0, 0), (1, 0), (0, 1)]
    path = tmp_path / "predictions.jsonl"
    path.write_text(
        "".join(
            json.dumps({"baseline": {"correct": bool(b)}, "candidate": {"correct": bool(c)}}) + "\n"
            for b, c in pairs
        )
    )
    assert demo_task.main(["result", str(path), "--out", str(tmp_path / "result.json")]) == 0
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["metric"] == "exact_match" and result["lower_is_better"] is False
    assert result["baseline"] == pytest.approx(2 / 6) and result["final"] == pytest.approx(4 / 6)
    # differences 1, 1, 0, 0, -1, 1: mean 1/3, sample variance 2/3
    assert result["ci"] == pytest.approx(1.96 * (2 / 3 / 6) ** 0.5)


def test_result_refuses_predictions_without_a_candidate(tmp_path, capsys):
    path = tmp_path / "predictions.jsonl"
    path.write_text(json.dumps({"baseline": {"correct": True}}) + "\n")
    assert demo_task.main(["result", str(path), "--out", str(tmp_path / "r.json")]) == 2
    assert "candidate_model" in capsys.readouterr().err


@pytest.mark.parametrize("index", range(len(demo_task.plan("/w"))))
def test_every_recipe_stage_of_the_plan_is_a_valid_config(index, capsys):
    import importlib

    stage = demo_task.plan("/w")[index]
    assert os.path.exists(os.path.join(RECIPES, stage["recipe"]))
    if "config" not in stage:
        return
    module = importlib.import_module(stage["recipe"][: -len(".py")])
    argv = ["--dry-run"]
    for key, value in stage["config"].items():
        argv += ["--set", "%s=%s" % (key, json.dumps(value))]
    assert module.main(argv) == 0, capsys.readouterr()
    assert json.loads(capsys.readouterr().out)["problems"] == []


@pytest.mark.hf
def test_a_shortened_pipeline_runs_and_writes_the_result(tmp_path, run_recipe):
    import synthetic

    work = tmp_path / "demo"
    stages = {s["name"]: s for s in demo_task.plan(str(work), shape="tiny")}
    assert (
        demo_task.main(
            ["write", "--out", str(work / "data"), "--eval", "16", "--train", "64", "--grpo", "16"]
        )
        == 0
    )
    assert synthetic.main(stages["model"]["args"]) == 0
    short = {"warm": 4, "sft": 4}
    for name in ("warm", "eval-baseline", "sft", "eval-sft"):
        config = dict(stages[name]["config"])
        if name in short:
            config["max_steps"] = short[name]
        out = config.pop("output_dir")
        recipe = stages[name]["recipe"][: -len(".py")]
        code, result, _, _ = run_recipe(recipe, name=os.path.relpath(out, tmp_path), **config)
        assert code == 0 and result["status"] == "ok", (name, result)
    predictions = work / "eval-sft" / "predictions.jsonl"
    assert demo_task.main(["result", str(predictions), "--out", str(work / "result.json")]) == 0
    result = json.loads((work / "result.json").read_text())
    assert result["items"] == 16 and 0 <= result["baseline"] <= 1 and result["ci"] >= 0
