import json
import os
import runpy
import sys

import pytest

RECIPES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def run_recipe(tmp_path, capsys, monkeypatch):
    """Runs a recipe script as __main__ in this interpreter (imports stay warm) with a config in a fresh output
    folder; returns (exit code, result, output folder, printed text)."""

    def run(script, config, name="out"):
        out = tmp_path / name
        config_path = tmp_path / (name + ".json")
        config_path.write_text(json.dumps(config))
        monkeypatch.setattr(
            sys, "argv", [script, "--config", str(config_path), "--output", str(out)]
        )
        capsys.readouterr()
        try:
            runpy.run_path(os.path.join(RECIPES, script), run_name="__main__")
            code = 0
        except SystemExit as e:
            code = e.code or 0
        printed = capsys.readouterr()
        result = (
            json.loads((out / "result.json").read_text())
            if (out / "result.json").exists()
            else None
        )
        return code, result, out, printed.out + printed.err

    return run


def metric_lines(stdout):
    return [
        json.loads(line.split(" ", 1)[1])
        for line in stdout.splitlines()
        if line.startswith("MLINTERN_METRIC ")
    ]
