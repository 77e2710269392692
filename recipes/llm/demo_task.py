#!/usr/bin/env python3
"""The verifiable task of the offline LLM demo (issue 15): two-digit addition, ``"47+38="`` -> ``"85"``.

Pieces the demo's driver (the Java side) runs as jobs, all offline:

* ``write``  — the data: ``warm.jsonl`` (a warm start that teaches only the answer format: every
  completion is a wrong sum of the right length, so the model learns *how* to answer, not *what*),
  ``sft.jsonl`` (correct sums), ``grpo.jsonl`` (prompts and answers) and ``eval.jsonl`` (held-out
  problems: no pair of addends is in any training file).
* ``plan``   — the pipeline as recipe configs in order: build the tiny model, warm start, baseline
  eval, SFT, eval, GRPO, eval, a deliberately unstable GRPO setting for ``diagnose.py`` to name, and
  its rerun with the diagnosis's proposal applied.
* ``result`` — ``result.json`` from an evaluation's ``predictions.jsonl`` (baseline vs candidate on
  the same items): ``metric``, ``baseline``, ``final``, ``lower_is_better`` and ``ci``, the
  half-width of the 95% interval on the paired difference.

    python recipes/llm/demo_task.py write --out DIR [--seed 0] [--eval 200]
    python recipes/llm/demo_task.py plan --work DIR
    python recipes/llm/demo_task.py result DIR/eval-final/predictions.jsonl --out DIR/result.json
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


# Settings shared by every stage: the character tokenizer's model on CPU, prompts as plain text.
CPU = {"precision": "fp32", "compile": False, "use_chat_template": False, "max_seq_len": 32}


def plan(work, minutes=10.0, shape="small"):
    """The pipeline, stage by stage: {"name", "recipe", "config" or "args"} with every path under
    ``work``. ``recipe`` is a script in recipes/llm; a ``config`` goes to it as its JSON config, ``args``
    as its arguments. The driver then reruns ``grpo-unstable`` with the diagnosis's first proposal
    (``findings[0].next[0].change``) merged into its config, and writes ``result`` from
    ``eval-final/predictions.jsonl``."""

    def at(*parts):
        return os.path.join(work, *parts)

    def evaluate(name, candidate):
        return {
            "name": name,
            "recipe": "evaluate.py",
            "config": dict(
                CPU,
                model=at("warm", "final"),
                candidate_model=candidate,
                dataset=at("data", "eval.jsonl"),
                task="generation",
                match="exact",
                max_new_tokens=4,
                output_dir=at(name),
            ),
        }

    grpo = dict(
        CPU,
        dataset=at("data", "grpo.jsonl"),
        rewards=["math_exact"],
        num_generations=8,
        prompts_per_step=8,
        max_new_tokens=4,
        temperature=1.0,
        learning_rate=5e-4,
        beta=0.04,
        max_seconds=minutes * 60 * 0.2,
        max_steps=200,
    )
    return [
        {"name": "data", "recipe": "demo_task.py", "args": ["write", "--out", at("data")]},
        {
            "name": "model",
            "recipe": "synthetic.py",
            "args": ["--shape", shape, "--out", at("base")],
        },
        {
            "name": "warm",
            "recipe": "sft.py",
            "config": dict(
                CPU,
                model=at("base"),
                dataset=at("data", "warm.jsonl"),
                learning_rate=2e-3,
                max_steps=150,
                output_dir=at("warm"),
            ),
        },
        evaluate("eval-baseline", None),
        {
            "name": "sft",
            "recipe": "sft.py",
            "config": dict(
                CPU,
                model=at("warm", "final"),
                dataset=at("data", "sft.jsonl"),
                learning_rate=1e-3,
                max_seconds=minutes * 60 * 0.3,
                max_steps=1000,
                output_dir=at("sft"),
            ),
        },
        evaluate("eval-sft", at("sft", "final")),
        {
            "name": "grpo",
            "recipe": "grpo.py",
            "config": dict(grpo, model=at("sft", "final"), output_dir=at("grpo")),
        },
        evaluate("eval-final", at("grpo", "final")),
        {
            # deliberately unstable: a learning rate 100x too high with no KL anchor; diagnose.py
            # names the collapse and proposes the change the rerun applies
            "name": "grpo-unstable",
            "recipe": "grpo.py",
            "config": dict(
                grpo,
                model=at("sft", "final"),
                learning_rate=5e-2,
                beta=0.0,
                max_steps=30,
                output_dir=at("grpo-unstable"),
            ),
        },
        {
            "name": "diagnose",
            "recipe": "diagnose.py",
            "args": [at("grpo-unstable", "metrics.jsonl")],
        },
    ]


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


def parse_args(argv):
    p = argparse.ArgumentParser(prog="demo_task.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write warm/sft/grpo/eval .jsonl files")
    w.add_argument("--out", required=True)
    w.add_argument("--seed", type=int, default=0)
    w.add_argument("--eval", type=int, default=200, dest="eval_items")
    w.add_argument("--train", type=int, default=4000, dest="train_items")
    w.add_argument("--grpo", type=int, default=1000, dest="grpo_items")
    pl = sub.add_parser("plan", help="print the pipeline's stages as JSON")
    pl.add_argument("--work", required=True)
    pl.add_argument("--minutes", type=float, default=10.0, help="the demo's time budget")
    pl.add_argument("--shape", default="small", help="the model's shape in synthetic.SHAPES")
    r = sub.add_parser("result", help="result.json from evaluate's predictions.jsonl")
    r.add_argument("predictions")
    r.add_argument("--out", required=True)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.command == "write":
            out = write(
                args.out,
                seed=args.seed,
                eval_items=args.eval_items,
                train_items=args.train_items,
                grpo_items=args.grpo_items,
            )
        elif args.command == "plan":
            out = plan(args.work, args.minutes, args.shape)
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
