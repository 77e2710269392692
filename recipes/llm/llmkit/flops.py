"""Parameter counts, FLOPs, MFU and the memory/time sizing table. Pure Python.

The rules, stated once (README.md repeats them):

* **FLOPs per trained token** = 6 × N + 12 × L × H × d_head × S (PaLM, Chowdhery et al. 2022,
  appendix B; attention is not halved for causal masking). N counts the parameters that take
  part in matrix multiplies: every parameter, except the input embedding when it is not tied to
  the output layer. With LoRA the frozen weights need no weight gradient: 4 × N + 6 × N_lora.
* **MFU** = FLOPs per token × tokens/s ÷ peak, peak = 989 TFLOP/s (dense bf16, H100/H200 SXM).
* **Memory** = weights + gradients + optimizer states + activations + 10% and 1.5 GB overhead:
  bytes per parameter — bf16 weights with fp32 master copies (the default): 2 + 2 + 4 + 8;
  pure bf16 AdamW: 2 + 2 + 4; amp (fp32 weights, bf16 autocast) or fp32: 4 + 4 + 8; LoRA: frozen
  weights at 2 (bf16) or 4 bytes, adapters (fp32) at 16 bytes per parameter.
  Activations (bf16, SDPA/flash attention, no score matrix kept): per token per layer
  2 × (4d + 3·q_dim + 2·kv_dim + 4·d_ff) bytes; with gradient checkpointing 2 × d bytes per layer
  plus one layer's full activations. Logits: without chunked cross-entropy, tokens × vocab × 10
  bytes (bf16 logits, fp32 upcast and gradient); with it, one chunk.
* **Time** = tokens × FLOPs per token ÷ (assumed MFU × peak); the plan assumes 30% MFU unless told.
"""

PEAK_BF16_TFLOPS = 989.0

# Dense bf16 tensor-core peak (TFLOP/s) and memory (GB) by GPU name fragment; first match wins.
GPUS = [
    ("h200", 989.0, 141),
    ("h100", 989.0, 80),
    ("a100-80", 312.0, 80),
    ("a100-large", 312.0, 80),
    ("a100", 312.0, 40),
    ("l40s", 362.0, 48),
    ("a6000", 155.0, 48),
    ("a10g", 70.0, 24),
    ("l4", 121.0, 24),
    ("t4", 65.0, 16),
]


def gpu_spec(name):
    """(peak TFLOP/s, memory GB) for a GPU or job flavor name such as 'h100' or 'a10g-large'."""
    lowered = (name or "").lower()
    for fragment, peak, memory in GPUS:
        if fragment in lowered:
            return peak, memory
    raise ValueError("unknown GPU %r; known: %s" % (name, ", ".join(g[0] for g in GPUS)))


def shape_from_config(cfg):
    """The few numbers sizing needs, from a transformers config.json dict (Llama/Qwen/Mistral style)."""
    d = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    head_dim = cfg.get("head_dim") or d // heads
    return {
        "vocab": cfg["vocab_size"],
        "d": d,
        "layers": cfg["num_hidden_layers"],
        "heads": heads,
        "kv_heads": cfg.get("num_key_value_heads") or heads,
        "head_dim": head_dim,
        "d_ff": cfg.get("intermediate_size") or 4 * d,
        "tied": bool(cfg.get("tie_word_embeddings", False)),
        "attention_bias": bool(cfg.get("attention_bias", False)),
        "qk_norm": cfg.get("model_type", "").startswith("qwen3"),
        "gated_mlp": cfg.get("model_type", "llama") not in ("gpt2", "gpt_neox", "opt"),
    }


