"""End-to-end runs of the recipes on a tiny random Qwen3-style model, where transformers and peft
are installed (the GPU machine, a developer's venv). Skipped on the CPU CI machines, which have
neither; the pure units are tested everywhere."""

import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import importlib.util
import json

import pytest

RECIPES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("transformers") is None or importlib.util.find_spec("peft") is None,
    reason="needs transformers and peft",
)


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


@pytest.mark.skipif(
    importlib.util.find_spec("trl") is None or importlib.util.find_spec("datasets") is None,
    reason="needs trl and datasets",
)
def test_trl_engine_speaks_the_metrics_protocol(tmp_path):
    import subprocess

    sys.path.insert(0, RECIPES)
    import synthetic

    tok = synthetic.build_char_tokenizer(str(tmp_path / "m"))
    synthetic.build_model(str(tmp_path / "m"), "tiny", vocab_size=len(tok))
    synthetic.write_jsonl(str(tmp_path / "d.jsonl"), synthetic.chat_rows(32))
    proc = subprocess.run(
        [
            sys.executable,
            os.path.join(RECIPES, "sft.py"),
            "--output-dir",
            str(tmp_path / "out"),
            "--set",
            "model=%s" % (tmp_path / "m"),
            "--set",
            "dataset=%s" % (tmp_path / "d.jsonl"),
            "--set",
            "engine=trl",
            "--set",
            "precision=fp32",
            "--set",
            "max_seq_len=128",
            "--max-steps",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert all(line.startswith(("MLINTERN_METRIC ", "MLINTERN_RESULT ")) for line in lines)
    names = {json.loads(line.split(" ", 1)[1])["name"] for line in lines[:-1]}
    assert {"loss", "lr", "grad_norm"} <= names
    assert json.loads(lines[-1].split(" ", 1)[1])["status"] == "ok"
