"""Glue to transformers / peft: loading, LoRA, saving, pushing, forward passes for the losses.

This module imports without transformers; each function imports what it needs and raises
``MissingDependency`` (an ImportError the recipes report as kind ``missing_module``) with the
install hint when the library is missing. The math lives in the pure modules next to it.
"""

import contextlib
import copy
import os

import torch

from . import flops, losses, packing, speed


class MissingDependency(ImportError):
    pass


def require(*names):
    """Imports and returns the named modules, or raises MissingDependency saying what to install."""
    modules = []
    for name in names:
        try:
            modules.append(__import__(name))
        except ImportError as exc:
            raise MissingDependency(
                "this recipe needs the Python package %r to train (pip install transformers peft accelerate); "
                "the CPU test machines do not have it: %s" % (name, exc)
            )
    return modules[0] if len(modules) == 1 else modules


# --------------------------------------------------------------------------- start of a run


def start(config):
    """What every training recipe does first: check the libraries, seed, pick the device, load the
    tokenizer and the dataset rows. Returns (device, tokenizer, rows)."""
    require("transformers")
    set_threads(config)
    torch.manual_seed(config["seed"])
    from . import data

    device = speed.pick_device(config.get("device"))
    tokenizer = load_tokenizer(config)
    rows = data.read_rows(
        config["dataset"], config.get("max_samples"), config.get("dataset_split", "train")
    )
    return device, tokenizer, rows


def set_threads(config):
    """Caps torch's CPU threads when ``threads`` is set: oversubscribed cores make a tiny model
    slower with more threads, not faster."""
    if config.get("threads"):
        torch.set_num_threads(int(config["threads"]))


def trainer(model, optimizer, config, logger, loss_fn, device, flops_per_token):
    """A ``loop.Trainer`` whose checkpoints hold the model (or adapter) in Hugging Face format."""
    from . import loop

    return loop.Trainer(
        model,
        optimizer,
        config,
        logger,
        loss_fn,
        save_model=model.save_pretrained,
        load_model=lambda path: load_adapter_weights(model, path),
        flops_per_token=flops_per_token,
        device=device,
    )


# --------------------------------------------------------------------------- tokenizer


def load_tokenizer(config):
    transformers = require("transformers")
    name = config.get("tokenizer") or config["model"]
    tok = transformers.AutoTokenizer.from_pretrained(
        name, trust_remote_code=config.get("trust_remote_code", False)
    )
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok


def chat_functions(tokenizer, use_template=True):
    """(render, encode) for ``packing``: the tokenizer's chat template (ChatML when it has none)."""

    def encode(text):
        return list(tokenizer(text, add_special_tokens=False)["input_ids"])

    if not use_template:
        return None, encode
    if getattr(tokenizer, "chat_template", None):

        def render(messages, add_generation_prompt=False):
            return tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=add_generation_prompt
            )

        return render, encode
    return packing.chatml_render, encode


# --------------------------------------------------------------------------- model


def _from_pretrained(cls, name, dtype, attn, trust_remote_code):
    kwargs = {"attn_implementation": attn, "trust_remote_code": trust_remote_code}
    try:
        return cls.from_pretrained(name, dtype=dtype, **kwargs)
    except TypeError:  # transformers < 4.56 spells it torch_dtype
        return cls.from_pretrained(name, torch_dtype=dtype, **kwargs)


def load_model(config, device, name=None, trainable=True):
    """The causal LM in the configured precision and attention, on ``device``.

    Returns (model, choices) where choices records what was actually used (attention, dtype),
    because each fast path falls back: flash-attention → SDPA → eager.
    """
    transformers = require("transformers")
    dtype = speed.param_dtype(config.get("precision", "bf16"), device)
    wanted = speed.pick_attention(config.get("attn_implementation", "sdpa"))
    last_error = None
    for attn in dict.fromkeys([wanted, "sdpa" if speed.has_sdpa() else "eager", "eager"]):
        try:
            model = _from_pretrained(
                transformers.AutoModelForCausalLM,
                name or config["model"],
                dtype,
                attn,
                config.get("trust_remote_code", False),
            )
            break
        except (
            ImportError,
            ValueError,
        ) as exc:  # flash-attn missing, or attention not supported by this model
            last_error = exc
    else:
        raise last_error
    model.to(device)
    if trainable:
        model.config.use_cache = False
    choices = {"attention": attn, "dtype": str(dtype).replace("torch.", "")}
    if not trainable:
        model.eval()
        model.requires_grad_(False)
    return model, choices