def count_params(shape):
    """Total parameters of a decoder-only transformer of this shape (embeddings counted once if tied)."""
    d, q, kv = shape["d"], shape["heads"] * shape["head_dim"], shape["kv_heads"] * shape["head_dim"]
    attn = d * q + 2 * d * kv + q * d
    if shape.get("attention_bias"):
        attn += q + 2 * kv
    if shape.get("qk_norm"):
        attn += 2 * shape["head_dim"]
    mlp = (3 if shape.get("gated_mlp", True) else 2) * d * shape["d_ff"]
    per_layer = attn + mlp + 2 * d
    embed = shape["vocab"] * d
    return embed * (1 if shape["tied"] else 2) + shape["layers"] * per_layer + d


def matmul_params(shape):
    """N for the 6N rule: all parameters except an untied input embedding."""
    total = count_params(shape)
    return total if shape["tied"] else total - shape["vocab"] * shape["d"]


def lora_params(shape, r, targets="all-linear"):
    """Adapter parameters: r × (d_in + d_out) for each targeted projection of each layer."""
    d, q, kv, ff = (
        shape["d"],
        shape["heads"] * shape["head_dim"],
        shape["kv_heads"] * shape["head_dim"],
        shape["d_ff"],
    )
    dims = {
        "q_proj": (d, q),
        "k_proj": (d, kv),
        "v_proj": (d, kv),
        "o_proj": (q, d),
        "gate_proj": (d, ff),
        "up_proj": (d, ff),
        "down_proj": (ff, d),
    }
    names = list(dims) if targets in (None, "all-linear", "all") else list(targets)
    per_layer = sum(r * sum(dims[n]) for n in names if n in dims)
    return shape["layers"] * per_layer


def attention_flops_per_token(layers, heads, head_dim, seq_len):
    """12 × L × H × d_head × S: QKᵀ and AV, forward and backward (PaLM convention)."""
    return 12 * layers * heads * head_dim * seq_len


def train_flops_per_token(n_params, layers, heads, head_dim, seq_len, trainable=None):
    """6N + attention, or 4N + 6·trainable with frozen base weights (LoRA)."""
    dense = 6 * n_params if trainable is None else 4 * n_params + 6 * trainable
    return dense + attention_flops_per_token(layers, heads, head_dim, seq_len)


def mfu(tokens_per_second, flops_per_token, peak_tflops=PEAK_BF16_TFLOPS):
    """Model-FLOPs utilisation in [0, 1]."""
    return tokens_per_second * flops_per_token / (peak_tflops * 1e12)


def mfu_from_params(
    tokens_per_second, n_params, seq_len, layers, heads, head_dim, peak_tflops=PEAK_BF16_TFLOPS
):
    """MFU = (6 × params × tokens/s + attention FLOPs/s) / peak — the formula the recipes report."""
    return mfu(
        tokens_per_second,
        train_flops_per_token(n_params, layers, heads, head_dim, seq_len),
        peak_tflops,
    )


GB = 1e9


def memory_estimate(
    shape,
    seq_len,
    micro_batch,
    precision="bf16",
    lora_r=None,
    grad_checkpointing=False,
    chunked_ce=True,
    master_weights=False,
):
    """Bytes for training one micro-batch, by component (see the module doc for the rule)."""
    n = count_params(shape)
    weight_bytes = 4 if precision in ("amp", "fp32") else 2
    if lora_r:
        n_lora = lora_params(shape, lora_r)
        weights = n * weight_bytes + n_lora * 4
        grads = n_lora * 4
        optimizer = n_lora * 8
    else:
        weights = n * weight_bytes
        grads = n * weight_bytes
        if precision in ("amp", "fp32"):
            optimizer = n * 8
        elif master_weights:  # fp32 master copy + fp32 AdamW moments
            optimizer = n * 12
        else:
            optimizer = n * 4
    d, q, kv, ff = (
        shape["d"],
        shape["heads"] * shape["head_dim"],
        shape["kv_heads"] * shape["head_dim"],
        shape["d_ff"],
    )
    tokens = seq_len * micro_batch
    act_factor = 2 if precision != "fp32" else 4
    full_layer = act_factor * (4 * d + 3 * q + 2 * kv + 4 * ff) * tokens
    if grad_checkpointing:
        activations = act_factor * d * tokens * shape["layers"] + full_layer
    else:
        activations = full_layer * shape["layers"]
    if chunked_ce:
        logits = 4096 * shape["vocab"] * 10
    else:
        logits = tokens * shape["vocab"] * 10
    subtotal = weights + grads + optimizer + activations + logits
    total = subtotal * 1.1 + 1.5 * GB
    return {
        "weights_gb": weights / GB,
        "grads_gb": grads / GB,
        "optimizer_gb": optimizer / GB,
        "activations_gb": activations / GB,
        "logits_gb": logits / GB,
        "total_gb": total / GB,
    }


