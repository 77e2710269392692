"""Optional TRL engine for the recipes (``engine: trl``, or ``auto`` = TRL when it is installed).

The native loops are the default: they carry the speed paths the GPU check measures (chunked CE,
fp32 master weights, regional compile) and do not move when TRL's API does. This bridge maps our
flat config onto TRL's trainers and turns TRL's logs into ``MLINTERN_METRIC`` lines under our
metric names, so diagnosis reads either engine alike. TRL is never required: ``wants_trl`` is False
when it is not importable, and ``engine: trl`` without it fails with a clear ``MissingDependency``.
"""

import importlib.util
import os
import time

# TRL log key -> our metric name (others pass through with '/' kept)
RENAMES = {
    "learning_rate": "lr",
    "reward": "reward_mean",
    "frac_reward_zero_std": "frac_zero_std_groups",
    "clip_ratio/region_mean": "clip_fraction",
    "completions/mean_length": "completion_len",
    "rewards/accuracies": "rewards/accuracy",
    "rewards/margins": "rewards/margin",
}


def wants_trl(config):
    engine = config.get("engine", "native")
    if engine == "trl":
        return True
    return engine == "auto" and importlib.util.find_spec("trl") is not None


def metric_name(key):
    if key in RENAMES:
        return RENAMES[key]
    if key.startswith("rewards/") and key.endswith("/mean"):
        return "reward/" + key[len("rewards/") : -len("/mean")]
    return key


def make_callback(logger, flops_per_token=None, peak_tflops=989.0, clock=time.perf_counter):
    """A transformers TrainerCallback writing TRL's logs as metric lines, plus tokens/s and MFU
    from TRL's running ``num_tokens`` count."""
    from transformers import TrainerCallback

    class MetricsCallback(TrainerCallback):
        def __init__(self):
            self.last = (clock(), 0.0)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if not logs:
                return
            split = "eval" if any(k.startswith("eval_") for k in logs) else "train"
            values = {}
            for key, value in logs.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    values[metric_name(key[5:] if key.startswith("eval_") else key)] = value
            if "num_tokens" in logs:
                now, tokens = clock(), float(logs["num_tokens"])
                if tokens > self.last[1] and now > self.last[0]:
                    values["tokens_per_s"] = (tokens - self.last[1]) / (now - self.last[0])
                    if flops_per_token:
                        values["mfu"] = (
                            values["tokens_per_s"] * flops_per_token / (peak_tflops * 1e12)
                        )
                self.last = (now, tokens)
            logger.metrics(values, step=state.global_step, split=split)

    return MetricsCallback()


def _flops_per_token(config):
    """Training FLOPs per token from the model's config.json (local folder or reference shape)."""
    from . import flops, preflight

    shape = preflight.model_shape(config)
    if shape is None:
        return None
    return flops.train_flops_per_token(
        flops.matmul_params(shape),
        shape["layers"],
        shape["heads"],
        shape["head_dim"],
        config["max_seq_len"],
    )


def callback(logger, config):
    print("engine: trl", file=__import__("sys").stderr)
    return make_callback(logger, _flops_per_token(config), config.get("gpu_peak_tflops", 989.0))


def _common_args(config):
    bf16 = config.get("precision") in ("bf16", "amp")
    return dict(
        output_dir=config["output_dir"],
        max_steps=config.get("max_steps") or -1,
        num_train_epochs=config.get("num_epochs", 1),
        per_device_train_batch_size=config["micro_batch_size"],
        gradient_accumulation_steps=config["gradient_accumulation_steps"],
        learning_rate=config["learning_rate"],
        lr_scheduler_type=config.get("lr_scheduler", "cosine"),
        warmup_ratio=config.get("warmup_ratio", 0.0),
        weight_decay=config.get("weight_decay", 0.0),
        max_grad_norm=config.get("max_grad_norm") or 0.0,
        logging_steps=config.get("log_every", 1),
        save_steps=config.get("save_every") or 10**9,
        save_strategy="steps" if config.get("save_every") else "no",
        bf16=bf16 and _cuda(),
        gradient_checkpointing=bool(config.get("gradient_checkpointing")),
        seed=config.get("seed", 0),
        report_to="none",
        disable_tqdm=True,
    )


def _build(cls, **kwargs):
    """``cls(**kwargs)`` keeping only the fields this TRL/transformers version has (their names
    drift between releases: transformers 5 folds warmup_ratio into a fractional warmup_steps)."""
    import dataclasses
    import sys

    fields = {f.name for f in dataclasses.fields(cls)}
    if "warmup_ratio" in kwargs and "warmup_ratio" not in fields:
        ratio = kwargs.pop("warmup_ratio")
        if ratio:
            kwargs["warmup_steps"] = ratio
    dropped = sorted(k for k in kwargs if k not in fields)
    if dropped:
        print(
            "trl engine: %s does not take %s; ignored" % (cls.__name__, ", ".join(dropped)),
            file=sys.stderr,
        )
    return cls(**{k: v for k, v in kwargs.items() if k in fields})


