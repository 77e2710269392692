import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import io

import pytest
import torch
from llmkit import loop, protocol, speed


def make_data(n=12):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1
    return [{"x": x[i : i + 2], "y": y[i : i + 2]} for i in range(0, n, 2)]


def run(
    tmp_path, max_steps, resume=True, save_every=0, out="run", crash_after=None, max_seconds=None
):
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    opt, _ = speed.make_optimizer(model.parameters(), lr=0.05)
    cfg = {
        "output_dir": str(tmp_path / out),
        "gradient_accumulation_steps": 2,
        "num_epochs": 10,
        "max_steps": max_steps,
        "learning_rate": 0.05,
        "warmup_ratio": 0.0,
        "lr_scheduler": "linear",
        "max_grad_norm": 1.0,
        "save_every": save_every,
        "resume": resume,
        "seed": 3,
        "log_every": 1,
        "max_seconds": max_seconds,
    }
    os.makedirs(cfg["output_dir"], exist_ok=True)
    log = protocol.MetricsLogger(cfg["output_dir"], stream=io.StringIO())

    calls = []

    def loss_fn(batch):
        calls.append(1)
        if crash_after is not None and len(calls) > crash_after:
            raise KeyboardInterrupt("job killed")
        pred = model(batch["x"]).squeeze(-1)
        return ((pred - batch["y"]) ** 2).mean(), {"tokens": 2}

    def save(path):
        torch.save(model.state_dict(), os.path.join(path, "model.pt"))

    def load(path):
        model.load_state_dict(torch.load(os.path.join(path, "model.pt")))

    trainer = loop.Trainer(
        model,
        opt,
        cfg,
        log,
        loss_fn,
        save,
        load,
        flops_per_token=10.0,
        clock=iter(range(0, 10000, 1)).__next__,
    )
    resumed = trainer.resume()
    history = trainer.train(make_data())
    return model, trainer, history, resumed


def test_loss_falls_and_metrics_include_throughput(tmp_path):
    _, trainer, history, _ = run(tmp_path, max_steps=12)
    assert trainer.step == 12 and len(history) == 12
    assert history[-1]["loss"] < history[0]["loss"]
    assert {"loss", "grad_norm", "lr", "tokens_per_s", "mfu", "epoch"} <= set(history[0])
    assert history[0]["tokens_per_s"] == 4.0  # 2 micro-batches × 2 tokens per fake second
    assert trainer.total_tokens == 48


def test_resume_from_checkpoint_matches_an_uninterrupted_run(tmp_path):
    straight, _, _, _ = run(tmp_path, max_steps=8, resume=False, out="straight")
    with pytest.raises(KeyboardInterrupt):  # killed during step 6, after checkpoint-4
        run(tmp_path, max_steps=8, save_every=4, out="split", crash_after=11)
    assert loop.latest_checkpoint(str(tmp_path / "split")).endswith("checkpoint-4")
    resumed_model, trainer, _, resumed = run(tmp_path, max_steps=8, save_every=4, out="split")
    assert resumed.endswith("checkpoint-4") and trainer.step == 8
    for a, b in zip(straight.parameters(), resumed_model.parameters()):
        assert torch.allclose(a, b, atol=1e-6)


def test_incomplete_checkpoint_is_ignored(tmp_path):
    os.makedirs(tmp_path / "checkpoint-9")
    assert loop.latest_checkpoint(str(tmp_path)) is None


def test_epoch_order_is_reproducible_and_a_permutation():
    assert loop.epoch_order(10, 1, 2) == loop.epoch_order(10, 1, 2)
    assert sorted(loop.epoch_order(10, 1, 2)) == list(range(10))
    assert loop.epoch_order(10, 1, 2) != loop.epoch_order(10, 1, 3)


def test_nan_loss_raises_divergence(tmp_path):
    model = torch.nn.Linear(1, 1)
    opt, _ = speed.make_optimizer(model.parameters(), lr=0.1)
    cfg = {
        "output_dir": str(tmp_path),
        "gradient_accumulation_steps": 1,
        "num_epochs": 1,
        "max_steps": 10,
        "learning_rate": 0.1,
        "max_grad_norm": 1.0,
    }
    log = protocol.MetricsLogger(str(tmp_path), stream=io.StringIO())

    def loss_fn(batch):
        return model(torch.ones(1, 1)).sum() * float("nan"), {"tokens": 1}

    with pytest.raises(loop.Divergence):
        loop.Trainer(model, opt, cfg, log, loss_fn).train([{}] * 10)


def test_too_few_batches_for_accumulation_is_a_clear_error(tmp_path):
    model = torch.nn.Linear(1, 1)
    opt, _ = speed.make_optimizer(model.parameters(), lr=0.1)
    cfg = {
        "output_dir": str(tmp_path),
        "gradient_accumulation_steps": 4,
        "num_epochs": 1,
        "learning_rate": 0.1,
    }
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        loop.Trainer(model, opt, cfg, None, None).train([{}] * 2)


def test_max_seconds_stops_training_early(tmp_path):
    _, trainer, history, _ = run(tmp_path, max_steps=50, max_seconds=6)
    assert (
        trainer.stopped_early == "max_seconds"
        and 0 < trainer.step < 50
        and len(history) == trainer.step
    )
