"""Every recipe script imports, parses its arguments and reports failures through the protocol,
whether or not transformers is installed (the CPU machines have none)."""

import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import json
import subprocess

import pytest

RECIPES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = ["sft.py", "dpo.py", "grpo.py", "evaluate.py"]


def run(script, *args, env=None, python=(sys.executable,)):
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("MLINTERN_CONFIG", "MLINTERN_OUTPUT")
    }
    full_env.update(env or {})
    return subprocess.run(
        [*python, os.path.join(RECIPES, script), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.mark.parametrize(
    "script",
    SCRIPTS + ["preflight.py", "gpu_check.py", "bench_cpu.py", "demo_task.py", "synthetic.py"],
)
def test_help_parses(script):
    proc = run(script, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "usage:" in proc.stdout


@pytest.mark.parametrize("script", SCRIPTS)
def test_dry_run_prints_resolved_config(script, tmp_path):
    conf = tmp_path / "c.json"
    conf.write_text(json.dumps({"model": "org/model", "dataset": "data.jsonl", "lora_r": 4}))
    proc = run(
        script,
        "--dry-run",
        "--set",
        "use_peft=true",
        env={"MLINTERN_CONFIG": str(conf), "MLINTERN_OUTPUT": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    resolved = json.loads(proc.stdout)
    assert resolved["problems"] == []
    assert resolved["config"]["lora_r"] == 4 and resolved["config"]["use_peft"] is True
    assert resolved["config"]["output_dir"] == str(tmp_path)


def test_print_defaults_and_invalid_config_exit_2(tmp_path):
    proc = run("grpo.py", "--print-defaults")
    assert proc.returncode == 0 and json.loads(proc.stdout)["num_generations"] == 8
    proc = run("sft.py", "--output-dir", str(tmp_path), "--set", "micro_batch_size=0")
    assert proc.returncode == 2
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["status"] == "error" and result["error"]["kind"] == "config"
    assert (
        "model" in result["error"]["message"] and "micro_batch_size" in result["error"]["message"]
    )
    assert proc.stdout.strip().splitlines()[-1].startswith("MLINTERN_RESULT ")


@pytest.mark.parametrize("script", SCRIPTS)
def test_training_without_transformers_fails_clearly(script, tmp_path, python_without):
    data = tmp_path / "d.jsonl"
    data.write_text(
        json.dumps({"prompt": "p", "answer": "1", "chosen": "a", "rejected": "b", "messages": []})
        + "\n"
    )
    out = tmp_path / "out"
    python, env = python_without("transformers", "peft", "trl", "accelerate")
    proc = run(
        script,
        "--output-dir",
        str(out),
        "--set",
        "model=org/model",
        "--set",
        "dataset=%s" % data,
        "--smoke",
        python=python,
        env=env,
    )
    assert proc.returncode == 1
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("MLINTERN_RESULT ")
    result = json.loads(last.split(" ", 1)[1])
    assert result["status"] == "error" and result["error"]["kind"] == "missing_module"
    assert "transformers" in result["error"]["message"]
    assert json.loads((out / "smoke" / "result.json").read_text()) == result
    marker = json.loads((out / "smoke_ok.json").read_text())
    assert marker["status"] == "error"  # a failed smoke run never lets pre-flight pass


def test_gpu_check_markdown_renders_partial_results():
    sys.path.insert(0, RECIPES)
    import gpu_check

    md = gpu_check.markdown(
        {
            "mode": "gpu",
            "environment": {"device": "H100"},
            "sections": {
                "sft": {"status": "pass", "loss_first10": 4.0, "loss_last10": 1.0},
                "bench": {
                    "status": "pass",
                    "shape": "Qwen3-0.6B, batch 4 x 1024",
                    "variants": [
                        {
                            "name": "baseline",
                            "tokens_per_s": 1000.0,
                            "step_ms": 4.0,
                            "mfu": 0.11,
                            "peak_gb": 20.0,
                            "warmup_s": 1.0,
                            "loss": 12.0,
                        },
                        {"name": "fast_compiled_layers", "error": "skipped: time budget"},
                    ],
                },
            },
        }
    )
    assert "| sft | pass | loss_first10=4, loss_last10=1 |" in md
    assert "| baseline | 1000 | 4 | 11.0% | 20 | 1 | 12 |" in md
    assert "| fast_compiled_layers | - | - | - | - | - | skipped: time budget |" in md
