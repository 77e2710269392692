"""Recipe configuration: defaults, the JSON file, ``--set`` overrides and the shared argparse flags.

Precedence, highest first: ``--set key=value`` flags and the dedicated flags (``--output-dir``,
``--max-steps``), the JSON file given by ``--config`` or ``$MLINTERN_CONFIG``, the recipe defaults.
Keys are flat (``lora_r``, not ``lora.r``) so a config is one small JSON object the agent can write.
"""

import argparse
import json
import os

COMMON = {
    "model": None,  # Hub id or local folder (config.json + weights + tokenizer files)
    "tokenizer": None,  # defaults to model
    "dataset": None,  # local .jsonl/.json/.csv/.parquet path, or a Hub dataset id (needs `datasets`)
    "dataset_split": "train",
    "eval_dataset": None,
    "max_samples": None,
    "output_dir": None,  # defaults to $MLINTERN_OUTPUT, then ./outputs/<recipe>
    "seed": 0,
    "engine": "native",  # native (our loops, the measured fast paths) | trl | auto (trl when installed)
    "precision": "bf16",  # bf16 (bf16 weights) | amp (fp32 master + bf16 autocast) | fp32
    "attn_implementation": "sdpa",  # sdpa | eager | flash_attention_2 (falls back to eager without SDPA)
    "compile": True,  # torch.compile when available (torch >= 2, not on CPU unless forced)
    "compile_scope": "layers",  # layers: each decoder block (fast warm-up) | model: the whole stack
    "compile_mode": None,  # e.g. "max-autotune-no-cudagraphs"
    "compile_force": False,  # compile on CPU too (the dry run uses it to exercise the path)
    "fused_adamw": True,
    "master_weights": True,  # with precision bf16: AdamW on fp32 master copies (False = pure bf16 AdamW)
    "gradient_checkpointing": False,
    "chunked_ce": True,  # cross-entropy over chunks of tokens; never materialises fp32 logits
    "ce_chunk_size": 4096,
    "learning_rate": 2e-5,
    "weight_decay": 0.0,
    "warmup_ratio": 0.03,
    "lr_scheduler": "cosine",  # cosine | linear | constant
    "max_grad_norm": 1.0,
    "micro_batch_size": 4,
    "gradient_accumulation_steps": 1,
    "num_epochs": 1,
    "max_steps": None,
    "max_seconds": None,  # stop (and save) after this much training time, e.g. to fit a job timeout
    "max_seq_len": 2048,
    "log_every": 1,
    "save_every": 0,  # steps between checkpoints; 0 = only at the end
    "resume": True,  # resume from the newest checkpoint in output_dir when one is there
    "use_peft": False,
    "lora_r": 16,
    "lora_alpha": 32,
    "lora_dropout": 0.05,
    "lora_target_modules": "all-linear",  # or a list such as ["q_proj", "v_proj"]
    "merge_lora": False,  # also write a merged full model next to the adapter
    "push_to_hub": False,  # only pushes when True AND hub_model_id is set (the agent asks first)
    "hub_model_id": None,
    "hub_private": True,
    "gpu_peak_tflops": 989.0,  # dense bf16 peak of H100/H200 SXM; MFU denominator
    "trust_remote_code": False,
    "threads": None,  # CPU threads for torch; 1 keeps a tiny model fast on a shared, busy machine
}

DEFAULTS = {
    "sft": dict(
        COMMON,
        messages_field="messages",
        prompt_field="prompt",
        completion_field="completion",
        completion_only_loss=True,
        use_chat_template=True,  # False: prompt/completion are concatenated as plain text (+ eos)
        packing=True,
        packing_isolation=True,  # reset position ids per packed example (no cross-attention)
    ),
    "dpo": dict(
        COMMON,
        learning_rate=5e-7,
        beta=0.1,
        loss_type="sigmoid",  # sigmoid | ipo | hinge
        label_smoothing=0.0,
        reference_model=None,  # defaults to the starting policy (or the adapter-disabled base with LoRA)
        precompute_ref_log_probs=False,
        prompt_field="prompt",
        chosen_field="chosen",
        rejected_field="rejected",
        ref_chosen_field="ref_chosen_logps",
        ref_rejected_field="ref_rejected_logps",
        max_prompt_len=1024,
        micro_batch_size=2,
        packing=False,
    ),
    "grpo": dict(
        COMMON,
        learning_rate=1e-6,
        prompt_field="prompt",
        answer_field="answer",
        num_generations=8,
        prompts_per_step=4,
        max_new_tokens=256,
        temperature=1.0,
        top_p=1.0,
        beta=0.04,  # KL coefficient to the reference; 0 skips the reference model
        epsilon=0.2,
        epsilon_high=None,  # asymmetric clip (DAPO-style); defaults to epsilon
        ppo_epochs=1,  # optimisation passes per generated batch
        scale_rewards=True,  # divide by the group std (Dr. GRPO sets this False)
        loss_aggregation="token",  # token | sequence
        rewards=["math_exact", "format"],
        reward_weights=None,
        length_penalty_target=None,
        system_prompt=None,
        use_chat_template=True,
        micro_batch_size=8,
        max_seq_len=1024,
        packing=False,
    ),
    "evaluate": dict(
        COMMON,
        task="generation",  # generation | multiple_choice | perplexity
        candidate_model=None,  # evaluated on the same items as `model` (the baseline)
        prompt_field="prompt",
        answer_field="answer",
        choices_field="choices",
        label_field="label",
        text_field="text",
        max_new_tokens=256,
        match="math",  # math (extract final answer) | exact | contains
        use_chat_template=True,
        system_prompt=None,
        num_fewshot=0,  # multiple choice: k solved examples (the first k other items) before each question
        show_choices=False,  # multiple choice: list "A. …" options in the context (MMLU style)
        micro_batch_size=8,
        compile=False,
        packing=False,
    ),
}


