#!/usr/bin/env python3
"""Evaluation of a baseline and (optionally) a candidate model on the same items.

Tasks (``task``):
* ``generation`` — greedy generation, then exact match of the final answer (``match``: math
  extracts \\boxed{}/####/"answer is"/last number; exact; contains); metric ``accuracy``.
* ``multiple_choice`` — each choice scored by the log-likelihood of " <choice>" after
  "Question: …\\nAnswer:", as lm-eval-harness scores MMLU/GPQA; metrics ``accuracy`` and
  ``accuracy_norm`` (length-normalised by bytes).
* ``perplexity`` — exp(mean token NLL) over ``text`` (or rendered ``messages``).

Metrics are named ``baseline/<metric>`` and ``candidate/<metric>``, plus ``delta/accuracy`` and
the paired sign-test p-value when both models ran. Per-item results go to ``predictions.jsonl``.

    python recipes/llm/evaluate.py --config eval.json
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import runner  # noqa: E402

DESCRIPTION = "Evaluate baseline vs candidate: generation exact match, multiple choice by log-likelihood, perplexity."


def score_generation(model, tokenizer, rows, config, device):
    from llmkit import hf, packing, rewards, speed

    render, encode = hf.chat_functions(tokenizer, config.get("use_chat_template", True))
    results, processed = [], 0
    eos_ids = [i for i in {tokenizer.eos_token_id, tokenizer.pad_token_id} if i is not None]
    for chunk in packing.batches(list(enumerate(rows)), config["micro_batch_size"]):
        prompts = []
        for _, row in chunk:
            prompt = row[config["prompt_field"]]
            text = (
                render(packing.as_messages(prompt, config.get("system_prompt")), True)
                if render
                else str(prompt)
            )
            prompts.append({"input_ids": encode(text)[-config["max_seq_len"] :]})
        batch = packing.collate(prompts, tokenizer.pad_token_id, left=True)
        import torch

        with torch.no_grad(), speed.autocast(device, config["precision"]):
            out = model.generate(
                input_ids=batch["input_ids"].to(device),
                attention_mask=batch["attention_mask"].to(device),
                do_sample=False,
                max_new_tokens=config["max_new_tokens"],
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=eos_ids,
            )
        processed += int(out.numel())
        texts = tokenizer.batch_decode(
            out[:, batch["input_ids"].shape[1] :], skip_special_tokens=True
        )
        for (index, row), text in zip(chunk, texts):
            answer = row[config["answer_field"]]
            if config["match"] == "math":
                correct = rewards.math_exact(text, answer) == 1.0
            elif config["match"] == "contains":
                correct = rewards.normalize_answer(answer) in rewards.normalize_answer(text)
            else:
                correct = rewards.answers_match(text.strip(), answer)
            results.append(
                {"index": index, "output": text, "answer": answer, "correct": bool(correct)}
            )
    return results, {"tokens_processed": processed}


def _continuation_batch(pairs, encode, pad_id, max_len):
    """Rows whose labels cover only the continuation tokens of (context, continuation) pairs."""
    rows = []
    for context, continuation in pairs:
        ctx = encode(context)
        whole = encode(context + continuation)
        cont = whole[len(ctx) :] or encode(continuation)
        ids = (ctx + cont)[-max_len:]
        labels = ([-100] * len(ctx) + cont)[-max_len:]
        rows.append({"input_ids": ids, "labels": labels})
    from llmkit import packing

    return packing.collate(rows, pad_id)


def score_multiple_choice(model, tokenizer, rows, config, device):
    import torch
    from llmkit import evalmath, hf, packing

    _, encode = hf.chat_functions(tokenizer, use_template=False)
    items = []
    for row in rows:
        choices = row[config["choices_field"]]
        if isinstance(choices, str):
            choices = json.loads(choices)
        choices = [str(c) for c in choices]
        items.append(
            (
                row[config["prompt_field"]],
                choices,
                evalmath.label_index(row[config["label_field"]], choices),
            )
        )
    results, processed = [], 0
    show = config.get("show_choices", False)
    for index, (prompt, choices, gold) in enumerate(items):
        context = evalmath.fewshot_prefix(items, index, config.get("num_fewshot", 0), show)
        context += evalmath.mc_context(prompt, choices, show)
        pairs = [(context, " " + str(c)) for c in choices]
        sums = []
        for chunk in packing.batches(pairs, config["micro_batch_size"]):
            batch = _continuation_batch(
                chunk, encode, tokenizer.pad_token_id, config["max_seq_len"]
            )
            processed += int(batch["attention_mask"].sum())
            with torch.no_grad():
                sums.extend(
                    float(x) for x in hf.sequence_logps(model, batch, device, config["precision"])
                )
        acc, acc_norm = evalmath.mc_prediction(sums, choices)
        results.append(
            {
                "index": index,
                "logprobs": sums,
                "gold": gold,
                "pred": acc,
                "pred_norm": acc_norm,
                "correct": acc == gold,
                "correct_norm": acc_norm == gold,
            }
        )
    return results, {"tokens_processed": processed}


def score_perplexity(model, tokenizer, rows, config, device):
    import torch
    from llmkit import hf, losses, packing

    render, encode = hf.chat_functions(tokenizer)
    results, total_nll, total_tokens = [], 0.0, 0
    items = []
    for index, row in enumerate(rows):
        if config["text_field"] in row:
            text = str(row[config["text_field"]])
        else:
            text = render(row.get("messages"), False)
        ids = encode(text)[: config["max_seq_len"]]
        items.append((index, {"input_ids": ids, "labels": ids}))
    for chunk in packing.batches(items, config["micro_batch_size"]):
        batch = packing.collate([r for _, r in chunk], tokenizer.pad_token_id)
        with torch.no_grad():
            sums = hf.sequence_logps(model, batch, device, config["precision"])
        counts = (batch["labels"][:, 1:] != losses.IGNORE_INDEX).sum(-1)
        for (index, _), s, n in zip(chunk, sums, counts):
            results.append({"index": index, "nll": -float(s), "tokens": int(n)})
            total_nll += -float(s)
            total_tokens += int(n)
    return results, {
        "nll_sum": total_nll,
        "tokens_scored": total_tokens,
        "tokens_processed": total_tokens,
    }


SCORERS = {
    "generation": score_generation,
    "multiple_choice": score_multiple_choice,
    "perplexity": score_perplexity,
}


def summarize(task, results, extra):
    from llmkit import evalmath

    if task == "perplexity":
        return {
            "perplexity": evalmath.perplexity(extra["nll_sum"], extra["tokens_scored"]),
            "items": len(results),
        }
    out = {
        "accuracy": sum(r["correct"] for r in results) / max(1, len(results)),
        "items": len(results),
    }
    if task == "multiple_choice":
        out["accuracy_norm"] = sum(r["correct_norm"] for r in results) / max(1, len(results))
    return out


def train(config, logger):
    import torch
    from llmkit import data, evalmath, flops, hf, speed

    hf.require("transformers")
    hf.set_threads(config)
    torch.manual_seed(config["seed"])
    device = speed.pick_device(config.get("device"))
    rows = data.read_rows(
        config["dataset"], config.get("max_samples"), config.get("dataset_split", "test")
    )
    data.columns_for(rows, "evaluate", config)
    models = [("baseline", config["model"])]
    if config.get("candidate_model"):
        models.append(("candidate", config["candidate_model"]))
    metrics, per_model = {}, {}
    scorer = SCORERS[config["task"]]
    for tag, name in models:
        tok_config = dict(config, tokenizer=config.get("tokenizer") or name, model=name)
        tokenizer = hf.load_tokenizer(tok_config)
        tokenizer.padding_side = "left"
        model, _ = hf.load_model(config, device, name=name, trainable=False)
        start = time.perf_counter()
        results, extra = scorer(model, tokenizer, rows, config, device)
        if str(device).startswith("cuda"):
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        summary = summarize(config["task"], results, extra)
        shape = hf.shape_of(model)
        n = sum(p.numel() for p in model.parameters())
        tokens = extra.get("tokens_processed", 0)
        summary["tokens_per_s"] = tokens / max(seconds, 1e-9)
        summary["mfu"] = flops.mfu(
            summary["tokens_per_s"],
            flops.forward_flops_per_token(
                n, shape["layers"], shape["heads"], shape["head_dim"], config["max_seq_len"]
            ),
            config.get("gpu_peak_tflops", 989.0),
        )
        for key, value in summary.items():
            logger.metric("%s/%s" % (tag, key), value, split="eval")
            metrics["%s_%s" % (tag, key)] = value
        per_model[tag] = results
        del model
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    if "candidate" in per_model and config["task"] != "perplexity":
        paired = evalmath.paired_comparison(
            [r["correct"] for r in per_model["baseline"]],
            [r["correct"] for r in per_model["candidate"]],
        )
        logger.metric("delta/accuracy", paired["delta"], split="eval")
        logger.metric("sign_test_p", paired["sign_test_p"], split="eval")
        metrics.update(
            {
                "delta_accuracy": paired["delta"],
                "delta_accuracy_ci95": paired["delta_ci95"],
                "candidate_wins": paired["candidate_wins"],
                "candidate_losses": paired["candidate_losses"],
                "sign_test_p": paired["sign_test_p"],
            }
        )
    path = os.path.join(config["output_dir"], "predictions.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(len(rows)):
            record = {tag: per_model[tag][i] for tag in per_model}
            f.write(json.dumps(record) + "\n")
    return metrics, {"predictions": path}


def main(argv=None):
    return runner.main("evaluate", DESCRIPTION, train, argv)


if __name__ == "__main__":
    sys.exit(main())


# What a remote job installs before running this recipe (PEP 723 inline metadata; read by mlintern
# and by `uv run`; see docs/compute.md). mlintern pins each name to requirements.lock beside this file
# when it ships the recipe to HF Jobs, so a remote job runs the local LLM environment's versions.
# /// script
# dependencies = [
#   "torch",
#   "transformers==5.17.0",
#   "peft==0.21.0",
#   "trl",
#   "datasets",
#   "accelerate",
#   "huggingface_hub",
#   "safetensors",
# ]
# ///