def _cuda():
    import torch

    return torch.cuda.is_available()


def _peft_config(config):
    if not config.get("use_peft"):
        return None
    import peft

    return peft.LoraConfig(
        r=config["lora_r"],
        lora_alpha=config["lora_alpha"],
        lora_dropout=config["lora_dropout"],
        target_modules=config.get("lora_target_modules", "all-linear"),
        task_type="CAUSAL_LM",
    )


def _dataset(rows):
    import datasets

    return datasets.Dataset.from_list(rows)


def _finish(trainer, tokenizer, config, logger):
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    from . import hf

    for noisy in (PrinterCallback, ProgressCallback):  # they print logs on stdout, which is ours
        trainer.remove_callback(noisy)
    trainer.train(resume_from_checkpoint=_latest(config) if config.get("resume", True) else None)
    history = [h for h in trainer.state.log_history if "loss" in h or "reward" in h]
    metrics = {"steps": trainer.state.global_step}
    if history:
        last = history[-1]
        for key in ("loss", "reward", "rewards/accuracies"):
            if key in last:
                metrics[metric_name(key).replace("/", "_")] = last[key]
    return metrics, hf.finish(trainer.model, tokenizer, config)


def _latest(config):
    """Newest TRL checkpoint folder in the output folder, for resume; None when there is none."""
    out = config["output_dir"]
    found = (
        [p for p in os.listdir(out) if p.startswith("checkpoint-") and p.split("-")[-1].isdigit()]
        if os.path.isdir(out)
        else []
    )
    return os.path.join(out, max(found, key=lambda p: int(p.split("-")[-1]))) if found else None


def _train(trainer_class, config, logger, rows, tokenizer, args, **extra):
    """Trains ``config["model"]`` on ``rows`` with a TRL trainer and the arguments every recipe passes
    it (LoRA when configured, our metrics callback), then saves and reports as :func:`_finish` does."""
    trainer = trainer_class(
        model=config["model"],
        args=args,
        train_dataset=_dataset(rows),
        processing_class=tokenizer,
        peft_config=_peft_config(config),
        callbacks=[callback(logger, config)],
        **extra,
    )
    return _finish(trainer, tokenizer, config, logger)


def run_sft(config, logger, rows):
    from . import hf

    trl = hf.require("trl")
    tokenizer = hf.load_tokenizer(config)
    args = _build(
        trl.SFTConfig,
        max_length=config["max_seq_len"],
        packing=bool(config.get("packing", True)),
        completion_only_loss=bool(config.get("completion_only_loss", True))
        if "prompt" in rows[0]
        else None,
        assistant_only_loss=False,
        **_common_args(config),
    )
    return _train(trl.SFTTrainer, config, logger, rows, tokenizer, args)


def run_dpo(config, logger, rows):
    from . import hf

    trl = hf.require("trl")
    tokenizer = hf.load_tokenizer(config)
    args = _build(
        trl.DPOConfig,
        beta=config["beta"],
        loss_type=config.get("loss_type", "sigmoid"),
        label_smoothing=config.get("label_smoothing", 0.0),
        max_length=config["max_seq_len"],
        precompute_ref_log_probs=bool(config.get("precompute_ref_log_probs")),
        **_common_args(config),
    )
    return _train(
        trl.DPOTrainer,
        config,
        logger,
        rows,
        tokenizer,
        args,
        ref_model=config.get("reference_model"),
    )


def run_grpo(config, logger, rows, reward_fn, reward_names):
    """GRPO through TRL with our rewards: each named component becomes one TRL reward function."""
    from . import hf

    trl = hf.require("trl")
    tokenizer = hf.load_tokenizer(config)
    answer_field = config["answer_field"]

    def make(name):
        def reward(prompts, completions, **kwargs):
            answers = kwargs.get(answer_field) or [None] * len(completions)
            out = []
            for prompt, completion, answer in zip(prompts, completions, answers):
                text = completion if isinstance(completion, str) else completion[-1]["content"]
                out.append(
                    reward_fn(text, answer, prompt, len(tokenizer(text)["input_ids"]))[1][name]
                )
            return out

        reward.__name__ = name
        return reward

    batch = config["prompts_per_step"] * config["num_generations"]
    common = _common_args(dict(config, micro_batch_size=batch))
    args = _build(
        trl.GRPOConfig,
        num_generations=config["num_generations"],
        max_completion_length=config["max_new_tokens"],
        temperature=config["temperature"],
        top_p=config["top_p"],
        beta=config["beta"],
        epsilon=config["epsilon"],
        epsilon_high=config.get("epsilon_high") or config["epsilon"],
        num_iterations=config.get("ppo_epochs", 1),
        scale_rewards=bool(config["scale_rewards"]),
        reward_weights=config.get("reward_weights"),
        **common,
    )
    rows = [dict(r, prompt=r[config["prompt_field"]]) for r in rows]
    return _train(
        trl.GRPOTrainer,
        config,
        logger,
        rows,
        tokenizer,
        args,
        reward_funcs=[make(n) for n in reward_names],
    )
