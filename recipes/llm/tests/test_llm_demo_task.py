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
    assert demo_task.main(["prepare", "--out", "/tmp/never", "--train", "9000"]) == 2
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


PLAN = os.path.join(
    os.path.dirname(RECIPES),
    "..",
    "autopilot/src/main/resources/dev/mlintern/autopilot/llm/addition.json",
)


def stage_configs():
    """Each recipe stage of the autopilot's plan with its config as the autopilot sends it: the
    common settings, the stage's keys over those of the run it reruns, '@STAGE/PATH' as a folder
    under /w."""
    with open(PLAN, encoding="utf-8") as f:
        plan = json.load(f)
    out, given = [], {}
    for stage in plan["stages"]:
        if "config" not in stage:
            continue
        given[stage["name"]] = dict(given.get(stage.get("rerun"), {}), **stage["config"])
        config = dict(
            plan["common"], **given[stage["name"]], _stage=stage["name"], output_dir="/w/o"
        )
        for key, value in config.items():
            if isinstance(value, str) and value.startswith("@"):
                config[key] = "/w/" + value[1:]
        out.append((stage["script"], config))
    return out


@pytest.mark.parametrize("index", range(len(stage_configs())))
def test_every_recipe_stage_of_the_autopilots_plan_is_a_valid_config(index, capsys):
    import importlib

    script, config = stage_configs()[index]
    module = importlib.import_module(script[: -len(".py")])
    argv = ["--dry-run"]
    for key, value in config.items():
        argv += ["--set", "%s=%s" % (key, json.dumps(value))]
    assert module.main(argv) == 0, capsys.readouterr()
    assert json.loads(capsys.readouterr().out)["problems"] == []


@pytest.mark.hf
def test_a_shortened_loop_runs_and_reports_a_diagnosed_rerun(tmp_path, run_recipe):
    """The autopilot's stages by hand, short: prepare, warm start, SFT, an unstable GRPO run, its
    rerun with the diagnosis's first proposal, the final evaluation and the report."""
    from llmkit import diagnose, protocol

    work = tmp_path / "stages"
    assert (
        demo_task.main(
            [
                "prepare",
                "--out",
                str(work / "prepare"),
                "--eval",
                "16",
                "--train",
                "64",
                "--grpo",
                "16",
            ]
        )
        == 0
    )
    assert json.loads((work / "prepare" / "result.json").read_text())["status"] == "ok"
    short = {"warm": {"max_steps": 4}, "sft": {"max_steps": 4}, "grpo-unstable": {"max_steps": 4}}
    configs = {config["_stage"]: config for _, config in stage_configs()}

    def run(name, **extra):
        config = dict(configs[name], **short.get(name, {}), **extra)
        config.pop("output_dir")
        for key, value in config.items():
            if isinstance(value, str) and value.startswith("/w/"):
                config[key] = str(work / value[3:])
        recipe = next(s for s, c in stage_configs() if c["_stage"] == name)[: -len(".py")]
        code, result, _, _ = run_recipe(recipe, name="stages/" + name, **config)
        assert code == 0 and result["status"] == "ok", (name, result)

    for name in ("warm", "eval-baseline", "sft", "eval-sft", "grpo-unstable"):
        run(name)
    unstable = work / "grpo-unstable"
    found = diagnose.diagnose(
        protocol.read_metrics(str(unstable / "metrics.jsonl")),
        json.loads((unstable / "config.json").read_text()),
    )["findings"]
    change = found[0]["next"][0]["change"] if found else {}
    configs["grpo"] = dict(configs["grpo"], **change)
    run("grpo", max_steps=2)
    run("eval-final")
    report = tmp_path / "report.json"
    stages = {n: str(work / n) for n in ("warm", "eval-baseline", "sft", "eval-sft")}
    stages.update({n: str(work / n) for n in ("grpo-unstable", "grpo", "eval-final")})
    report.write_text(json.dumps({"stages": stages, "out": str(tmp_path / "out")}))
    assert demo_task.main(["report", "--config", str(report)]) == 0
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["metric"] == "exact_match" and result["lower_is_better"] is False
    assert result["items"] == 16 and 0 <= result["baseline"] <= 1 and result["ci"] >= 0
    html = (tmp_path / "out" / "report.html").read_text()
    assert html.count("<svg") == 3 and "The unstable GRPO run" in html
    assert "| after GRPO (the rerun) |" in (tmp_path / "out" / "report.md").read_text()