def enable_gradient_checkpointing(model):
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    if hasattr(model, "enable_input_require_grads"):
        model.enable_input_require_grads()


def apply_lora(model, config):
    """Wraps the model with LoRA adapters (rank, alpha, dropout, target modules from config)."""
    peft = require("peft")
    targets = config.get("lora_target_modules", "all-linear")
    lora = peft.LoraConfig(
        r=config["lora_r"],
        lora_alpha=config["lora_alpha"],
        lora_dropout=config["lora_dropout"],
        target_modules=targets,
        task_type="CAUSAL_LM",
    )
    return peft.get_peft_model(model, lora)


def prepare_for_training(model, config):
    """Gradient checkpointing and LoRA as configured; returns the (possibly wrapped) model."""
    if config.get("gradient_checkpointing"):
        enable_gradient_checkpointing(model)
    if config.get("use_peft"):
        model = apply_lora(model, config)
    return model


def is_peft(model):
    return hasattr(model, "peft_config") and hasattr(model, "get_base_model")


def base_model(model):
    return model.get_base_model() if is_peft(model) else model


def shape_of(model):
    return flops.shape_from_config(base_model(model).config.to_dict())


def count_params(model):
    """(all parameters, trainable parameters) of the live model."""
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable


def flops_per_token(model, seq_len):
    """Training FLOPs per token (6N + attention; 4N + 6·trainable with LoRA) for MFU."""
    shape = shape_of(model)
    total, trainable = count_params(model)
    embed = shape["vocab"] * shape["d"]
    n = total - (0 if shape["tied"] else embed)
    if is_peft(model):
        n -= trainable
        return flops.train_flops_per_token(
            n, shape["layers"], shape["heads"], shape["head_dim"], seq_len, trainable
        )
    return flops.train_flops_per_token(
        n, shape["layers"], shape["heads"], shape["head_dim"], seq_len
    )


def backbone_and_head(model):
    """(decoder stack, output Linear) when the chunked loss can bypass the LM head, else None."""
    base = base_model(model)
    head = base.get_output_embeddings() if hasattr(base, "get_output_embeddings") else None
    backbone = getattr(base, getattr(base, "base_model_prefix", "model"), None)
    if (
        head is None
        or backbone is None
        or type(head) is not torch.nn.Linear
        or head.bias is not None
    ):
        return None
    if getattr(base.config, "final_logit_softcapping", None):
        return None
    return backbone, head


def _model_inputs(batch, device):
    inputs = {"input_ids": batch["input_ids"].to(device, non_blocking=True)}
    if "position_ids" in batch:
        inputs["position_ids"] = batch["position_ids"].to(device, non_blocking=True)
    if "attention_mask" in batch:
        inputs["attention_mask"] = batch["attention_mask"].to(device, non_blocking=True)
    return inputs


def compile_for_training(module, device, config):
    """Compiles a model or decoder stack as configured (``compile``, ``compile_scope``,
    ``compile_mode``); returns (callable, how). For a full causal-LM with scope 'layers' the blocks
    of its inner decoder are compiled and the returned callable is the full model."""
    enabled, scope, mode = (
        config.get("compile", True),
        config.get("compile_scope", "layers"),
        config.get("compile_mode"),
    )
    force = config.get("compile_force", False)
    if scope == "layers" and speed.find_layers(module) is None:
        base = base_model(module)
        inner = getattr(base, getattr(base, "base_model_prefix", "model"), None)
        if inner is not None and speed.find_layers(inner) is not None:
            guard, how = speed.compile_module(inner, device, enabled, "layers", mode, force)
            if how == "layers":
                return speed.LayerCompileGuard(module, guard.layers), how
            return module, how
    return speed.compile_module(module, device, enabled, scope, mode, force)


