#!/usr/bin/env python3
"""Pre-flight checks for an LLM recipe run; prints a JSON verdict on stdout.

    python recipes/llm/preflight.py --recipe sft --config sft.json --gpu h100 --timeout 2h
    python recipes/llm/preflight.py --table            # the sizing table, as JSON rows

Exit status: 0 GO, 3 NO-GO (the "reasons" say why), 2 usage error. See llmkit/preflight.py for
the checks and llmkit/flops.py for the sizing rule.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import config as configs  # noqa: E402
from llmkit import flops, preflight  # noqa: E402


def parse_duration(text):
    """Seconds from '5400', '90m', '2h', '1h30m', '45s'."""
    if text is None:
        return None
    text = str(text).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([hms])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError("timeout %r: use seconds or forms like 90m, 2h, 1h30m" % text)
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def build_parser():
    p = argparse.ArgumentParser(
        prog="preflight.py", description="Pre-flight checks before an LLM training job."
    )
    p.add_argument("--recipe", choices=sorted(configs.DEFAULTS), help="recipe to check")
    p.add_argument("--config", help="the run's JSON config (default: $MLINTERN_CONFIG)")
    p.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="override a config key"
    )
    p.add_argument("--output-dir", help="the run's output folder")
    p.add_argument("--max-steps", type=int)
    p.add_argument(
        "--gpu",
        default="h100",
        help="GPU or job flavor name (h100, h200, a100-large, a10g-small, l4, t4)",
    )
    p.add_argument("--timeout", help="job timeout: seconds or 90m / 2h / 1h30m")
    p.add_argument(
        "--columns", help="dataset columns, comma-separated (for Hub datasets not on disk)"
    )
    p.add_argument(
        "--ephemeral",
        action="store_true",
        help="the job's disk is deleted at the end (HF Jobs, pods)",
    )
    p.add_argument(
        "--model-config", help="the model's config.json, when the model is not a local folder"
    )
    p.add_argument(
        "--dataset-tokens",
        type=int,
        help="tokens in the dataset (for the time estimate without max_steps)",
    )
    p.add_argument(
        "--smoke-marker",
        help="path of the smoke run's smoke_ok.json (default: in the output folder)",
    )
    p.add_argument(
        "--skip-smoke",
        action="store_true",
        help="do not require a smoke run (e.g. when checking the smoke run itself)",
    )
    p.add_argument("--table", action="store_true", help="print the sizing table as JSON and exit")
    p.add_argument("--seq-len", type=int, default=2048, help="sequence length for --table")
    p.add_argument("--micro-batch", type=int, default=4, help="micro-batch for --table")
    return p


def main(argv=None, stream=None):
    out = stream or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.table:
        out.write(
            json.dumps(
                {
                    "rule": flops.__doc__.strip(),
                    "rows": flops.sizing_table(args.seq_len, args.micro_batch),
                },
                indent=2,
            )
            + "\n"
        )
        return 0
    if not args.recipe:
        parser.print_usage(sys.stderr)
        sys.stderr.write("preflight.py: --recipe is required\n")
        return 2
    ns = argparse.Namespace(
        config=args.config,
        set=args.set,
        output_dir=args.output_dir,
        max_steps=args.max_steps,
        smoke=False,
    )
    try:
        config = configs.resolve(args.recipe, ns)
        timeout = parse_duration(args.timeout)
        model_config = None
        if args.model_config:
            with open(args.model_config, encoding="utf-8") as f:
                model_config = json.load(f)
    except (OSError, ValueError) as exc:
        sys.stderr.write("preflight.py: %s\n" % exc)
        return 2
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    verdict = preflight.run_checks(
        args.recipe,
        config,
        gpu=args.gpu,
        timeout_s=timeout,
        columns=columns,
        ephemeral=args.ephemeral,
        model_config=model_config,
        dataset_tokens=args.dataset_tokens,
        smoke_marker=args.smoke_marker,
        skip_smoke=args.skip_smoke,
    )
    problems = [
        p for p in configs.validate(args.recipe, config) if not p.startswith("unknown config key")
    ]
    if problems:
        verdict["checks"].append(preflight.check("config", False, "; ".join(problems)))
        verdict["verdict"] = "NO-GO"
        verdict["reasons"].append("config: " + "; ".join(problems))
    out.write(json.dumps(verdict, indent=2) + "\n")
    return 0 if verdict["verdict"] == "GO" else 3


if __name__ == "__main__":
    sys.exit(main())
