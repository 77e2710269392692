"""The optimisation loop shared by SFT and DPO: accumulation, clipping, schedule, metrics,
checkpoints and resume. Pure torch: the model is any ``nn.Module``; the recipe supplies the loss.

Checkpoints are folders ``checkpoint-<step>/`` in the output folder holding whatever ``save_model``
writes (an adapter, a full model, or a state dict) plus ``trainer_state.pt`` (optimizer, step, data
position, RNG). Resume picks the newest complete one (``trainer_state.pt`` is written last), and the
data order is a function of the seed and epoch, so a resumed run sees the batches it had not seen.
"""

import glob
import math
import os
import random
import shutil
import time

import torch

from . import speed

STATE_FILE = "trainer_state.pt"


class Divergence(RuntimeError):
    """The loss stayed non-finite; the diagnosis rules read this kind as divergence."""


def latest_checkpoint(output_dir):
    """Path of the newest complete checkpoint folder, or None."""
    found = []
    for path in glob.glob(os.path.join(output_dir, "checkpoint-*")):
        suffix = path.rsplit("-", 1)[-1]
        if suffix.isdigit() and os.path.exists(os.path.join(path, STATE_FILE)):
            found.append((int(suffix), path))
    return max(found)[1] if found else None


def epoch_order(n, seed, epoch):
    """The shuffled order of ``n`` batches in ``epoch``: reproducible, so resume can skip ahead."""
    order = list(range(n))
    random.Random(seed * 1000003 + epoch).shuffle(order)
    return order