def make_lm_loss(model, config, device):
    """``loss(batch) -> (mean CE over label tokens, stats)`` using the fastest path available.

    Fast path: decoder stack (compiled when possible) + chunked linear cross-entropy against the
    LM-head weight, so full logits are never materialised. Fallback: the model's own logits and
    the plain CE. Returns (loss_fn, choices).
    """
    parts = backbone_and_head(model) if config.get("chunked_ce", True) else None
    precision = config.get("precision", "bf16")
    choices = {"loss": "chunked_ce" if parts else "full_logits"}
    if parts:
        backbone, head = parts
        forward, compiled = compile_for_training(backbone, device, config)
        if compiled != "off" and str(device).startswith("cuda"):
            choices["ce_kernel"] = "compiled" if losses.compile_chunk_kernel() else "eager"
        chunk = config.get("ce_chunk_size", 4096)

        def loss_fn(batch):
            with speed.autocast(device, precision):
                hidden = forward(**_model_inputs(batch, device)).last_hidden_state
                labels = batch["labels"].to(device, non_blocking=True)
                loss = losses.chunked_linear_cross_entropy(hidden, head.weight, labels, chunk)
            return loss, {"tokens": packing.count_tokens(batch)[0]}

    else:
        forward, compiled = compile_for_training(model, device, config)

        def loss_fn(batch):
            with speed.autocast(device, precision):
                logits = forward(**_model_inputs(batch, device)).logits
                loss = losses.cross_entropy(logits, batch["labels"].to(device))
            return loss, {"tokens": packing.count_tokens(batch)[0]}

    choices["compiled"] = compiled
    return loss_fn, choices


def sequence_logps(model, batch, device, precision, average=False):
    """Summed log-prob of each row's label tokens (DPO), from the model's logits."""
    with speed.autocast(device, precision):
        logits = model(**_model_inputs(batch, device)).logits
    return losses.sequence_logps(logits, batch["labels"].to(device), average=average)


@contextlib.contextmanager
def adapters_disabled(model):
    """The LoRA base model (the natural reference policy) inside the block."""
    if is_peft(model):
        with model.disable_adapter():
            yield model
    else:
        yield model


def reference_policy(model, config, device):
    """The reference policy for KL/DPO: (model or None, how). ``reference_model`` if set; else the
    LoRA base with adapters disabled (None: use ``adapters_disabled``); else a frozen copy."""
    if config.get("reference_model"):
        reference, _ = load_model(config, device, name=config["reference_model"], trainable=False)
        return reference, config["reference_model"]
    if is_peft(model):
        return None, "adapters_disabled"
    return frozen_copy(model), "frozen_copy"


def frozen_copy(model):
    ref = copy.deepcopy(base_model(model))
    ref.eval()
    ref.requires_grad_(False)
    return ref


# --------------------------------------------------------------------------- saving


def save(model, tokenizer, path, merge=False):
    """Saves the adapter (LoRA) or the full model, plus the tokenizer. With ``merge`` a LoRA run
    also writes the merged full model to ``path/merged``. Returns {artifact: relative path}."""
    os.makedirs(path, exist_ok=True)
    model.save_pretrained(path)
    if tokenizer is not None:
        tokenizer.save_pretrained(path)
    artifacts = {"adapter" if is_peft(model) else "model": path}
    if merge and is_peft(model):
        merged = copy.deepcopy(model).merge_and_unload()
        merged_path = os.path.join(path, "merged")
        merged.save_pretrained(merged_path)
        if tokenizer is not None:
            tokenizer.save_pretrained(merged_path)
        artifacts["merged_model"] = merged_path
    return artifacts


def load_adapter_weights(model, path):
    """Loads adapter (or full) weights saved by ``save`` back into the live model, for resume."""
    if is_peft(model):
        peft = require("peft")
        try:
            from safetensors.torch import load_file

            state = load_file(os.path.join(path, "adapter_model.safetensors"))
        except (ImportError, FileNotFoundError, OSError):
            state = torch.load(os.path.join(path, "adapter_model.bin"), map_location="cpu")
        peft.set_peft_model_state_dict(model, state)
        return
    transformers = require("transformers")
    loaded = transformers.AutoModelForCausalLM.from_pretrained(
        path, dtype=next(model.parameters()).dtype
    )
    model.load_state_dict(loaded.state_dict(), strict=False)


def finish(model, tokenizer, config):
    """Saves ``final/`` (merged too with ``merge_lora``) and pushes when asked; returns the artifacts."""
    artifacts = save(
        model,
        tokenizer,
        os.path.join(config["output_dir"], "final"),
        merge=config.get("merge_lora", False),
    )
    url = push(model, tokenizer, config)
    if url:
        artifacts["hub"] = url
    return artifacts


def push(model, tokenizer, config):
    """Pushes to ``hub_model_id`` only when ``push_to_hub`` is true (the agent asked the user first)."""
    if not config.get("push_to_hub"):
        return None
    if not config.get("hub_model_id"):
        raise ValueError("push_to_hub is true but hub_model_id is not set")
    model.push_to_hub(config["hub_model_id"], private=config.get("hub_private", True))
    if tokenizer is not None:
        tokenizer.push_to_hub(config["hub_model_id"], private=config.get("hub_private", True))
    return "https://huggingface.co/%s" % config["hub_model_id"]
