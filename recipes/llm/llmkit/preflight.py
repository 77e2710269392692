"""Pre-flight checks before a GPU job is launched. Pure Python; the CLI is ``recipes/llm/preflight.py``.

Four checks, each ``{"name", "ok", "severity", "message"}``; any failed check with severity
"block" makes the verdict NO-GO:

1. ``columns`` — the dataset's columns match what the recipe reads (``data.REQUIRED``).
2. ``output`` — results outlive the job: an output folder is set, and when the job's disk is
   ephemeral (HF Jobs, a cloud pod) or push was asked for, a Hub repo id is set.
3. ``fit`` — the parameter count × sequence length fits the GPU's memory and the timeout
   (``flops`` states the sizing rule).
4. ``smoke`` — a smoke run (``--smoke``) of the same recipe, model and dataset passed: its
   ``smoke_ok.json`` marker is present.
"""

import json
import os

from . import data, flops

SMOKE_MARKER = "smoke_ok.json"


def check(name, ok, message, severity="block"):
    return {
        "name": name,
        "ok": bool(ok),
        "severity": "info" if ok else severity,
        "message": message,
    }


def check_columns(recipe, config, columns=None, rows=None):
    """Columns from ``columns`` (e.g. from the dataset viewer) or read from a local dataset."""
    if columns is None:
        path = config.get("dataset")
        if not path:
            return check("columns", False, "no dataset configured")
        if not data.is_local(path):
            return check(
                "columns",
                False,
                "dataset %s is not a local file; pass its columns with --columns a,b,c" % path,
            )
        try:
            rows = data.read_rows(path, limit=50)
        except (OSError, ValueError, ModuleNotFoundError) as exc:
            return check("columns", False, "cannot read dataset: %s" % exc)
        if not rows:
            return check("columns", False, "dataset %s is empty" % path)
        columns = sorted(set().union(*(r.keys() for r in rows)))
    matched, message = data.match_columns(columns, data.required_for(recipe, config))
    if matched is None:
        return check("columns", False, message)
    if rows and matched == [config.get("messages_field", "messages")]:
        problems = data.check_messages(rows, matched[0])
        if problems:
            return check("columns", False, "; ".join(problems))
    return check("columns", True, message)


def check_output(config, ephemeral=False):
    out = config.get("output_dir")
    if not out:
        return check("output", False, "no output_dir: set it or run as a job with MLINTERN_OUTPUT")
    if config.get("push_to_hub") and not config.get("hub_model_id"):
        return check("output", False, "push_to_hub is true but hub_model_id is not set")
    if ephemeral and not (config.get("push_to_hub") and config.get("hub_model_id")):
        return check(
            "output",
            False,
            "this executor's disk is deleted when the job ends: set push_to_hub=true and hub_model_id "
            "(after the user approves publishing) or the trained model is lost",
        )
    target = " and pushed to %s" % config["hub_model_id"] if config.get("push_to_hub") else ""
    return check("output", True, "saved to %s%s" % (out, target))


def model_shape(config, model_config=None):
    """The model's shape from an explicit config dict, a local folder's config.json, or a reference name."""
    if model_config:
        return flops.shape_from_config(model_config)
    model = config.get("model") or ""
    local = os.path.join(model, "config.json")
    if os.path.exists(local):
        with open(local, encoding="utf-8") as f:
            return flops.shape_from_config(json.load(f))
    for name, shape in flops.REFERENCE_SHAPES.items():
        if model.lower().endswith(name.lower()):
            return dict(shape)
    return None


def tokens_planned(config, dataset_tokens=None):
    """Tokens the run will process: max_steps × batch × seq_len, else dataset tokens × epochs."""
    per_step = (
        config["micro_batch_size"] * config["gradient_accumulation_steps"] * config["max_seq_len"]
    )
    if config.get("max_steps"):
        return config["max_steps"] * per_step
    if dataset_tokens:
        return dataset_tokens * config.get("num_epochs", 1)
    return None


