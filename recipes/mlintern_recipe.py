"""Shared plumbing for mlintern recipes: config in, metrics protocol out.

A recipe reads a JSON config (``--config PATH``, else ``$MLINTERN_CONFIG``), writes everything into its output
folder (``--output``, else ``config["output"]``, else ``$MLINTERN_OUTPUT``, else ``./out``), prints one
``MLINTERN_METRIC {...}`` line per value and ends with ``MLINTERN_RESULT {...}``, the same object it writes to
``result.json``. A bad input raises :class:`RecipeError`; the run then ends with ``status: error``, the error's kind
and message in ``result.json`` and a non-zero exit code.
"""

import argparse
import json
import math
import os
import random
import sys
import time
import traceback


class RecipeError(Exception):
    """A problem with the recipe's input that the caller can fix; ``kind`` names it for diagnosis."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def json_value(value):
    """A number as the metrics contract writes it: finite numbers as they are, else "NaN", "Infinity" or
    "-Infinity"."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


class Run:
    """One recipe run: its config, output folder and the metrics it reported."""

    def __init__(self, config, output):
        self.config = config
        self.output = output
        self.metrics = {}
        self.artifacts = {}
        self.details = {}
        self.started = time.time()
        os.makedirs(output, exist_ok=True)
        self._jsonl = open(os.path.join(output, "metrics.jsonl"), "a", encoding="utf-8")

    def metric(self, name, value, step=None, split=None, final=True):
        record = {"name": name, "value": json_value(value)}
        if step is not None:
            record["step"] = int(step)
        if split is not None:
            record["split"] = split
        line = json.dumps(record)
        print("MLINTERN_METRIC " + line, flush=True)
        self._jsonl.write(line + "\n")
        self._jsonl.flush()
        if final:
            self.metrics[name] = record["value"]

    def detail(self, name, value):
        """Structured facts beside the metrics (an audit, a schema), written under "details" in the result."""
        self.details[name] = value

    def artifact(self, name, relative_path):
        self.artifacts[name] = relative_path

    def path(self, name):
        return os.path.join(self.output, name)

    def finish(self, status="ok", error=None):
        result = {
            "status": status,
            "metrics": self.metrics,
            "artifacts": self.artifacts,
            "seconds": round(time.time() - self.started, 3),
        }
        if self.details:
            result["details"] = self.details
        if error is not None:
            result["error"] = error
        with open(self.path("result.json.tmp"), "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, allow_nan=False)
        os.replace(self.path("result.json.tmp"), self.path("result.json"))
        print("MLINTERN_RESULT " + json.dumps(result, allow_nan=False), flush=True)
        self._jsonl.close()


def load_csv(path, what):
    """Reads a CSV with pandas; a missing path, missing file or zero rows is a RecipeError."""
    import pandas as pd

    if not path:
        raise RecipeError("bad_config", "config needs '%s' (a CSV path)" % what)
    if not os.path.isfile(path):
        raise RecipeError("missing_file", "%s file not found: %s" % (what, path))
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise RecipeError("empty_data", "%s file %s is empty" % (what, path))
    if len(frame) == 0:
        raise RecipeError("empty_data", "%s file %s has a header but zero rows" % (what, path))
    return frame


def seed_everything(seed):
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:
        pass
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass


def main(description, train, defaults=None):
    """Parses arguments, loads the config, runs ``train(run)`` and settles the result; returns the exit code."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--config", help="JSON config file (default: $MLINTERN_CONFIG)")
    parser.add_argument(
        "--output", help="output folder (default: config output, $MLINTERN_OUTPUT or ./out)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=JSON",
        help="override one config key, e.g. --set lr=0.01",
    )
    args = parser.parse_args()
    config = dict(defaults or {})
    output = args.output or os.environ.get("MLINTERN_OUTPUT") or "out"
    run = None
    try:
        path = args.config or os.environ.get("MLINTERN_CONFIG")
        if path:
            if not os.path.isfile(path):
                raise RecipeError("missing_file", "config file not found: " + path)
            with open(path, encoding="utf-8") as f:
                try:
                    config.update(json.load(f))
                except json.JSONDecodeError as e:
                    raise RecipeError("bad_config", "config is not valid JSON: %s" % e)
        for item in args.set:
            key, _, value = item.partition("=")
            try:
                config[key] = json.loads(value)
            except json.JSONDecodeError:
                config[key] = value
        output = args.output or config.get("output") or output
        run = Run(config, output)
        seed_everything(int(config.get("seed", 0)))
        train(run)
        run.finish("ok")
        return 0
    except RecipeError as e:
        run = run or Run(config, output)
        print("error: %s: %s" % (e.kind, e.message), file=sys.stderr, flush=True)
        run.finish("error", {"kind": e.kind, "message": e.message})
        return 2
    except MemoryError as e:
        run = run or Run(config, output)
        run.finish("error", {"kind": "out_of_memory", "message": str(e) or "MemoryError"})
        return 3
    except Exception as e:  # a bug or an environment problem: keep the traceback in the log
        traceback.print_exc()
        run = run or Run(config, output)
        kind = "missing_module" if isinstance(e, ModuleNotFoundError) else type(e).__name__
        message = str(e)
        if "out of memory" in message.lower():
            kind = "out_of_memory"
        run.finish("error", {"kind": kind, "message": message})
        return 1
