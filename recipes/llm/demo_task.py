#!/usr/bin/env python3
"""The verifiable task of the offline LLM demo (issue 15): two-digit addition, ``"47+38="`` -> ``"85"``.

Pieces the autopilot runs as jobs (its plan, stage by stage, is
``autopilot/src/main/resources/dev/mlintern/autopilot/llm/addition.json``), all offline:

* ``prepare`` — the data and the model, into ``--out`` (default ``$MLINTERN_OUTPUT``):
  ``data/warm.jsonl`` (a warm start that teaches only the answer format: every completion is a
  wrong sum of the right length, so the model learns *how* to answer, not *what*),
  ``data/sft.jsonl`` (correct sums), ``data/grpo.jsonl`` (prompts and answers),
  ``data/eval.jsonl`` (held-out problems: no pair of addends is in any training file), and
  ``base/``, a character-level Qwen3-shaped model at random init.
* ``report`` — from the stages' output folders (its config: ``stages`` {name: folder} and
  ``out``): ``report.html`` and ``report.md`` with the curves and the before/after table, and
  ``result.json`` from the final evaluation's paired predictions.
* ``result`` — ``result.json``'s fields alone from an evaluation's ``predictions.jsonl``:
  ``metric``, ``baseline``, ``final``, ``lower_is_better`` and ``ci``, the half-width of the 95%
  interval on the paired difference.

    python recipes/llm/demo_task.py prepare [--out DIR] [--shape tiny] [--eval 200]
    python recipes/llm/demo_task.py report --config report.json     # or $MLINTERN_CONFIG
    python recipes/llm/demo_task.py result DIR/predictions.jsonl --out DIR/result.json
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

LO, HI = 10, 99  # two-digit addends: 8,100 ordered pairs


def pairs(seed):
    """Every ordered pair of two-digit addends, shuffled by ``seed``."""
    everything = [(a, b) for a in range(LO, HI + 1) for b in range(LO, HI + 1)]
    random.Random(seed).shuffle(everything)
    return everything


def prompt(a, b):
    return "%d+%d=" % (a, b)


def splits(seed=0, eval_items=200, train_items=4000, grpo_items=1000):
    """(eval, sft, grpo) pair lists, disjoint: the eval pairs are never trained on."""
    shuffled = pairs(seed)
    need = eval_items + train_items + grpo_items
    if need > len(shuffled):
        raise ValueError("the task has %d problems; %d were asked for" % (len(shuffled), need))
    held = shuffled[:eval_items]
    train = shuffled[eval_items : eval_items + train_items]
    grpo = shuffled[eval_items + train_items : need]
    return held, train, grpo


def wrong_sum(a, b, rng):
    """A sum of the right number of digits that is not a + b: the format without the answer."""
    right = a + b
    low, high = (20, 99) if right < 100 else (100, 198)
    while True:
        guess = rng.randint(low, high)
        if guess != right:
            return guess


def rows(seed=0, eval_items=200, train_items=4000, grpo_items=1000):
    """The demo's four files as {name: rows}."""
    held, train, grpo = splits(seed, eval_items, train_items, grpo_items)
    rng = random.Random(seed + 1)
    return {
        "warm": [
            {"prompt": prompt(a, b), "completion": str(wrong_sum(a, b, rng))} for a, b in train
        ],
        "sft": [{"prompt": prompt(a, b), "completion": str(a + b)} for a, b in train],
        "grpo": [{"prompt": prompt(a, b), "answer": str(a + b)} for a, b in grpo],
        "eval": [{"prompt": prompt(a, b), "answer": str(a + b)} for a, b in held],
    }


def write(out, **sizes):
    os.makedirs(out, exist_ok=True)
    paths = {}
    for name, items in rows(**sizes).items():
        paths[name] = os.path.join(out, name + ".jsonl")
        with open(paths[name], "w", encoding="utf-8") as f:
            for row in items:
                f.write(json.dumps(row) + "\n")
    return paths


def result(predictions_path):
    """result.json's fields from evaluate's predictions (baseline and candidate on the same items)."""
    from llmkit import evalmath

    baseline, final = [], []
    with open(predictions_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                if "candidate" not in record:
                    raise ValueError(
                        "%s has no candidate model's predictions: evaluate with candidate_model set"
                        % predictions_path
                    )
                baseline.append(record["baseline"]["correct"])
                final.append(record["candidate"]["correct"])
    paired = evalmath.paired_comparison(baseline, final)
    return {
        "metric": "exact_match",
        "baseline": paired["baseline_accuracy"],
        "final": paired["candidate_accuracy"],
        "lower_is_better": False,
        "ci": paired["delta_ci95"],
        "items": paired["items"],
        "sign_test_p": paired["sign_test_p"],
    }


def prepare(out, shape="tiny", seed=0, **sizes):
    """The data files and the random-init model in ``out``; returns result.json's object."""
    import synthetic
    from llmkit import protocol

    files = write(os.path.join(out, "data"), seed=seed, **sizes)
    tokenizer = synthetic.build_char_tokenizer(os.path.join(out, "base"))
    synthetic.build_model(os.path.join(out, "base"), shape, vocab_size=len(tokenizer), seed=seed)
    logger = protocol.MetricsLogger(out)
    counts = {name: sum(1 for _ in open(path, encoding="utf-8")) for name, path in files.items()}
    obj = logger.result(
        "ok",
        metrics=dict({name + "_rows": n for name, n in counts.items()}, vocab=len(tokenizer)),
        artifacts=dict(
            {name: os.path.join("data", name + ".jsonl") for name in files}, model="base"
        ),
    )
    logger.close()
    return obj


def parse_args(argv):
    p = argparse.ArgumentParser(prog="demo_task.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    w = sub.add_parser("prepare", help="write the data files and build the tiny model")
    w.add_argument("--out", default=os.environ.get("MLINTERN_OUTPUT"))
    w.add_argument("--shape", default="tiny", help="the model's shape in synthetic.SHAPES")
    w.add_argument("--seed", type=int, default=0)
    w.add_argument("--eval", type=int, default=200, dest="eval_items")
    w.add_argument("--train", type=int, default=4000, dest="train_items")
    w.add_argument("--grpo", type=int, default=1000, dest="grpo_items")
    rp = sub.add_parser("report", help="report.html, report.md and result.json from the stages")
    rp.add_argument("--config", default=os.environ.get("MLINTERN_CONFIG"))
    r = sub.add_parser("result", help="result.json from evaluate's predictions.jsonl")
    r.add_argument("predictions")
    r.add_argument("--out", required=True)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.command == "prepare":
            if not args.out:
                raise ValueError("say where to write: --out DIR (or run it as a job)")
            out = prepare(
                args.out,
                args.shape,
                args.seed,
                eval_items=args.eval_items,
                train_items=args.train_items,
                grpo_items=args.grpo_items,
            )
        elif args.command == "report":
            if not args.config:
                raise ValueError("say which stages to report on: --config report.json")
            with open(args.config, encoding="utf-8") as f:
                config = json.load(f)
            import demo_report

            out = demo_report.write(config["stages"], config["out"])
        else:
            out = result(args.predictions)
            with open(args.out, "w", encoding="utf-8") as f:
                json.dump(out, f, indent=2)
    except (OSError, ValueError) as exc:
        print("demo_task: %s" % exc, file=sys.stderr)
        return 2
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
