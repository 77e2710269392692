"""Fast paths with fallbacks: each helper tries the fast option and says which one it used.

Debian's torch 1.13 on the CPU machines has no ``scaled_dot_product_attention``, no
``torch.compile`` and no fused AdamW; the GPU machines' torch 2.x has all three. Recipes call these
helpers and log the returned choices, so a slow run says why it was slow.
"""

import contextlib
import math

import torch


def has_sdpa():
    return hasattr(torch.nn.functional, "scaled_dot_product_attention")


def can_compile(device):
    """torch.compile exists and is worth it here (CUDA; CPU compile needs a C++ toolchain and is slow)."""
    return hasattr(torch, "compile") and str(device).startswith("cuda")


def bf16_supported(device):
    if str(device).startswith("cuda"):
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    return True  # CPU bf16 matmuls work (slowly) on torch >= 1.10


def pick_attention(requested):
    """'sdpa' falls back to 'eager' where SDPA is missing; others pass through."""
    if requested == "sdpa" and not has_sdpa():
        return "eager"
    return requested


def _copy_all(destinations, sources):
    """dst.copy_(src) for each pair, as one multi-tensor kernel where torch has it."""
    if not destinations:
        return
    if hasattr(torch, "_foreach_copy_") and destinations[0].is_cuda:
        torch._foreach_copy_(destinations, sources)
        return
    for dst, src in zip(destinations, sources):
        dst.copy_(src)


class MasterWeights:
    """AdamW over float32 master copies of low-precision (bf16) parameters.

    The model computes in bf16 with no autocast casts; each step copies the bf16 gradients into
    the fp32 masters, steps there, and writes the rounded result back. Small updates (lr 1e-5 on
    weights of 0.02 is below half a bf16 ulp) accumulate in the masters instead of vanishing.
    Costs 4 bytes per parameter more than pure bf16 and one copy each way per step.
    """

    def __init__(self, params, make_inner):
        self.params = list(params)
        self.masters = [p.detach().float().clone().requires_grad_(True) for p in self.params]
        self.inner, self.kind = make_inner(self.masters)

    @property
    def param_groups(self):
        return self.inner.param_groups

    @property
    def state(self):
        return self.inner.state

    def zero_grad(self, set_to_none=True):
        for p in self.params:
            p.grad = None  # the fp32 master gradients are kept as buffers and overwritten each step

    @torch.no_grad()
    def step(self):
        pairs = [(p, m) for p, m in zip(self.params, self.masters) if p.grad is not None]
        for p, m in zip(self.params, self.masters):
            if p.grad is None:
                m.grad = None
            elif m.grad is None:
                m.grad = torch.empty_like(m)
        _copy_all([m.grad for _, m in pairs], [p.grad for p, _ in pairs])
        self.inner.step()
        _copy_all([p for p, _ in pairs], [m for _, m in pairs])

    def state_dict(self):
        return {
            "inner": self.inner.state_dict(),
            "masters": [m.detach().cpu() for m in self.masters],
        }

    def load_state_dict(self, state):
        self.inner.load_state_dict(state["inner"])
        with torch.no_grad():
            for p, m, saved in zip(self.params, self.masters, state["masters"]):
                m.copy_(saved)
                p.copy_(saved)


def make_optimizer(
    params, lr, weight_decay=0.0, betas=(0.9, 0.95), fused=True, master_weights=False
):
    """AdamW, fused when the build supports it (CUDA tensors, torch >= 2.0), else foreach, else plain.

    Returns (optimizer, kind). Parameters with fewer than 2 dims (norms, biases) get no decay.
    With ``master_weights`` and any non-fp32 trainable parameter, the optimizer steps fp32 master
    copies (``MasterWeights``) and kind gets a "+fp32-master" suffix.
    """
    params = [p for p in params if p.requires_grad]
    if master_weights and any(p.dtype != torch.float32 for p in params):
        opt = MasterWeights(
            params, lambda masters: make_optimizer(masters, lr, weight_decay, betas, fused)
        )
        return opt, opt.kind + "+fp32-master"
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    groups = [g for g in groups if g["params"]]
    on_cuda = bool(params) and params[0].is_cuda
    if fused and on_cuda:
        try:
            return torch.optim.AdamW(groups, lr=lr, betas=betas, fused=True), "fused"
        except (TypeError, RuntimeError, ValueError):
            pass
    try:
        return torch.optim.AdamW(
            groups, lr=lr, betas=betas, foreach=on_cuda
        ), "foreach" if on_cuda else "plain"
    except TypeError:
        return torch.optim.AdamW(groups, lr=lr, betas=betas), "plain"


def optimizer_for(model, config):
    """A recipe's optimizer over ``model``: :func:`make_optimizer` with the config's learning rate,
    weight decay and its ``fused_adamw`` and ``master_weights`` switches; returns (optimizer, kind)."""
    return make_optimizer(
        model.parameters(),
        config["learning_rate"],
        config["weight_decay"],
        fused=config.get("fused_adamw", True),
        master_weights=config.get("master_weights", True),
    )