def time_estimate_s(total_tokens, flops_per_token, assumed_mfu=0.3, peak_tflops=PEAK_BF16_TFLOPS):
    """Seconds to process ``total_tokens`` at ``assumed_mfu`` of ``peak_tflops``."""
    return total_tokens * flops_per_token / (assumed_mfu * peak_tflops * 1e12)


# Reference shapes for the sizing table and tests (from the models' published config.json files).
REFERENCE_SHAPES = {
    "Qwen3-0.6B": dict(
        vocab=151936,
        d=1024,
        layers=28,
        heads=16,
        kv_heads=8,
        head_dim=128,
        d_ff=3072,
        tied=True,
        qk_norm=True,
    ),
    "Qwen3-1.7B": dict(
        vocab=151936,
        d=2048,
        layers=28,
        heads=16,
        kv_heads=8,
        head_dim=128,
        d_ff=6144,
        tied=True,
        qk_norm=True,
    ),
    "Qwen3-4B": dict(
        vocab=151936,
        d=2560,
        layers=36,
        heads=32,
        kv_heads=8,
        head_dim=128,
        d_ff=9728,
        tied=True,
        qk_norm=True,
    ),
    "Qwen3-8B": dict(
        vocab=151936,
        d=4096,
        layers=36,
        heads=32,
        kv_heads=8,
        head_dim=128,
        d_ff=12288,
        tied=False,
        qk_norm=True,
    ),
    "Llama-3.1-8B": dict(
        vocab=128256, d=4096, layers=32, heads=32, kv_heads=8, head_dim=128, d_ff=14336, tied=False
    ),
}


def sizing_table(seq_len=2048, micro_batch=4, lora_r=16):
    """Rows of the sizing table for the reference shapes: memory by precision and full vs LoRA."""
    rows = []
    for name, shape in REFERENCE_SHAPES.items():
        for mode, precision, r, ckpt, master in (
            ("full bf16 + fp32 master", "bf16", None, False, True),
            ("full pure bf16", "bf16", None, False, False),
            ("full amp", "amp", None, False, False),
            ("full bf16 + fp32 master + ckpt", "bf16", None, True, True),
            ("LoRA r=%d bf16" % lora_r, "bf16", lora_r, False, False),
        ):
            mem = memory_estimate(
                shape, seq_len, micro_batch, precision, r, ckpt, master_weights=master
            )
            n = count_params(shape)
            rows.append(
                {
                    "model": name,
                    "params_b": round(n / 1e9, 3),
                    "mode": mode,
                    "seq_len": seq_len,
                    "micro_batch": micro_batch,
                    "memory_gb": round(mem["total_gb"], 1),
                    "hours_per_100m_tokens_at_30pct_mfu": round(
                        time_estimate_s(
                            1e8,
                            train_flops_per_token(
                                matmul_params(shape),
                                shape["layers"],
                                shape["heads"],
                                shape["head_dim"],
                                seq_len,
                                trainable=lora_params(shape, r) if r else None,
                            ),
                        )
                        / 3600,
                        2,
                    ),
                }
            )
    return rows


def forward_flops_per_token(n_params, layers, heads, head_dim, seq_len):
    """Inference (no backward): 2N + 4 × L × H × d_head × S — a third of the training rule."""
    return 2 * n_params + 4 * layers * heads * head_dim * seq_len
