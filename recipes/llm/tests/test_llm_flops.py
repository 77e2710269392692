import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import pytest
from llmkit import flops

QWEN06 = flops.REFERENCE_SHAPES["Qwen3-0.6B"]


def test_qwen3_0_6b_parameter_count_matches_the_published_model():
    # 151936×1024 tied embedding + 28 × 15,730,944 per layer + final norm
    assert flops.count_params(QWEN06) == 596_049_920
    assert flops.matmul_params(QWEN06) == 596_049_920  # tied: the embedding is the LM head


def test_untied_embedding_is_not_counted_as_matmul_parameters():
    shape = flops.REFERENCE_SHAPES["Qwen3-8B"]
    assert flops.count_params(shape) - flops.matmul_params(shape) == shape["vocab"] * shape["d"]


def test_shape_from_hf_config():
    cfg = {
        "model_type": "qwen3",
        "vocab_size": 151936,
        "hidden_size": 1024,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "intermediate_size": 3072,
        "tie_word_embeddings": True,
    }
    assert flops.count_params(flops.shape_from_config(cfg)) == 596_049_920


def test_mfu_formula_known_answer():
    # 6 × 596,049,920 + 12 × 28 × 16 × 128 × 1024 = 4,280,942,592 FLOPs per token
    per_token = flops.train_flops_per_token(596_049_920, 28, 16, 128, 1024)
    assert per_token == 6 * 596_049_920 + 704_643_072
    assert flops.mfu(100_000, per_token) == pytest.approx(4_280_942_592e5 / 989e12)
    assert flops.mfu_from_params(100_000, 596_049_920, 1024, 28, 16, 128) == pytest.approx(
        0.43286, abs=1e-5
    )


def test_lora_flops_skip_frozen_weight_gradients():
    full = flops.train_flops_per_token(1000, 1, 1, 1, 1)
    lora = flops.train_flops_per_token(1000, 1, 1, 1, 1, trainable=10)
    assert full - lora == 2 * 1000 - 6 * 10


def test_forward_flops_are_a_third_of_training():
    assert flops.forward_flops_per_token(100, 2, 2, 2, 3) * 3 == flops.train_flops_per_token(
        100, 2, 2, 2, 3
    )


def test_lora_param_count_for_all_linear():
    tiny = dict(vocab=10, d=4, layers=2, heads=2, kv_heads=1, head_dim=2, d_ff=8, tied=True)
    # per layer r×(in+out): q 4+4, k 4+2, v 4+2, o 4+4, gate 4+8, up 4+8, down 8+4 = 64
    assert flops.lora_params(tiny, 2) == 2 * 2 * 64
    assert flops.lora_params(tiny, 2, ["q_proj", "v_proj"]) == 2 * 2 * (8 + 6)


def test_memory_bytes_per_parameter_by_precision_and_lora():
    n = flops.count_params(QWEN06)
    master = flops.memory_estimate(QWEN06, 1024, 1, "bf16", master_weights=True)
    assert master["weights_gb"] + master["grads_gb"] + master["optimizer_gb"] == pytest.approx(
        16 * n / 1e9
    )
    bf16 = flops.memory_estimate(QWEN06, 1024, 1, "bf16")
    amp = flops.memory_estimate(QWEN06, 1024, 1, "amp")
    assert bf16["weights_gb"] + bf16["grads_gb"] + bf16["optimizer_gb"] == pytest.approx(
        8 * n / 1e9
    )
    assert amp["weights_gb"] + amp["grads_gb"] + amp["optimizer_gb"] == pytest.approx(16 * n / 1e9)
    lora = flops.memory_estimate(QWEN06, 1024, 1, "bf16", lora_r=16)
    assert lora["grads_gb"] < bf16["grads_gb"] / 10


def test_checkpointing_and_chunked_ce_shrink_memory():
    big = flops.REFERENCE_SHAPES["Qwen3-1.7B"]
    plain = flops.memory_estimate(big, 4096, 8, "bf16", chunked_ce=False)
    ckpt = flops.memory_estimate(big, 4096, 8, "bf16", grad_checkpointing=True)
    assert ckpt["activations_gb"] < plain["activations_gb"] / 5
    assert ckpt["logits_gb"] < plain["logits_gb"] / 5


def test_gpu_spec_by_flavor_name():
    assert flops.gpu_spec("h200") == (989.0, 141)
    assert flops.gpu_spec("a100-large") == (312.0, 80)
    assert flops.gpu_spec("a10g-small")[1] == 24
    with pytest.raises(ValueError):
        flops.gpu_spec("tpu")


def test_time_estimate_and_sizing_table():
    per_token = flops.train_flops_per_token(596_049_920, 28, 16, 128, 1024)
    assert flops.time_estimate_s(1e6, per_token, assumed_mfu=0.5) == pytest.approx(
        1e6 * per_token / (0.5 * 989e12)
    )
    rows = flops.sizing_table()
    assert len(rows) == 5 * len(flops.REFERENCE_SHAPES)
    by = {(r["model"], r["mode"]): r for r in rows}
    assert by[("Llama-3.1-8B", "full amp")]["memory_gb"] > 80  # does not fit one H100
    assert by[("Llama-3.1-8B", "LoRA r=16 bf16")]["memory_gb"] < 80