def lr_at(step, total_steps, base_lr, warmup_steps=0, kind="cosine", min_ratio=0.0):
    """Learning rate at optimizer step ``step`` (0-based): linear warmup, then cosine/linear/constant."""
    if warmup_steps and step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    if kind == "constant" or total_steps <= warmup_steps:
        return base_lr
    progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    if kind == "linear":
        factor = 1.0 - progress
    elif kind == "cosine":
        factor = 0.5 * (1.0 + math.cos(math.pi * progress))
    else:
        raise ValueError("lr_scheduler must be cosine, linear or constant")
    return base_lr * (min_ratio + (1 - min_ratio) * factor)


def autocast(device, precision):
    """bf16/fp16 autocast for 'amp' (fp32 master weights); a no-op context otherwise."""
    if precision != "amp":
        return contextlib.nullcontext()
    device_type = "cuda" if str(device).startswith("cuda") else "cpu"
    dtype = torch.bfloat16 if device_type == "cpu" or bf16_supported(device) else torch.float16
    return torch.autocast(device_type=device_type, dtype=dtype)


def param_dtype(precision, device):
    """The dtype model weights are loaded in: bf16 for 'bf16' (fp16 where bf16 is missing), else fp32."""
    if precision == "bf16":
        return torch.bfloat16 if bf16_supported(device) else torch.float16
    if precision == "fp16":
        return torch.float16
    return torch.float32


class CompileGuard:
    """Calls the compiled function; if its first call fails (compilation errors surface there),
    falls back to the eager one for good and records why."""

    def __init__(self, compiled, eager):
        self.compiled = compiled
        self.eager = eager
        self.ok_calls = 0
        self.error = None

    def __call__(self, *args, **kwargs):
        if self.error is None:
            try:
                out = self.compiled(*args, **kwargs)
                self.ok_calls += 1
                return out
            except Exception as exc:  # noqa: BLE001 - any inductor/dynamo failure
                if self.ok_calls:
                    raise
                self.error = "%s: %s" % (type(exc).__name__, str(exc)[:300])
                import sys

                print("torch.compile failed, running eagerly: %s" % self.error, file=sys.stderr)
        return self.eager(*args, **kwargs)


def maybe_compile(module_or_fn, device, enabled=True, mode=None, dynamic=None, force=False):
    """torch.compile when enabled and available; returns (callable, used).

    The callable is a ``CompileGuard``: a failure on the first call falls back to eager.
    ``force`` compiles on CPU too (slow to warm up; used by the CPU dry run to exercise the path).
    """
    if not enabled or not hasattr(torch, "compile") or not (force or can_compile(device)):
        return module_or_fn, False
    kwargs = {}
    if mode:
        kwargs["mode"] = mode
    if dynamic is not None:
        kwargs["dynamic"] = dynamic
    try:
        return CompileGuard(torch.compile(module_or_fn, **kwargs), module_or_fn), True
    except Exception:  # noqa: BLE001 - an old or broken inductor must not stop training
        return module_or_fn, False


class LayerCompileGuard:
    """Runs a module whose repeated blocks were compiled in place (regional compilation); if the
    first call fails, removes the compiled versions and runs eagerly from then on."""

    def __init__(self, module, layers):
        self.module = module
        self.layers = layers
        self.ok_calls = 0
        self.error = None

    def __call__(self, *args, **kwargs):
        if self.error is None:
            try:
                out = self.module(*args, **kwargs)
                self.ok_calls += 1
                return out
            except Exception as exc:  # noqa: BLE001
                if self.ok_calls:
                    raise
                self.error = "%s: %s" % (type(exc).__name__, str(exc)[:300])
                for layer in self.layers:
                    layer._compiled_call_impl = None
                import sys

                print(
                    "torch.compile of the layers failed, running eagerly: %s" % self.error,
                    file=sys.stderr,
                )
        return self.module(*args, **kwargs)


def find_layers(module):
    """The ModuleList of repeated decoder blocks (``layers``, ``h`` or ``blocks``), or None."""
    for name in ("layers", "h", "blocks"):
        found = getattr(module, name, None)
        if isinstance(found, torch.nn.ModuleList) and len(found):
            return found
    return None


def compile_module(module, device, enabled=True, scope="layers", mode=None, force=False):
    """Compiles ``module`` for speed; returns (callable, how) with how in off/layers/model.

    ``scope='layers'`` compiles each decoder block in place (one graph reused by all blocks, so
    warm-up takes seconds rather than minutes; parameter names and saving are unchanged);
    ``'model'`` compiles the whole module (more fusion, longer warm-up). Both fall back to eager.
    """
    if not enabled or not hasattr(torch, "compile") or not (force or can_compile(device)):
        return module, "off"
    layers = find_layers(module) if scope == "layers" else None
    if layers is not None and hasattr(torch.nn.Module, "compile"):
        kwargs = {"mode": mode} if mode else {}
        try:
            for layer in layers:
                layer.compile(**kwargs)
            return LayerCompileGuard(module, layers), "layers"
        except Exception:  # noqa: BLE001
            for layer in layers:
                layer._compiled_call_impl = None
    compiled, used = maybe_compile(module, device, True, mode=mode, force=force)
    return compiled, "model" if used else "off"


def pick_device(requested=None):
    if requested:
        return torch.device(requested)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
