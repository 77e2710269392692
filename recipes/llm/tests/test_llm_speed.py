import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import contextlib

import pytest
import torch
from llmkit import speed


def test_optimizer_falls_back_on_cpu_and_skips_decay_for_vectors():
    model = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.LayerNorm(3))
    opt, kind = speed.make_optimizer(model.parameters(), lr=0.1, weight_decay=0.5, fused=True)
    assert kind == "plain"  # fused AdamW needs CUDA tensors
    decays = sorted((g["weight_decay"], len(g["params"])) for g in opt.param_groups)
    assert decays == [(0.0, 3), (0.5, 1)]


def test_frozen_parameters_are_not_optimized():
    model = torch.nn.Linear(2, 2)
    model.bias.requires_grad_(False)
    opt, _ = speed.make_optimizer(model.parameters(), lr=0.1)
    assert sum(len(g["params"]) for g in opt.param_groups) == 1


def test_lr_schedule_known_points():
    assert speed.lr_at(0, 100, 1.0, warmup_steps=10) == pytest.approx(0.1)
    assert speed.lr_at(9, 100, 1.0, warmup_steps=10) == pytest.approx(1.0)
    assert speed.lr_at(55, 100, 1.0, warmup_steps=10, kind="cosine") == pytest.approx(0.5)
    assert speed.lr_at(55, 100, 1.0, warmup_steps=10, kind="linear") == pytest.approx(0.5)
    assert speed.lr_at(100, 100, 1.0, kind="cosine") == pytest.approx(0.0)
    assert speed.lr_at(50, 100, 2.0, kind="constant") == 2.0
    with pytest.raises(ValueError):
        speed.lr_at(50, 100, 1.0, kind="exp")


def test_attention_and_compile_fall_back_where_missing():
    expected = "sdpa" if speed.has_sdpa() else "eager"
    assert speed.pick_attention("sdpa") == expected
    assert speed.pick_attention("flash_attention_2") == "flash_attention_2"
    fn = lambda x: x  # noqa: E731
    compiled, used = speed.maybe_compile(fn, "cpu")
    assert compiled is fn and used is False


def test_compile_guard_falls_back_to_eager_when_first_call_fails():
    def broken(x):
        raise RuntimeError("inductor exploded")

    guard = speed.CompileGuard(broken, lambda x: x + 1)
    assert guard(1) == 2 and "exploded" in guard.error
    assert guard(2) == 3


def test_autocast_only_for_amp_and_param_dtype():
    assert isinstance(speed.autocast("cpu", "bf16"), contextlib.nullcontext)
    assert speed.param_dtype("bf16", "cpu") == torch.bfloat16
    assert speed.param_dtype("amp", "cpu") == torch.float32
    with speed.autocast("cpu", "amp"):
        out = torch.ones(2, 2) @ torch.ones(2, 2)
    assert out.dtype == torch.bfloat16


def test_fp32_master_weights_keep_updates_that_bf16_would_round_away():
    torch.manual_seed(0)
    pure = torch.nn.Linear(8, 8, bias=False).to(torch.bfloat16)
    mastered = torch.nn.Linear(8, 8, bias=False).to(torch.bfloat16)
    mastered.load_state_dict(pure.state_dict())
    start = pure.weight.detach().float().clone()
    opt_pure, _ = speed.make_optimizer(pure.parameters(), lr=1e-5, betas=(0.0, 0.95))
    opt_master, kind = speed.make_optimizer(
        mastered.parameters(), lr=1e-5, betas=(0.0, 0.95), master_weights=True
    )
    assert kind == "plain+fp32-master"
    for _ in range(100):
        for model, opt in ((pure, opt_pure), (mastered, opt_master)):
            model.weight.grad = torch.ones_like(model.weight)
            opt.step()
            opt.zero_grad()
    # Adam with a constant gradient moves each weight by lr per step: 1e-3 in all, 1e-5 at a time.
    # For 0.0625 < |w| < 0.125 a bf16 ulp is 4.9e-4: pure bf16 rounds every step away; masters keep them.
    band = (start.abs() > 0.0625) & (start.abs() < 0.125)
    assert band.any()
    assert torch.equal(pure.weight.float()[band], start[band])
    assert torch.allclose(
        start - opt_master.masters[0].detach(), torch.full_like(start, 1e-3), atol=1e-5
    )
    moved = (start - mastered.weight.float())[band]
    assert torch.all(moved > 4e-4)
    state = opt_master.state_dict()
    assert state["masters"][0].dtype == torch.float32
    opt_master.load_state_dict(state)


def test_master_weights_not_used_for_fp32_parameters():
    _, kind = speed.make_optimizer(torch.nn.Linear(2, 2).parameters(), lr=0.1, master_weights=True)
    assert kind == "plain"
