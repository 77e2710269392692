#!/usr/bin/env python3
"""SFT steps/s on CPU: the recipe (sft.py) beside the same training loop written plainly in torch, on
the same random Qwen3-style model, batch shape and optimizer, so the recipe's overhead is known.

The recipe runs in this process (imports warm) on packed synthetic chats; its step times come from the
timestamps of its own metric lines. The plain loop is ``model(input_ids, labels=input_ids).loss``,
backward, gradient clipping, AdamW, on rows of the same length. Both skip the first ``--warmup`` steps,
and the two alternate ``--reps`` times so a busy machine slows both alike; the table gives the medians.

    python recipes/llm/bench_cpu.py                       # tiny shape, full and LoRA, 1 thread
    python recipes/llm/bench_cpu.py --shape small --seq-len 256 --out /tmp/bench
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="bench_cpu.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--shape", default="tiny", help="a shape of synthetic.SHAPES (default tiny)")
    p.add_argument("--seq-len", type=int, default=128, help="tokens per row (default 128)")
    p.add_argument("--batch", type=int, default=4, help="rows per step (default 4)")
    p.add_argument("--steps", type=int, default=30, help="steps per measured run (default 30)")
    p.add_argument("--warmup", type=int, default=3, help="first steps left out of the timing")
    p.add_argument("--reps", type=int, default=3, help="alternating runs of each loop (default 3)")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads (default 1: steady on a shared machine)",
    )
    p.add_argument("--modes", default="full,lora", help="full, lora or both (default full,lora)")
    p.add_argument("--out", help="also write bench_cpu.json here")
    return p.parse_args(argv)


def recipe_steps_per_s(model_dir, data, out, args, lora):
    """Steps/s of sft.py from the timestamps of its loss lines after the warm-up steps."""
    import sft
    from llmkit import protocol

    argv = ["--output-dir", out, "--max-steps", str(args.steps)]
    settings = dict(
        model=model_dir,
        dataset=data,
        precision="fp32",
        compile=False,
        max_seq_len=args.seq_len,
        micro_batch_size=args.batch,
        learning_rate=1e-3,
        warmup_ratio=0.0,
        use_peft=lora,
        resume=False,
    )
    for key, value in settings.items():
        argv += ["--set", "%s=%s" % (key, json.dumps(value))]
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
        code = sft.main(argv)
    if code != 0:
        raise RuntimeError("sft.py failed: " + err.getvalue()[-2000:])
    times = [
        r["time"]
        for r in sorted(protocol.read_metrics(os.path.join(out, "metrics.jsonl")), key=step)
        if r["name"] == "loss"
    ]
    return (len(times) - 1 - args.warmup) / (times[-1] - times[args.warmup])


def step(record):
    return record.get("step", 0)


def plain_steps_per_s(model_dir, vocab, args, lora):
    """Steps/s of the textbook loop on the same model and batch shape."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model.config.use_cache = False
    if lora:
        import peft

        config = peft.LoraConfig(
            r=16,
            lora_alpha=32,
            lora_dropout=0.05,
            target_modules="all-linear",
            task_type="CAUSAL_LM",
        )
        model = peft.get_peft_model(model, config)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    batch = torch.randint(0, vocab, (args.batch, args.seq_len))
    stamps = []
    for _ in range(args.steps):
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        float(loss.detach())  # a loop logs its loss, as the recipe does
        stamps.append(time.time())
    return (len(stamps) - 1 - args.warmup) / (stamps[-1] - stamps[args.warmup])


def chats_filling(n_steps, args):
    """Enough synthetic chats to fill every packed row of every step."""
    import synthetic

    per_row = max(1, args.seq_len // 40)  # a rendered chat is about 60-70 characters
    return synthetic.chat_rows(n_steps * args.batch * per_row + 64)


def run(args):
    import synthetic
    import torch

    torch.set_num_threads(args.threads)
    work = tempfile.mkdtemp(prefix="bench_cpu_")
    model_dir = os.path.join(work, "model")
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        tokenizer = synthetic.build_char_tokenizer(model_dir)
        shape = synthetic.build_model(model_dir, args.shape, vocab_size=len(tokenizer))
    data = synthetic.write_jsonl(os.path.join(work, "chats.jsonl"), chats_filling(args.steps, args))
    rows = []
    for mode in args.modes.split(","):
        lora = mode == "lora"
        recipe, plain = [], []
        for rep in range(args.reps):
            out = os.path.join(work, "%s-%d" % (mode, rep))
            recipe.append(recipe_steps_per_s(model_dir, data, out, args, lora))
            plain.append(plain_steps_per_s(model_dir, len(tokenizer), args, lora))
            print(
                "bench_cpu: %s rep %d: recipe %.2f, plain %.2f steps/s"
                % (mode, rep + 1, recipe[-1], plain[-1]),
                file=sys.stderr,
                flush=True,
            )
        r, p = statistics.median(recipe), statistics.median(plain)
        rows.append(
            {
                "mode": mode,
                "recipe_steps_per_s": r,
                "plain_steps_per_s": p,
                "recipe_over_plain": r / p,
                "recipe_runs": recipe,
                "plain_runs": plain,
            }
        )
    return {
        "shape": args.shape,
        "layers": shape["num_hidden_layers"],
        "hidden": shape["hidden_size"],
        "vocab": len(tokenizer),
        "batch": args.batch,
        "seq_len": args.seq_len,
        "threads": args.threads,
        "steps": args.steps,
        "warmup": args.warmup,
        "reps": args.reps,
        "torch": torch.__version__,
        "rows": rows,
    }


def markdown(report):
    lines = [
        "| model | mode | batch × seq | recipe steps/s | plain torch steps/s | recipe ÷ plain |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        lines.append(
            "| %s (%d layers, d %d) | %s | %d × %d | %.2f | %.2f | %.2f |"
            % (
                report["shape"],
                report["layers"],
                report["hidden"],
                row["mode"],
                report["batch"],
                report["seq_len"],
                row["recipe_steps_per_s"],
                row["plain_steps_per_s"],
                row["recipe_over_plain"],
            )
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    if args.steps <= args.warmup + 1 or args.reps < 1:
        print(
            "bench_cpu: --steps must exceed --warmup + 1 and --reps be at least 1", file=sys.stderr
        )
        return 2
    report = run(args)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "bench_cpu.json"), "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
    sys.stdout.write(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
