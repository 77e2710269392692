"""The GPU check's CPU dry run, and the engine choice: TRL where it is installed, the native loops where
it is not (the GPU machine lacks TRL)."""

import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import importlib.util
import json

import pytest

RECIPES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.hf


def test_sft_and_lora_dry_run_sections_pass(tmp_path):
    sys.path.insert(0, RECIPES)
    import gpu_check

    code = gpu_check.main(
        [
            "--cpu-tiny",
            "--only",
            "sft,lora",
            "--out",
            str(tmp_path / "out"),
            "--work",
            str(tmp_path / "w"),
        ]
    )
    report = json.loads((tmp_path / "out" / "gpu_check.json").read_text())
    assert report["sections"]["sft"]["status"] == "pass", report["sections"]["sft"]
    assert report["sections"]["lora"]["status"] == "pass", report["sections"]["lora"]
    assert code == 0


def auto_engine_sft(python, env, model, tmp_path):
    """SFT with ``engine: auto`` in a separate process; returns (stdout lines, stderr)."""
    import subprocess

    sys.path.insert(0, RECIPES)
    import synthetic

    synthetic.write_jsonl(str(tmp_path / "d.jsonl"), synthetic.chat_rows(32))
    proc = subprocess.run(
        [
            *python,
            os.path.join(RECIPES, "sft.py"),
            "--output-dir",
            str(tmp_path / "out"),
            "--set",
            "model=%s" % model,
            "--set",
            "dataset=%s" % (tmp_path / "d.jsonl"),
            "--set",
            "engine=auto",
            "--set",
            "precision=fp32",
            "--set",
            "compile=false",
            "--set",
            "max_seq_len=128",
            "--max-steps",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert all(line.startswith(("MLINTERN_METRIC ", "MLINTERN_RESULT ")) for line in lines)
    names = {json.loads(line.split(" ", 1)[1])["name"] for line in lines[:-1]}
    assert {"loss", "lr", "grad_norm"} <= names
    assert json.loads(lines[-1].split(" ", 1)[1])["status"] == "ok"
    return lines, proc.stderr


def test_auto_engine_uses_trl_where_it_is_installed(tiny_model, tmp_path):
    assert importlib.util.find_spec("trl") is not None
    _, stderr = auto_engine_sft([sys.executable], dict(os.environ), tiny_model, tmp_path)
    assert "engine: trl" in stderr


def test_auto_engine_runs_the_native_loop_without_trl(tiny_model, tmp_path, python_without):
    python, env = python_without("trl")
    _, stderr = auto_engine_sft(python, env, tiny_model, tmp_path)
    assert "engine: trl" not in stderr and "sft: speed paths" in stderr