class Trainer:
    """Runs ``loss_fn`` over micro-batches and steps the optimizer.

    ``loss_fn(batch) -> (loss, stats)`` where ``stats`` may hold floats/tensors to average per step
    and must hold ``tokens`` (tokens processed) for the throughput figures.
    ``flops_per_token`` turns tokens/s into MFU; ``save_model(path)``/``load_model(path)`` persist the
    model (adapter or full) in a checkpoint folder.
    """

    def __init__(
        self,
        model,
        optimizer,
        config,
        logger,
        loss_fn,
        save_model=None,
        load_model=None,
        flops_per_token=None,
        device="cpu",
        clock=time.perf_counter,
    ):
        self.model = model
        self.optimizer = optimizer
        self.config = config
        self.logger = logger
        self.loss_fn = loss_fn
        self.save_model = save_model
        self.load_model = load_model
        self.flops_per_token = flops_per_token
        self.device = device
        self.clock = clock
        self.step = 0
        self.epoch = 0
        self.position = 0  # micro-batches consumed in the current epoch
        self.history = []
        self.total_tokens = 0
        self.train_seconds = 0.0
        self.stopped_early = None

    # ------------------------------------------------------------------ checkpoints

    def save_checkpoint(self):
        path = os.path.join(self.config["output_dir"], "checkpoint-%d" % self.step)
        os.makedirs(path, exist_ok=True)
        if self.save_model:
            self.save_model(path)
        state = {
            "step": self.step,
            "epoch": self.epoch,
            "position": self.position,
            "optimizer": self.optimizer.state_dict(),
            "python_rng": random.getstate(),
            "torch_rng": torch.get_rng_state(),
            "total_tokens": self.total_tokens,
        }
        if torch.cuda.is_available():
            state["cuda_rng"] = torch.cuda.get_rng_state_all()
        tmp = os.path.join(path, STATE_FILE + ".tmp")
        torch.save(state, tmp)
        os.replace(tmp, os.path.join(path, STATE_FILE))
        self._prune_checkpoints(keep=2)
        return path

    def _prune_checkpoints(self, keep):
        found = sorted(
            (int(p.rsplit("-", 1)[-1]), p)
            for p in glob.glob(os.path.join(self.config["output_dir"], "checkpoint-*"))
            if p.rsplit("-", 1)[-1].isdigit()
        )
        for _, path in found[:-keep]:
            shutil.rmtree(path, ignore_errors=True)

    def resume(self):
        """Loads the newest checkpoint when ``config['resume']``; returns its path or None."""
        if not self.config.get("resume", True):
            return None
        path = latest_checkpoint(self.config["output_dir"])
        if path is None:
            return None
        if self.load_model:
            self.load_model(path)
        try:
            state = torch.load(
                os.path.join(path, STATE_FILE), map_location="cpu", weights_only=False
            )
        except TypeError:  # torch < 1.13 has no weights_only
            state = torch.load(os.path.join(path, STATE_FILE), map_location="cpu")
        self.optimizer.load_state_dict(state["optimizer"])
        self.step, self.epoch, self.position = state["step"], state["epoch"], state["position"]
        self.total_tokens = state.get("total_tokens", 0)
        random.setstate(state["python_rng"])
        torch.set_rng_state(state["torch_rng"])
        if "cuda_rng" in state and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state["cuda_rng"])
        return path

    # ------------------------------------------------------------------ loop

    def total_steps(self, batches_per_epoch):
        accum = self.config["gradient_accumulation_steps"]
        per_epoch = max(1, batches_per_epoch // accum)
        planned = per_epoch * self.config["num_epochs"]
        if self.config.get("max_steps"):
            return self.config["max_steps"]
        return planned

    def _sync(self):
        if str(self.device).startswith("cuda"):
            torch.cuda.synchronize()

    def train(self, batches):
        """Trains over ``batches`` (a list of micro-batches) for the configured epochs/steps."""
        cfg = self.config
        accum = cfg["gradient_accumulation_steps"]
        if len(batches) < accum:
            raise ValueError(
                "only %d micro-batches for gradient_accumulation_steps=%d: use more data or less accumulation"
                % (len(batches), accum)
            )
        total = self.total_steps(len(batches))
        warmup = int(cfg.get("warmup_ratio", 0.0) * total)
        max_nan = 3
        nan_streak = 0
        self.model.train()
        self._sync()
        window_start, window_tokens = self.clock(), 0
        deadline = self.clock() + cfg["max_seconds"] if cfg.get("max_seconds") else None
        while self.step < total:
            order = epoch_order(len(batches), cfg.get("seed", 0), self.epoch)
            while self.position + accum <= len(order) and self.step < total:
                lr = speed.lr_at(
                    self.step,
                    total,
                    cfg["learning_rate"],
                    warmup,
                    cfg.get("lr_scheduler", "cosine"),
                )
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
                sums, tokens = {}, 0
                for _ in range(accum):
                    batch = batches[order[self.position]]
                    self.position += 1
                    loss, stats = self.loss_fn(batch)
                    (loss / accum).backward()
                    tokens += int(stats.pop("tokens", 0))
                    sums["loss"] = sums.get("loss", 0.0) + loss.detach()
                    for key, value in stats.items():
                        sums[key] = sums.get(key, 0.0) + (
                            value.detach() if torch.is_tensor(value) else value
                        )
                params = [p for p in self.model.parameters() if p.grad is not None]
                grad_norm = torch.nn.utils.clip_grad_norm_(
                    params, cfg.get("max_grad_norm") or float("inf")
                )
                self.optimizer.step()
                self.optimizer.zero_grad(set_to_none=True)
                self.step += 1
                window_tokens += tokens
                self.total_tokens += tokens
                if self.step % cfg.get("log_every", 1) == 0 or self.step == total:
                    values = {k: float(v) / accum for k, v in sums.items()}
                    values["grad_norm"] = float(grad_norm)
                    values["lr"] = lr
                    self._sync()
                    now = self.clock()
                    elapsed = max(now - window_start, 1e-9)
                    self.train_seconds += elapsed
                    values["tokens_per_s"] = window_tokens / elapsed
                    if self.flops_per_token:
                        values["mfu"] = speed_mfu(values["tokens_per_s"], self.flops_per_token, cfg)
                    values["epoch"] = self.epoch + self.position / max(1, len(order))
                    self.logger.metrics(values, step=self.step)
                    self.history.append(dict(values, step=self.step))
                    nan_streak = nan_streak + 1 if not math.isfinite(values["loss"]) else 0
                    if nan_streak >= max_nan:
                        raise Divergence(
                            "loss is NaN/Inf for %d logged steps at step %d"
                            % (nan_streak, self.step)
                        )
                    window_start, window_tokens = self.clock(), 0
                if (
                    cfg.get("save_every")
                    and self.step % cfg["save_every"] == 0
                    and self.step < total
                ):
                    self.save_checkpoint()
                    window_start = self.clock()
                if deadline is not None and self.clock() >= deadline:
                    self.stopped_early = "max_seconds"
                    return self.history
            if self.step < total:
                self.epoch += 1
                self.position = 0
        return self.history


def summarize(history, tail_keys=(), tail=10):
    """Result metrics from per-step history: means of ``tail_keys`` over the last ``tail`` logged
    steps (named with '_' for '/'), and tokens_per_s / mfu averaged without the first step, which
    includes compilation."""
    out = {}
    if not history:
        return out
    last = history[-min(tail, len(history)) :]
    for key in tail_keys:
        values = [h[key] for h in last if key in h]
        if values:
            out[key.replace("/", "_")] = sum(values) / len(values)
    steady = history[1:] or history
    for key in ("tokens_per_s", "mfu"):
        values = [h[key] for h in steady if key in h]
        if values:
            out[key] = sum(values) / len(values)
    return out


def speed_mfu(tokens_per_s, flops_per_token, cfg):
    return tokens_per_s * flops_per_token / (cfg.get("gpu_peak_tflops", 989.0) * 1e12)