def parse_value(text):
    """``--set`` values: JSON when it parses (numbers, booleans, lists, null), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def build_parser(recipe, description):
    parser = argparse.ArgumentParser(
        prog="%s.py" % recipe,
        description=description,
        epilog="Config keys and defaults: run with --print-defaults. Emits MLINTERN_METRIC lines "
        "and a final MLINTERN_RESULT line (see recipes/llm/README.md).",
    )
    parser.add_argument("--config", help="JSON config file (default: $MLINTERN_CONFIG)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one config key (repeatable)",
    )
    parser.add_argument("--output-dir", help="output folder (default: $MLINTERN_OUTPUT)")
    parser.add_argument("--max-steps", type=int, help="stop after this many optimizer steps")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny run on a small sample; writes smoke_ok.json"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the resolved config as JSON and exit"
    )
    parser.add_argument(
        "--print-defaults", action="store_true", help="print the default config and exit"
    )
    return parser


def resolve(recipe, args, environ=None):
    """The effective config for ``recipe`` from parsed ``args`` (see module doc for precedence)."""
    environ = os.environ if environ is None else environ
    if recipe not in DEFAULTS:
        raise ValueError("unknown recipe %r" % recipe)
    config = dict(DEFAULTS[recipe])
    path = args.config or environ.get("MLINTERN_CONFIG")
    if path:
        with open(path, encoding="utf-8") as f:
            loaded = json.load(f)
        if not isinstance(loaded, dict):
            raise ValueError("config %s must be a JSON object" % path)
        config.update(loaded)
    for item in args.set:
        if "=" not in item:
            raise ValueError("--set expects KEY=VALUE, got %r" % item)
        key, value = item.split("=", 1)
        config[key.strip()] = parse_value(value)
    if args.output_dir:
        config["output_dir"] = args.output_dir
    if args.max_steps is not None:
        config["max_steps"] = args.max_steps
    if not config.get("output_dir"):
        config["output_dir"] = environ.get("MLINTERN_OUTPUT") or os.path.join("outputs", recipe)
    if args.smoke:  # its own subfolder, so the real run's metrics and checkpoints stay clean
        config["smoke"] = True
        config["_smoke_marker_dir"] = config["output_dir"]
        config["output_dir"] = os.path.join(config["output_dir"], "smoke")
        config["max_steps"] = min(config.get("max_steps") or 5, 5)
        config["max_samples"] = min(config.get("max_samples") or 64, 64)
        config["save_every"] = 0
        config["push_to_hub"] = False
    unknown = sorted(
        k for k in set(config) - set(DEFAULTS[recipe]) - {"smoke"} if not k.startswith("_")
    )
    config["_unknown_keys"] = unknown
    return config


def validate(recipe, config):
    """Problems a human would want to hear before any model is loaded; empty when fine."""
    problems = []
    if not config.get("model"):
        problems.append("config key 'model' is required (a Hub id or a local model folder)")
    if not config.get("dataset") and recipe != "evaluate":
        problems.append(
            "config key 'dataset' is required (a .jsonl/.json/.csv/.parquet file or a Hub dataset id)"
        )
    if recipe == "evaluate" and not config.get("dataset"):
        problems.append("config key 'dataset' is required for evaluation")
    if config.get("precision") not in ("bf16", "amp", "fp32", "fp16"):
        problems.append("precision must be one of bf16, amp, fp32, fp16")
    for key in ("micro_batch_size", "gradient_accumulation_steps", "max_seq_len"):
        value = config.get(key)
        if not isinstance(value, int) or value < 1:
            problems.append("%s must be a positive integer, got %r" % (key, value))
    if config.get("push_to_hub") and not config.get("hub_model_id"):
        problems.append("push_to_hub is true but hub_model_id is not set")
    if recipe == "grpo":
        if config.get("num_generations", 0) < 2:
            problems.append(
                "num_generations must be at least 2 (advantages are relative to the group)"
            )
    if recipe == "evaluate" and config.get("task") not in (
        "generation",
        "multiple_choice",
        "perplexity",
    ):
        problems.append("task must be generation, multiple_choice or perplexity")
    for key in config.get("_unknown_keys", []):
        problems.append("unknown config key %r (typo?)" % key)
    return problems


def public(config):
    """The config without bookkeeping keys, for printing and saving."""
    return {k: v for k, v in config.items() if not k.startswith("_")}
