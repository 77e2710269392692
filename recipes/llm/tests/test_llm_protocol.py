import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import io
import json
import math

from llmkit import protocol


def test_non_finite_values_become_strings():
    assert protocol.encode_value(float("nan")) == "NaN"
    assert protocol.encode_value(float("inf")) == "Infinity"
    assert protocol.encode_value(-float("inf")) == "-Infinity"
    assert protocol.encode_value(True) == 1 and protocol.encode_value(3) == 3
    assert math.isnan(protocol.decode_value("NaN"))


def test_logger_prints_metric_lines_and_writes_jsonl_and_result(tmp_path):
    out = io.StringIO()
    log = protocol.MetricsLogger(str(tmp_path), stream=out, clock=lambda: 12.0)
    log.metric("loss", 0.5, step=3)
    log.metric("loss", float("nan"), step=4, split="eval")
    result = log.result(
        "ok", metrics={"loss": 0.5, "bad": float("inf")}, artifacts={"model": "final"}
    )
    log.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == 'MLINTERN_METRIC {"name": "loss", "value": 0.5, "step": 3, "split": "train"}'
    assert json.loads(lines[1].split(" ", 1)[1])["value"] == "NaN"
    assert lines[-1].startswith("MLINTERN_RESULT ")
    assert json.loads(lines[-1].split(" ", 1)[1]) == result
    assert result["metrics"]["bad"] == "Infinity"
    with open(os.path.join(tmp_path, "result.json")) as f:
        assert json.load(f) == result
    records = protocol.read_metrics(os.path.join(tmp_path, "metrics.jsonl"))
    assert [r["step"] for r in records] == [3, 4] and math.isnan(records[1]["value"])


def test_error_result_and_disabled_logger(tmp_path):
    out = io.StringIO()
    log = protocol.MetricsLogger(str(tmp_path / "x"), stream=out, enabled=False)
    log.metric("loss", 1.0)
    log.result("error", error={"kind": "oom", "message": "m"})
    assert out.getvalue() == "" and not os.path.exists(tmp_path / "x")


def test_read_metrics_from_a_raw_job_log(tmp_path):
    path = tmp_path / "job.log"
    path.write_text(
        'noise\nMLINTERN_METRIC {"name": "kl", "value": 0.1, "step": 1}\nMLINTERN_RESULT {"status": "ok"}\n'
    )
    records = protocol.read_metrics(str(path))
    assert records == [{"name": "kl", "value": 0.1, "step": 1}]


def test_error_kinds():
    assert protocol.error_kind(RuntimeError("CUDA out of memory. Tried to allocate")) == "oom"
    assert protocol.error_kind(ModuleNotFoundError("No module named 'peft'")) == "missing_module"
    assert (
        protocol.error_kind(ValueError("data schema mismatch: dataset needs columns"))
        == "data_schema"
    )
    assert protocol.error_kind(RuntimeError("boom")) == "runtime"
