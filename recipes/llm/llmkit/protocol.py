"""The mlintern metrics protocol (ARCHITECTURE.md "Jobs") as the LLM recipes use it.

The protocol itself (encoding values, writing metric and result lines, reading them back) is
``recipes/mlintern_recipe.py``, the one writer every recipe shares; this module finds it from its
own place (``recipes/llm/llmkit/`` → ``recipes/``), so it works however the script was started, and
adds what the LLM recipes need on top: split ``train`` by default, the last value of each series,
a result from its parts and the failure kinds the diagnosis rules use.
"""

import os
import sys
import time

_RECIPES = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _RECIPES not in sys.path:
    sys.path.append(_RECIPES)

import mlintern_recipe  # noqa: E402
from mlintern_recipe import decode_value, encode_value, read_metrics  # noqa: E402, F401


class MetricsLogger:
    """Writes metric lines to stdout and ``metrics.jsonl``; writes the final result once.

    Only rank 0 of a distributed run should hold an enabled logger; others pass ``enabled=False``.
    """

    def __init__(self, output_dir, stream=None, enabled=True, clock=time.time):
        self.last = {}
        self._writer = mlintern_recipe.MetricsWriter(output_dir, stream, enabled, clock)

    def metric(self, name, value, step=None, split="train"):
        record = self._writer.metric(name, value, step=step, split=split)
        self.last[(name, split)] = record["value"]
        return record

    def metrics(self, values, step=None, split="train"):
        for name, value in values.items():
            if value is not None:
                self.metric(name, value, step=step, split=split)

    def result(self, status="ok", metrics=None, artifacts=None, error=None):
        """Prints the ``MLINTERN_RESULT`` line and writes ``result.json``; returns the object."""
        result = {"status": status, "metrics": metrics or {}, "artifacts": dict(artifacts or {})}
        if error is not None:
            result["error"] = error
        return self._writer.result(result)

    def close(self):
        self._writer.close()


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