def check_fit(
    recipe, config, gpu, timeout_s=None, model_config=None, dataset_tokens=None, assumed_mfu=0.3
):
    """Memory and time estimate against the GPU and the timeout; returns (check, sizing dict)."""
    shape = model_shape(config, model_config)
    if shape is None:
        return check(
            "fit",
            False,
            "cannot size model %r: pass --model-config config.json" % config.get("model"),
        ), {}
    try:
        peak, memory_gb = flops.gpu_spec(gpu)
    except ValueError as exc:
        return check("fit", False, str(exc)), {}
    lora_r = config.get("lora_r") if config.get("use_peft") else None
    seq = config["max_seq_len"]
    micro = config["micro_batch_size"]
    mem = flops.memory_estimate(
        shape,
        seq,
        micro,
        config.get("precision", "bf16"),
        lora_r,
        config.get("gradient_checkpointing"),
        config.get("chunked_ce", True),
        master_weights=config.get("master_weights", True),
    )
    if recipe == "dpo":  # chosen + rejected, and a reference model unless log-probs are precomputed
        mem["activations_gb"] *= 2
        extra = 0 if config.get("precompute_ref_log_probs") or lora_r else mem["weights_gb"]
        mem["total_gb"] += mem["activations_gb"] / 2 * 1.1 + extra
    if recipe == "grpo" and config.get("beta") and not lora_r:
        mem["total_gb"] += mem["weights_gb"]
    n = flops.matmul_params(shape)
    trainable = flops.lora_params(shape, lora_r) if lora_r else None
    per_token = flops.train_flops_per_token(
        n, shape["layers"], shape["heads"], shape["head_dim"], seq, trainable
    )
    tokens = tokens_planned(config, dataset_tokens)
    seconds = flops.time_estimate_s(tokens, per_token, assumed_mfu, peak) if tokens else None
    sizing = {
        "params": flops.count_params(shape),
        "gpu": gpu,
        "gpu_memory_gb": memory_gb,
        "memory": {k: round(v, 2) for k, v in mem.items()},
        "flops_per_token": per_token,
        "tokens": tokens,
        "assumed_mfu": assumed_mfu,
        "estimated_seconds": round(seconds, 1) if seconds else None,
        "timeout_s": timeout_s,
        "rule": "memory = weights + grads + optimizer + activations (+10% + 1.5 GB); "
        "time = tokens x (6N + attention) / (MFU x peak); see recipes/llm/README.md",
    }
    problems = []
    if mem["total_gb"] > memory_gb * 0.95:
        problems.append(
            "needs about %.1f GB but %s has %d GB: lower micro_batch_size (raise gradient_accumulation_steps), "
            "enable gradient_checkpointing, or use LoRA" % (mem["total_gb"], gpu, memory_gb)
        )
    if timeout_s and seconds and seconds * 1.15 > timeout_s:
        problems.append(
            "about %.0f min of training (at %d%% MFU) plus margin exceeds the %.0f min timeout: "
            "raise the timeout or cut max_steps" % (seconds / 60, assumed_mfu * 100, timeout_s / 60)
        )
    if timeout_s and not tokens:
        problems.append("cannot estimate time: set max_steps or pass --dataset-tokens")
    if problems:
        return check("fit", False, "; ".join(problems)), sizing
    message = "about %.1f of %d GB" % (mem["total_gb"], memory_gb)
    if seconds:
        message += ", about %.0f min" % (seconds / 60)
        if timeout_s:
            message += " of a %.0f min timeout" % (timeout_s / 60)
    return check("fit", True, message), sizing


def check_smoke(recipe, config, marker=None):
    path = marker or os.path.join(config.get("output_dir") or ".", SMOKE_MARKER)
    if not os.path.exists(path):
        return check(
            "smoke",
            False,
            "no smoke-run marker at %s: run the recipe with --smoke on a small sample first" % path,
        )
    try:
        with open(path, encoding="utf-8") as f:
            info = json.load(f)
    except ValueError:
        return check("smoke", False, "smoke marker %s is not valid JSON" % path)
    for key in ("recipe", "model", "dataset"):
        expected = recipe if key == "recipe" else config.get(key)
        if info.get(key) != expected:
            return check(
                "smoke",
                False,
                "smoke run was for %s=%r, this run uses %r: smoke-test this config"
                % (key, info.get(key), expected),
            )
    if info.get("status") != "ok":
        return check("smoke", False, "smoke run failed: %s" % info.get("error", "unknown error"))
    return check("smoke", True, "smoke run passed (%s steps)" % info.get("steps", "?"))


def write_smoke_marker(config, recipe, steps, status="ok", error=None):
    """Writes ``smoke_ok.json`` where pre-flight looks: the run's output folder (a smoke run itself
    works in its ``smoke/`` subfolder)."""
    folder = config.get("_smoke_marker_dir") or config["output_dir"]
    path = os.path.join(folder, SMOKE_MARKER)
    os.makedirs(folder, exist_ok=True)
    marker = {
        "recipe": recipe,
        "model": config.get("model"),
        "dataset": config.get("dataset"),
        "steps": steps,
        "status": status,
    }
    if error:
        marker["error"] = error
    with open(path, "w", encoding="utf-8") as f:
        json.dump(marker, f, indent=2)
    return path


def run_checks(
    recipe,
    config,
    gpu="h100",
    timeout_s=None,
    columns=None,
    ephemeral=False,
    model_config=None,
    dataset_tokens=None,
    smoke_marker=None,
    skip_smoke=False,
):
    """All checks and the verdict: {"verdict": "GO"|"NO-GO", "checks": [...], "sizing": {...}}."""
    checks = [check_columns(recipe, config, columns), check_output(config, ephemeral)]
    fit, sizing = check_fit(recipe, config, gpu, timeout_s, model_config, dataset_tokens)
    checks.append(fit)
    if not skip_smoke:
        checks.append(check_smoke(recipe, config, smoke_marker))
    blocked = [c for c in checks if not c["ok"] and c["severity"] == "block"]
    return {
        "verdict": "NO-GO" if blocked else "GO",
        "recipe": recipe,
        "checks": checks,
        "reasons": [c["name"] + ": " + c["message"] for c in blocked],
        "sizing": sizing,
    }
