"""The mlintern metrics protocol (ARCHITECTURE.md "Jobs"), in plain Python.

A job prints one ``MLINTERN_METRIC {json}`` line per metric on stdout and ends with one
``MLINTERN_RESULT {json}`` line, the same object it writes to ``$MLINTERN_OUTPUT/result.json``.
Every metric line is also appended to ``metrics.jsonl`` in the output folder, which is what
``llmkit.diagnose`` reads afterwards. Non-finite values travel as the strings "NaN",
"Infinity" and "-Infinity" because JSON has no literal for them.
"""

import json
import math
import os
import sys
import time

METRIC_PREFIX = "MLINTERN_METRIC "
RESULT_PREFIX = "MLINTERN_RESULT "


def encode_value(value):
    """A metric value as JSON allows it: finite numbers as they are, the rest as strings."""
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "item"):  # torch / numpy scalars
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
    """Inverse of :func:`encode_value`, for readers of metrics.jsonl."""
    if isinstance(value, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, math.nan)
    return float(value)


def _clean(obj):
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, (str, type(None))):
        return obj
    if isinstance(obj, (int, float, bool)) or hasattr(obj, "item"):
        return encode_value(obj)
    return str(obj)


class MetricsLogger:
    """Writes metric lines to stdout and ``metrics.jsonl``; writes the final result once.

    Only rank 0 of a distributed run should hold an enabled logger; others pass ``enabled=False``.
    """

    def __init__(self, output_dir, stream=None, enabled=True, clock=time.time):
        self.output_dir = output_dir
        self.stream = stream if stream is not None else sys.stdout
        self.enabled = enabled
        self.clock = clock
        self.last = {}
        self._file = None
        if enabled and output_dir:
            os.makedirs(output_dir, exist_ok=True)
            self._file = open(os.path.join(output_dir, "metrics.jsonl"), "a", encoding="utf-8")

    def metric(self, name, value, step=None, split="train"):
        record = {"name": name, "value": encode_value(value)}
        if step is not None:
            record["step"] = int(step)
        if split is not None:
            record["split"] = split
        self.last[(name, split)] = record["value"]
        if not self.enabled:
            return record
        line = json.dumps(record, allow_nan=False)
        self.stream.write(METRIC_PREFIX + line + "\n")
        self.stream.flush()
        if self._file:
            record_with_time = dict(record, time=round(self.clock(), 3))
            self._file.write(json.dumps(record_with_time, allow_nan=False) + "\n")
            self._file.flush()
        return record

    def metrics(self, values, step=None, split="train"):
        for name, value in values.items():
            if value is not None:
                self.metric(name, value, step=step, split=split)

    def result(self, status="ok", metrics=None, artifacts=None, error=None):
        """Prints the ``MLINTERN_RESULT`` line and writes ``result.json``; returns the object."""
        obj = {
            "status": status,
            "metrics": _clean(metrics or {}),
            "artifacts": dict(artifacts or {}),
        }
        if error is not None:
            obj["error"] = _clean(error)
        if not self.enabled:
            return obj
        line = json.dumps(obj, allow_nan=False)
        self.stream.write(RESULT_PREFIX + line + "\n")
        self.stream.flush()
        if self.output_dir:
            with open(os.path.join(self.output_dir, "result.json"), "w", encoding="utf-8") as f:
                f.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")
        return obj

    def close(self):
        if self._file:
            self._file.close()
            self._file = None


def error_kind(exc):
    """A short, stable kind for a failure, matching the names the diagnosis rules use."""
    text = "%s: %s" % (type(exc).__name__, exc)
    lowered = text.lower()
    if "out of memory" in lowered or "outofmemory" in lowered:
        return "oom"
    if isinstance(exc, (ModuleNotFoundError, ImportError)) or "missingdependency" in lowered:
        return "missing_module"
    if "schema" in lowered or "column" in lowered:
        return "data_schema"
    if "nan" in lowered and "loss" in lowered:
        return "divergence"
    if isinstance(exc, (ValueError, KeyError, FileNotFoundError)):
        return "config"
    return "runtime"


def read_metrics(path):
    """Reads a metrics.jsonl, or a raw job log with ``MLINTERN_METRIC`` lines, into dicts."""
    records = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                continue
            if METRIC_PREFIX.strip() in line:
                line = line.split(METRIC_PREFIX.strip(), 1)[1].strip()
            elif not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if "name" in rec and "value" in rec:
                rec["value"] = decode_value(rec["value"])
                records.append(rec)
    return records
