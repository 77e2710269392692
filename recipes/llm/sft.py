#!/usr/bin/env python3
"""Supervised fine-tuning of a causal LM: full or LoRA, chat-formatted, loss on completions only.

Data: a ``messages`` column (chat turns; loss on the assistant turns), or ``prompt``/``completion``
(loss on the completion), or ``text`` (loss on everything). Examples are packed into fixed-length
rows by default. Writes ``final/`` (model or adapter + tokenizer), checkpoints, ``metrics.jsonl``
and ``result.json`` into the output folder; pushes to the Hub only when ``push_to_hub`` is true.

    python recipes/llm/sft.py --config sft.json            # or MLINTERN_CONFIG=sft.json
    python recipes/llm/sft.py --config sft.json --smoke    # 5 steps on 64 rows, writes smoke_ok.json
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import runner  # noqa: E402

DESCRIPTION = (
    "SFT (full or LoRA) with completion-only loss, packing and the mlintern metrics protocol."
)


def tokenize_rows(rows, config, tokenizer):
    """(ids, labels) per row, using whichever column set the dataset has; drops empty examples."""
    from llmkit import data, hf, packing

    matched = data.columns_for(rows, "sft", config)
    render, encode = hf.chat_functions(tokenizer)
    pc_render = (
        render if config.get("use_chat_template", True) else None
    )  # prompt/completion as plain text
    eos = tokenizer.eos_token_id
    examples, dropped = [], 0
    for row in rows:
        try:
            if matched == [config["messages_field"]]:
                msgs = row[matched[0]]
                if isinstance(msgs, str):
                    import json

                    msgs = json.loads(msgs)
                ids, labels = packing.tokenize_messages(
                    msgs, render, encode, config["completion_only_loss"]
                )
            elif len(matched) == 2:
                ids, labels = packing.tokenize_prompt_completion(
                    row[matched[0]], row[matched[1]], encode, pc_render, eos
                )
                if not config["completion_only_loss"]:
                    labels = list(ids)
            else:
                ids = encode(str(row[matched[0]])) + ([eos] if eos is not None else [])
                labels = list(ids)
        except ValueError:
            dropped += 1
            continue
        kept = packing.truncate(ids, labels, config["max_seq_len"])
        if kept is None:
            dropped += 1
        else:
            examples.append(kept)
    return examples, dropped


def make_batches(examples, config, pad_id):
    from llmkit import packing

    if config.get("packing", True):
        rows = packing.pack(
            examples, config["max_seq_len"], config.get("packing_isolation", True), pad_id
        )
    else:
        rows = [{"input_ids": ids, "labels": labels} for ids, labels in examples]
    packed = config.get("packing", True)
    drop_last = packed and len(rows) >= config["micro_batch_size"]  # one static shape for compile
    return [
        packing.collate(chunk, pad_id, pad_multiple=None if packed else 64)
        for chunk in packing.batches(rows, config["micro_batch_size"], drop_last=drop_last)
    ]


def evaluate_loss(model, batches, loss_fn):
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in batches:
            loss, _ = loss_fn(batch)
            n = int((batch["labels"][:, 1:] != -100).sum())
            total += float(loss) * n
            count += n
    model.train()
    return total / max(1, count)


def train(config, logger):
    from llmkit import data, hf, loop, speed, trl_bridge

    if trl_bridge.wants_trl(config):
        return trl_bridge.run_sft(
            config, logger, data.read_rows(config["dataset"], config.get("max_samples"))
        )
    device, tokenizer, rows = hf.start(config)
    examples, dropped = tokenize_rows(rows, config, tokenizer)
    if not examples:
        raise ValueError(
            "data schema: no trainable examples (%d dropped: no assistant turn or all truncated)"
            % dropped
        )
    batches = make_batches(examples, config, tokenizer.pad_token_id)
    print(
        "sft: %d examples (%d dropped) -> %d micro-batches"
        % (len(examples), dropped, len(batches)),
        file=sys.stderr,
    )

    model, choices = hf.load_model(config, device)
    model = hf.prepare_for_training(model, config)
    optimizer, choices["optimizer"] = speed.optimizer_for(model, config)
    loss_fn, loss_choices = hf.make_lm_loss(model, config, device)
    choices.update(loss_choices)
    print("sft: speed paths %s" % choices, file=sys.stderr)
    total_params, trainable = hf.count_params(model)

    trainer = hf.trainer(
        model,
        optimizer,
        config,
        logger,
        loss_fn,
        device,
        hf.flops_per_token(model, config["max_seq_len"]),
    )
    resumed = trainer.resume()
    if resumed:
        print("sft: resumed from %s at step %d" % (resumed, trainer.step), file=sys.stderr)
    history = trainer.train(batches)
    if trainer.stopped_early:
        print(
            "sft: stopped early (%s) at step %d" % (trainer.stopped_early, trainer.step),
            file=sys.stderr,
        )

    metrics = {"steps": trainer.step, "params": total_params, "trainable_params": trainable}
    summary = loop.summarize(history, ("loss",))
    if "loss" in summary:
        metrics["train_loss"] = summary.pop("loss")
    metrics.update(summary)
    metrics["train_seconds"] = trainer.train_seconds
    metrics["tokens"] = trainer.total_tokens

    if config.get("eval_dataset"):
        eval_rows = data.read_rows(config["eval_dataset"], config.get("max_samples"))
        eval_examples, _ = tokenize_rows(eval_rows, config, tokenizer)
        eval_batches = make_batches(eval_examples, config, tokenizer.pad_token_id)
        metrics["eval_loss"] = evaluate_loss(model, eval_batches, loss_fn)
        logger.metric("loss", metrics["eval_loss"], step=trainer.step, split="eval")

    return metrics, hf.finish(model, tokenizer, config)


def main(argv=None):
    return runner.main("sft", DESCRIPTION, train, argv)


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
