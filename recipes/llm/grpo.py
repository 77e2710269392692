#!/usr/bin/env python3
"""Group Relative Policy Optimization with pluggable rewards.

Each step samples ``num_generations`` completions for each of ``prompts_per_step`` prompts,
scores them (``rewards``: math_exact, format, length_penalty or ``module:function``), turns the
rewards into group-normalised advantages and optimises the clipped objective with a KL penalty
(``beta``) to the reference policy (the adapter-disabled base with LoRA, else a frozen copy).
Every step logs reward_mean, reward_std (mean within-group std), frac_zero_std_groups, one mean per
reward component, kl, entropy, clip_fraction, completion_len, loss, grad_norm, tokens/s and MFU:
the signals ``diagnose.py`` reads to spot reward collapse.

    python recipes/llm/grpo.py --config grpo.json
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from llmkit import runner  # noqa: E402

DESCRIPTION = (
    "GRPO: group-sampled completions, pluggable rewards, clipped objective, KL to the reference."
)


def render_prompts(rows, config, tokenizer):
    """Prompt token ids for each row (chat template + generation prompt unless disabled)."""
    from llmkit import hf, packing

    render, encode = hf.chat_functions(tokenizer, config.get("use_chat_template", True))
    out = []
    for row in rows:
        prompt = row[config["prompt_field"]]
        if render is not None:
            text = render(packing.as_messages(prompt, config.get("system_prompt")), True)
        else:
            text = prompt if isinstance(prompt, str) else "\n".join(m["content"] for m in prompt)
        out.append(encode(text)[-config["max_seq_len"] :])
    return out


def completion_mask(completions, eos_ids):
    """1 for completion tokens up to and including the first end token, 0 after it."""
    import torch

    is_eos = torch.zeros_like(completions, dtype=torch.bool)
    for eos in eos_ids:
        is_eos |= completions == eos
    seen_before = torch.cumsum(is_eos.int(), dim=1) - is_eos.int()
    return (seen_before == 0).long()


def per_token_logps(
    model, input_ids, attention_mask, prompt_len, device, precision, with_entropy=False
):
    """Log-probs of the completion tokens (positions prompt_len…), and optionally their entropy."""
    import torch
    from llmkit import losses, speed

    position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
    with speed.autocast(device, precision):
        logits = model(
            input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids
        ).logits
    logits = logits[:, prompt_len - 1 : -1, :]
    targets = input_ids[:, prompt_len:]
    logps = losses.selective_log_softmax(logits, targets)
    entropy = None
    if with_entropy:
        with torch.no_grad():
            entropy = losses.token_entropy(logits.detach())
    return logps, entropy


def train(config, logger):
    import torch
    from llmkit import data, hf, loop, losses, packing, rewards, speed, trl_bridge

    if trl_bridge.wants_trl(config):
        options = {
            "length_penalty": {
                "target": config.get("length_penalty_target"),
                "max_tokens": config["max_new_tokens"],
            }
        }
        return trl_bridge.run_grpo(
            config,
            logger,
            data.read_rows(config["dataset"], config.get("max_samples")),
            rewards.build_reward(config["rewards"], None, options),
            config["rewards"],
        )
    device, tokenizer, rows = hf.start(config)
    precision = config["precision"]
    data.columns_for(rows, "grpo", config)
    prompts = render_prompts(rows, config, tokenizer)
    answers = [row.get(config["answer_field"]) for row in rows]

    model, choices = hf.load_model(config, device)
    model = hf.prepare_for_training(model, config)
    reference = None
    if config["beta"]:
        reference, choices["reference"] = hf.reference_policy(model, config, device)
    optimizer, choices["optimizer"] = speed.optimizer_for(model, config)
    print("grpo: %d prompts, speed paths %s" % (len(prompts), choices), file=sys.stderr)

    options = {
        "length_penalty": {
            "target": config.get("length_penalty_target"),
            "max_tokens": config["max_new_tokens"],
        }
    }
    reward_fn = rewards.build_reward(config["rewards"], config.get("reward_weights"), options)
    G, P = config["num_generations"], config["prompts_per_step"]
    steps_per_epoch = max(1, len(prompts) // P)
    total = config.get("max_steps") or steps_per_epoch * config["num_epochs"]
    warmup = int(config.get("warmup_ratio", 0.0) * total)
    eos_ids = [i for i in {tokenizer.eos_token_id, tokenizer.pad_token_id} if i is not None]
    per_token_train = hf.flops_per_token(model, config["max_seq_len"])
    total_params, trainable = hf.count_params(model)
    generator = torch.Generator().manual_seed(config["seed"])
    history = []
    start_all = time.perf_counter()

    done = 0
    for step in range(total):
        if config.get("max_seconds") and time.perf_counter() - start_all >= config["max_seconds"]:
            print("grpo: max_seconds reached after %d steps" % step, file=sys.stderr)
            break
        done = step + 1
        t0 = time.perf_counter()
        lr = speed.lr_at(
            step, total, config["learning_rate"], warmup, config.get("lr_scheduler", "cosine")
        )
        for group in optimizer.param_groups:
            group["lr"] = lr
        picks = torch.randperm(len(prompts), generator=generator)[:P].tolist()
        batch = packing.collate(
            [{"input_ids": prompts[i]} for i in picks], tokenizer.pad_token_id, left=True
        )
        prompt_ids = batch["input_ids"].to(device).repeat_interleave(G, dim=0)
        prompt_mask = batch["attention_mask"].to(device).repeat_interleave(G, dim=0)
        prompt_len = prompt_ids.shape[1]

        model.eval()
        with torch.no_grad(), speed.autocast(device, precision):
            generated = model.generate(
                input_ids=prompt_ids,
                attention_mask=prompt_mask,
                do_sample=True,
                temperature=config["temperature"],
                top_p=config["top_p"],
                top_k=0,
                max_new_tokens=config["max_new_tokens"],
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=eos_ids,
                use_cache=True,
            )
        model.train()
        completions = generated[:, prompt_len:]
        if completions.shape[1] == 0:
            completions = torch.full((generated.shape[0], 1), eos_ids[0], device=device)
            generated = torch.cat([generated, completions], dim=1)
        mask = completion_mask(completions, eos_ids)
        lengths = mask.sum(1)
        texts = tokenizer.batch_decode(
            [c[: int(n)] for c, n in zip(completions.cpu(), lengths.cpu())],
            skip_special_tokens=True,
        )
        scores, parts = [], {}
        for k, text in enumerate(texts):
            row = picks[k // G]
            total_reward, components = reward_fn(
                text, answers[row], rows[row][config["prompt_field"]], int(lengths[k])
            )
            scores.append(total_reward)
            for name, value in components.items():
                parts.setdefault(name, []).append(value)
        reward_t = torch.tensor(scores, dtype=torch.float32)
        advantages, group_std = losses.group_advantages(reward_t, G, scale=config["scale_rewards"])
        advantages = advantages.to(device)

        attention = torch.cat([prompt_mask, mask], dim=1)
        sums = {"loss": 0.0, "kl": 0.0, "clip_fraction": 0.0, "entropy": 0.0}
        micro = config["micro_batch_size"]
        n_rows = generated.shape[0]
        n_micro = (n_rows + micro - 1) // micro
        old = [None] * n_micro
        if config["ppo_epochs"] > 1:
            with torch.no_grad():
                for j in range(n_micro):
                    sl = slice(j * micro, (j + 1) * micro)
                    old[j], _ = per_token_logps(
                        model, generated[sl], attention[sl], prompt_len, device, precision
                    )
        refs = [None] * n_micro
        if config["beta"]:
            with torch.no_grad():
                for j in range(n_micro):
                    sl = slice(j * micro, (j + 1) * micro)
                    if reference is not None:
                        refs[j], _ = per_token_logps(
                            reference, generated[sl], attention[sl], prompt_len, device, precision
                        )
                    else:
                        with hf.adapters_disabled(model) as base:
                            refs[j], _ = per_token_logps(
                                base, generated[sl], attention[sl], prompt_len, device, precision
                            )
        for _ in range(config["ppo_epochs"]):
            for j in range(n_micro):
                sl = slice(j * micro, (j + 1) * micro)
                logps, entropy = per_token_logps(
                    model,
                    generated[sl],
                    attention[sl],
                    prompt_len,
                    device,
                    precision,
                    with_entropy=True,
                )
                old_logps = old[j] if old[j] is not None else logps.detach()
                loss, stats = losses.grpo_loss(
                    logps,
                    old_logps,
                    advantages[sl],
                    mask[sl],
                    ref_logps=refs[j],
                    beta=config["beta"],
                    epsilon=config["epsilon"],
                    epsilon_high=config.get("epsilon_high"),
                    aggregation=config["loss_aggregation"],
                )
                (loss / n_micro).backward()
                sums["loss"] += float(loss.detach()) / n_micro / config["ppo_epochs"]
                sums["kl"] += stats["kl"] / n_micro / config["ppo_epochs"]
                sums["clip_fraction"] += stats["clip_fraction"] / n_micro / config["ppo_epochs"]
                sums["entropy"] += (
                    float(losses.masked_mean(entropy, mask[sl])) / n_micro / config["ppo_epochs"]
                )
            params = [p for p in model.parameters() if p.grad is not None]
            grad_norm = torch.nn.utils.clip_grad_norm_(
                params, config.get("max_grad_norm") or float("inf")
            )
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)

        if str(device).startswith("cuda"):
            torch.cuda.synchronize()
        elapsed = time.perf_counter() - t0
        tokens = int(attention.sum())
        # generation ≈ 2N per token, training 6N(+attention) per token per PPO epoch, reference/old 2N each
        forward_passes = (1 if config["beta"] else 0) + (1 if config["ppo_epochs"] > 1 else 0)
        flops_step = tokens * (
            per_token_train * config["ppo_epochs"] + 2 * total_params * (1 + forward_passes)
        )
        grouped = reward_t.reshape(-1, G)
        values = {
            "reward_mean": float(reward_t.mean()),
            "reward_std": float(group_std.reshape(-1, G)[:, 0].mean()),
            "reward_std_batch": float(reward_t.std()) if reward_t.numel() > 1 else 0.0,
            "frac_zero_std_groups": float(
                (grouped.max(1).values == grouped.min(1).values).float().mean()
            ),
            "completion_len": float(lengths.float().mean()),
            "grad_norm": float(grad_norm),
            "lr": lr,
            "tokens_per_s": tokens / elapsed,
            "mfu": flops_step / elapsed / (config.get("gpu_peak_tflops", 989.0) * 1e12),
        }
        values.update(sums)
        for name, vals in parts.items():
            values["reward/%s" % name] = sum(vals) / len(vals)
        if (step + 1) % config.get("log_every", 1) == 0 or step + 1 == total:
            logger.metrics(values, step=step + 1)
        history.append(values)
        if config.get("save_every") and (step + 1) % config["save_every"] == 0 and step + 1 < total:
            model.save_pretrained(os.path.join(config["output_dir"], "checkpoint-%d" % (step + 1)))

    window = max(1, min(10, len(history) // 4))
    metrics = {
        "steps": done,
        "params": total_params,
        "trainable_params": trainable,
        "reward_mean_first": sum(h["reward_mean"] for h in history[:window]) / window,
        "reward_mean_last": sum(h["reward_mean"] for h in history[-window:]) / window,
        "kl_last": history[-1]["kl"],
        "entropy_last": history[-1]["entropy"],
        "train_seconds": time.perf_counter() - start_all,
    }
    metrics.update(loop.summarize(history))
    return metrics, hf.finish(model, tokenizer, config)


def main(argv=None):
    return runner.main("grpo", DESCRIPTION, train, argv)


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
