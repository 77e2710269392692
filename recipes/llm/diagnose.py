#!/usr/bin/env python3
"""Diagnosis of a post-training run from its metrics; prints findings JSON on stdout.

    python recipes/llm/diagnose.py OUTPUT_DIR/metrics.jsonl [--log job.log] [--config config.json] [--result result.json]

The metrics file may also be a raw job log with MLINTERN_METRIC lines. When OUTPUT_DIR holds
config.json / result.json they are read too. Exit status: 0 whatever the findings, 2 usage error
(missing file), unless --fail-on-problems (then 3 when a finding blocks).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import diagnose, protocol  # noqa: E402


def _load_json(path):
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return None


def main(argv=None, stream=None):
    out = stream or sys.stdout
    p = argparse.ArgumentParser(
        prog="diagnose.py", description="Find reward collapse, KL blow-up, loss spikes, OOM."
    )
    p.add_argument("metrics", help="metrics.jsonl (or a job log with MLINTERN_METRIC lines)")
    p.add_argument("--log", help="the job's log (stdout+stderr), for out-of-memory detection")
    p.add_argument("--config", help="the run's config.json (default: beside the metrics file)")
    p.add_argument("--result", help="the run's result.json (default: beside the metrics file)")
    p.add_argument("--fail-on-problems", action="store_true", help="exit 3 when a finding blocks")
    args = p.parse_args(argv)
    if not os.path.exists(args.metrics):
        sys.stderr.write("diagnose.py: %s does not exist\n" % args.metrics)
        return 2
    folder = os.path.dirname(os.path.abspath(args.metrics))
    records = protocol.read_metrics(args.metrics)
    config = _load_json(args.config or os.path.join(folder, "config.json"))
    result = _load_json(args.result or os.path.join(folder, "result.json"))
    log_text = None
    if args.log:
        with open(args.log, encoding="utf-8", errors="replace") as f:
            log_text = f.read()
    report = diagnose.diagnose(records, config, log_text, result)
    out.write(json.dumps(report, indent=2) + "\n")
    if args.fail_on_problems and report["status"] == "problems":
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
