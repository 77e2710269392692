#!/usr/bin/env python3
"""Direct Preference Optimization: ``prompt``/``chosen``/``rejected`` pairs, full or LoRA.

The reference policy is, in order: log-probs precomputed in the dataset
(``ref_chosen_logps``/``ref_rejected_logps`` columns); log-probs precomputed here before training
(``precompute_ref_log_probs: true``, no second model in memory); the base model with adapters
disabled (LoRA); ``reference_model`` if set; else a frozen copy of the starting model.
Logs loss, rewards/chosen, rewards/rejected, rewards/accuracy, rewards/margin, tokens/s and MFU.

    python recipes/llm/dpo.py --config dpo.json
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import runner  # noqa: E402

DESCRIPTION = (
    "DPO (sigmoid, IPO or hinge loss) with a reference model or precomputed reference log-probs."
)


def _as_conversation(value):
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list):
                return parsed
        except ValueError:
            pass
    return value


def split_pair(row, config):
    """(prompt, chosen, rejected) where chosen/rejected are completions; a dataset without a prompt
    column holds whole conversations, whose shared leading turns become the prompt."""
    chosen = _as_conversation(row[config["chosen_field"]])
    rejected = _as_conversation(row[config["rejected_field"]])
    prompt = row.get(config["prompt_field"])
    if prompt is None:
        if not (isinstance(chosen, list) and isinstance(rejected, list)):
            raise ValueError(
                "data schema: without a prompt column, chosen/rejected must be message lists"
            )
        shared = 0
        while shared < min(len(chosen), len(rejected)) - 1 and chosen[shared] == rejected[shared]:
            shared += 1
        return chosen[:shared], chosen[shared:], rejected[shared:]
    return _as_conversation(prompt), chosen, rejected


def tokenize_pairs(rows, config, tokenizer):
    from llmkit import data, hf, packing

    data.columns_for(rows, "dpo", config)
    render, encode = hf.chat_functions(tokenizer)
    pairs = []
    for row in rows:
        prompt, chosen, rejected = split_pair(row, config)
        pair = []
        for completion in (chosen, rejected):
            ids, labels = packing.tokenize_prompt_completion(
                prompt, completion, encode, render, tokenizer.eos_token_id
            )
            prompt_len = sum(1 for x in labels if x == -100)
            cut = max(0, prompt_len - config["max_prompt_len"])  # keep the end of a long prompt
            ids, labels = ids[cut:], labels[cut:]
            kept = packing.truncate(ids, labels, config["max_seq_len"])
            pair.append(kept)
        if None in pair:
            continue
        ref = None
        if config["ref_chosen_field"] in row and config["ref_rejected_field"] in row:
            ref = (float(row[config["ref_chosen_field"]]), float(row[config["ref_rejected_field"]]))
        pairs.append({"chosen": pair[0], "rejected": pair[1], "ref": ref})
    return pairs


def collate_pairs(pairs, pad_id):
    """One batch with the chosen rows first, then the rejected rows (one forward for both)."""
    import torch
    from llmkit import packing

    rows = [{"input_ids": p["chosen"][0], "labels": p["chosen"][1]} for p in pairs]
    rows += [{"input_ids": p["rejected"][0], "labels": p["rejected"][1]} for p in pairs]
    batch = packing.collate(rows, pad_id, pad_multiple=64)
    if all(p["ref"] is not None for p in pairs):
        batch["ref_logps"] = torch.tensor(
            [p["ref"][0] for p in pairs] + [p["ref"][1] for p in pairs]
        )
    return batch


def train(config, logger):
    import torch
    from llmkit import data, hf, loop, losses, packing, speed, trl_bridge

    if trl_bridge.wants_trl(config):
        return trl_bridge.run_dpo(
            config, logger, data.read_rows(config["dataset"], config.get("max_samples"))
        )
    device, tokenizer, rows = hf.start(config)
    precision = config["precision"]
    pairs = tokenize_pairs(rows, config, tokenizer)
    if not pairs:
        raise ValueError("data schema: no usable preference pairs")
    batches = [
        collate_pairs(chunk, tokenizer.pad_token_id)
        for chunk in packing.batches(pairs, config["micro_batch_size"])
    ]

    model, choices = hf.load_model(config, device)
    model = hf.prepare_for_training(model, config)
    reference = None
    if not all("ref_logps" in b for b in batches):
        if config.get("precompute_ref_log_probs"):
            model.eval()
            with torch.no_grad(), hf.adapters_disabled(model) as ref_model:
                for batch in batches:
                    batch["ref_logps"] = (
                        hf.sequence_logps(ref_model, batch, device, precision).float().cpu()
                    )
            model.train()
            choices["reference"] = "precomputed"
        else:
            reference, choices["reference"] = hf.reference_policy(model, config, device)
    else:
        choices["reference"] = "dataset"
    optimizer, choices["optimizer"] = speed.optimizer_for(model, config)
    print("dpo: %d pairs, speed paths %s" % (len(pairs), choices), file=sys.stderr)
    forward, choices["compiled"] = hf.compile_for_training(model, device, config)

    def loss_fn(batch):
        n = batch["input_ids"].shape[0] // 2
        logps = hf.sequence_logps(forward, batch, device, precision)
        if "ref_logps" in batch:
            ref = batch["ref_logps"].to(device)
        else:
            with torch.no_grad():
                if reference is not None:
                    ref = hf.sequence_logps(reference, batch, device, precision)
                else:
                    with hf.adapters_disabled(model) as base:
                        ref = hf.sequence_logps(base, batch, device, precision)
        per_pair, chosen_r, rejected_r = losses.dpo_loss(
            logps[:n],
            logps[n:],
            ref[:n],
            ref[n:],
            config["beta"],
            config["loss_type"],
            config["label_smoothing"],
        )
        stats = {
            "rewards/chosen": chosen_r.mean(),
            "rewards/rejected": rejected_r.mean(),
            "rewards/accuracy": (chosen_r > rejected_r).float().mean(),
            "rewards/margin": (chosen_r - rejected_r).mean(),
            "logps/chosen": logps[:n].detach().mean(),
            "logps/rejected": logps[n:].detach().mean(),
            "tokens": packing.count_tokens(batch)[0],
        }
        return per_pair.mean(), stats

    # chosen + rejected forward/backward, plus a reference forward (a third of a training pass)
    per_token = hf.flops_per_token(model, config["max_seq_len"])
    ref_cost = 0 if choices["reference"] in ("dataset", "precomputed") else per_token / 3
    trainer = hf.trainer(model, optimizer, config, logger, loss_fn, device, per_token + ref_cost)
    trainer.resume()
    history = trainer.train(batches)
    metrics = {
        "steps": trainer.step,
        "tokens": trainer.total_tokens,
        "train_seconds": trainer.train_seconds,
    }
    metrics.update(loop.summarize(history, ("loss", "rewards/accuracy", "rewards/margin")))
    return metrics, hf.finish(model, tokenizer, config)


def main(argv=None):
    return runner.main("dpo", DESCRIPTION, train, argv)


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
