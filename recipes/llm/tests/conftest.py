"""Shared pieces of the LLM recipe tests: the Hugging Face stack check, a tiny random Qwen3-style model
with a locally built tokenizer, running a recipe in this interpreter, and an interpreter that lacks
chosen packages (to show the paths taken without TRL or without transformers)."""

import importlib.util
import io
import json
import os
import sys
from contextlib import redirect_stdout

import pytest
from metric_series import RECIPES

sys.path.insert(0, RECIPES)  # recipes/llm, as the scripts see it

# One thread: the tiny models gain nothing from a second one, and on a shared 2-core machine two OpenMP
# threads waiting on each other made every step about ten times slower. Subprocesses inherit it.
os.environ["OMP_NUM_THREADS"] = "1"
torch = pytest.importorskip("torch")
torch.set_num_threads(1)

HF_PACKAGES = ("transformers", "peft", "trl", "datasets", "tokenizers")
HF_MISSING = [name for name in HF_PACKAGES if importlib.util.find_spec(name) is None]


def pytest_configure(config):
    config.addinivalue_line("markers", "hf: needs transformers, peft, trl and datasets")


def pytest_sessionstart(session):
    # The test command sets MLINTERN_LLM_REQUIRE_HF and runs the LLM job environment's python: there a
    # missing library is a broken install, not a reason to skip the real runs.
    if HF_MISSING and os.environ.get("MLINTERN_LLM_REQUIRE_HF"):
        pytest.exit(
            "the LLM job environment lacks %s: run scripts/install-llm-env.sh and use "
            "/opt/mlintern/llm-venv/bin/python" % ", ".join(HF_MISSING),
            returncode=1,
        )


def pytest_collection_modifyitems(config, items):
    if not HF_MISSING:
        return
    skip = pytest.mark.skip(
        reason="needs %s (scripts/install-llm-env.sh builds them)" % ", ".join(HF_MISSING)
    )
    for item in items:
        if "hf" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A folder holding a 2-layer random Qwen3-style model and its character-level tokenizer."""
    import synthetic

    path = tmp_path_factory.mktemp("tiny-model")
    tokenizer = synthetic.build_char_tokenizer(str(path))
    synthetic.build_model(str(path), "tiny", vocab_size=len(tokenizer))
    return path


@pytest.fixture
def run_recipe(tmp_path):
    """Runs a recipe's entry point in this interpreter with flat config keys as ``--set`` flags;
    returns (exit code, result.json, metric records in step order, output folder)."""
    from llmkit import protocol

    def run(script, name="out", **config):
        module = importlib.import_module(script)
        out = tmp_path / name
        argv = ["--output-dir", str(out)]
        for key, value in config.items():
            argv += ["--set", "%s=%s" % (key, json.dumps(value))]
        printed = io.StringIO()
        with redirect_stdout(printed):
            code = module.main(argv)
        lines = printed.getvalue().strip().splitlines()
        assert lines and all(
            line.startswith(("MLINTERN_METRIC ", "MLINTERN_RESULT ")) for line in lines
        ), "stdout must carry only protocol lines"
        result = json.loads((out / "result.json").read_text())
        records = protocol.read_metrics(str(out / "metrics.jsonl"))
        return code, result, records, out

    return run


@pytest.fixture
def python_without(tmp_path):
    """``python_without(*names)`` -> (argv prefix, env) for a python that sees this interpreter's
    packages except ``names``: a folder of links to the other site-packages entries, on PYTHONPATH of
    a python started with -S (no site-packages of its own)."""

    def make(*names):
        import site

        overlay = tmp_path / ("without-" + "-".join(names))
        overlay.mkdir()
        for root in filter(os.path.isdir, site.getsitepackages()):
            for entry in os.listdir(root):
                top = entry.split("-")[0].split(".")[0].lower()
                if top in names or entry.endswith(".pth") or (overlay / entry).exists():
                    continue
                os.symlink(os.path.join(root, entry), overlay / entry)
        env = {
            k: v for k, v in os.environ.items() if k not in ("MLINTERN_CONFIG", "MLINTERN_OUTPUT")
        }
        env["PYTHONPATH"] = str(overlay)
        return [sys.executable, "-S"], env

    return make
