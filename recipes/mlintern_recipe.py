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


METRIC_PREFIX = "MLINTERN_METRIC "
RESULT_PREFIX = "MLINTERN_RESULT "
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def encode_value(value):
    """A number as the metrics contract writes it: finite numbers as they are (booleans as 0/1, numpy and
    torch scalars unwrapped), else "NaN", "Infinity" or "-Infinity"."""
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, int):
        return value
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def decode_value(value):
    """The number :func:`encode_value` wrote."""
    if isinstance(value, str):
        return _NON_FINITE.get(value, math.nan)
    return float(value)


def json_safe(obj):
    """``obj`` with every number encoded and every other non-JSON value as its text, for a result."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if isinstance(obj, (str, bool, type(None))):
        return obj
    if isinstance(obj, (int, float)) or hasattr(obj, "item"):
        return encode_value(obj)
    return str(obj)


class MetricsWriter:
    """Writes the metrics contract: one metric line per value on the stream (stdout unless given) and in
    ``metrics.jsonl``, then the result line and ``result.json`` once. A disabled writer (a distributed run's
    other ranks) writes nothing and still returns what it would have written."""

    def __init__(self, output, stream=None, enabled=True, clock=time.time):
        self.output = output
        self.stream = stream
        self.enabled = enabled
        self.clock = clock
        self._jsonl = None
        if enabled and output:
            os.makedirs(output, exist_ok=True)
            self._jsonl = open(os.path.join(output, "metrics.jsonl"), "a", encoding="utf-8")

    def metric(self, name, value, step=None, split=None):
        """Writes one value; returns its record (the value encoded)."""
        record = {"name": name, "value": encode_value(value)}
        if step is not None:
            record["step"] = int(step)
        if split is not None:
            record["split"] = split
        if self.enabled:
            self._print(METRIC_PREFIX + json.dumps(record, allow_nan=False))
            if self._jsonl:
                timed = dict(record, time=round(self.clock(), 3))
                self._jsonl.write(json.dumps(timed, allow_nan=False) + "\n")
                self._jsonl.flush()
        return record

    def result(self, result):
        """Writes the result line and ``result.json`` (replaced whole); returns the result as written."""
        result = json_safe(result)
        if self.enabled:
            self._print(RESULT_PREFIX + json.dumps(result, allow_nan=False))
            if self.output:
                path = os.path.join(self.output, "result.json")
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    f.write(json.dumps(result, indent=2, allow_nan=False) + "\n")
                os.replace(path + ".tmp", path)
        return result

    def close(self):
        if self._jsonl:
            self._jsonl.close()
            self._jsonl = None

    def _print(self, line):
        stream = self.stream or sys.stdout
        stream.write(line + "\n")
        stream.flush()


def read_metrics(path):
    """The metric records of a ``metrics.jsonl`` or of a raw job log with metric lines, values decoded."""
    records = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if METRIC_PREFIX.strip() in line:
                line = line.split(METRIC_PREFIX.strip(), 1)[1].strip()
            elif not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "name" in record and "value" in record:
                record["value"] = decode_value(record["value"])
                records.append(record)
    return records


class Run:
    """One recipe run: its config, output folder and the metrics it reported."""

    def __init__(self, config, output):
        self.config = config
        self.output = output
        self.metrics = {}
        self.artifacts = {}
        self.details = {}
        self.started = time.time()
        self.writer = MetricsWriter(output)

    def metric(self, name, value, step=None, split=None, final=True):
        record = self.writer.metric(name, value, step=step, split=split)
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
        self.writer.result(result)
        self.writer.close()


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
