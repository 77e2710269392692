"""Diagnosis rules for post-training runs, from metrics.jsonl (and optionally the job log and the
run's config). Pure Python; the CLI is ``recipes/llm/diagnose.py``.

Each finding is ``{"kind", "severity", "message", "step", "evidence", "next": [proposal, ...]}``
where a proposal is ``{"action", "change", "needs_approval", "why"}`` and ``change`` is a partial
config to merge into the next run's config. Kinds: ``reward_collapse``, ``entropy_collapse``,
``kl_blowup``, ``loss_spike``, ``divergence``, ``oom``. Thresholds are module constants so the
README can state them.
"""

import math
import re
import statistics

COLLAPSE_STD = 0.05  # reward_std below this fraction of its early level ...
COLLAPSE_ABS = 1e-3  # ... or below this absolute value, over the last window
ENTROPY_DROP = 0.1  # entropy below 10% of its early level
KL_LIMIT = 1.0  # mean per-token KL above this ...
KL_GROWTH = 10.0  # ... or 10x its early level (and above 0.1)
SPIKE_MADS = 6.0  # a loss more than 6 MADs above the trailing median ...
SPIKE_RATIO = 1.5  # ... and 1.5x that median
WINDOW = 10
REWARD_FLOOR = 0.1  # a policy collapse needs an early reward mean of at least this ...
REWARD_FALL = 0.2  # ... that fell below this fraction of it

OOM_PATTERNS = re.compile(
    r"CUDA out of memory|OutOfMemoryError|out of memory|CUBLAS_STATUS_ALLOC_FAILED", re.I
)


def series(records, name, split="train"):
    """[(step, value)] for one metric, in step order (records without a step use their index)."""
    out = []
    for i, r in enumerate(records):
        if r.get("name") == name and r.get("split", "train") == split:
            out.append((r.get("step", i), float(r["value"])))
    out.sort(key=lambda sv: sv[0])
    return out


def _early_late(values, window=WINDOW):
    if len(values) < 4:
        return None, None
    w = max(2, min(window, len(values) // 3))
    early = statistics.median(v for _, v in values[:w])
    late_values = values[-w:]
    late = statistics.median(v for _, v in late_values)
    return early, late


def finding(kind, severity, message, step=None, evidence=None, proposals=()):
    return {
        "kind": kind,
        "severity": severity,
        "message": message,
        "step": step,
        "evidence": evidence or {},
        "next": list(proposals),
    }


def proposal(action, change, why, needs_approval=False):
    return {"action": action, "change": change, "needs_approval": needs_approval, "why": why}


def reward_collapse(records, config):
    std = [sv for sv in series(records, "reward_std") if math.isfinite(sv[1])]
    early, late = _early_late(std)
    if early is None:
        return []
    zero = series(records, "frac_zero_std_groups")
    late_zero = statistics.median(v for _, v in zero[-WINDOW:]) if zero else None
    collapsed = late <= COLLAPSE_ABS or (early > 0 and late < COLLAPSE_STD * early)
    if not collapsed and not (late_zero is not None and late_zero >= 0.9):
        return []
    broken = policy_broke(records, config, std[-1][0], early, late, late_zero)
    if broken:
        return broken
    temperature = (config or {}).get("temperature", 1.0)
    generations = (config or {}).get("num_generations", 8)
    return [
        finding(
            "reward_collapse",
            "block",
            (
                "reward variance within groups fell to %.4g (from %.4g early): every completion of a prompt "
                "scores the same, so advantages are zero and GRPO has no signal" % (late, early)
            )
            if early > COLLAPSE_ABS
            else (
                "reward variance within groups has been %.4g from the start: the reward never separates "
                "completions (task too hard or too easy for the policy, or the reward never fires)"
                % late
            ),
            std[-1][0],
            {
                "reward_std_early": early,
                "reward_std_late": late,
                "frac_zero_std_groups_late": late_zero,
            },
            [
                proposal(
                    "raise sampling temperature",
                    {"temperature": round(min(1.2, temperature + 0.2), 2)},
                    "more diverse completions give groups different rewards",
                ),
                proposal(
                    "sample more completions per prompt",
                    {"num_generations": generations * 2},
                    "larger groups are less likely to be uniform",
                ),
                proposal(
                    "filter prompts that are always or never solved",
                    {},
                    "uniform groups come from prompts that are too easy or too hard for the policy",
                ),
                proposal(
                    "check the reward function on a few completions by hand",
                    {},
                    "a reward that always returns the same value (format mismatch, parse failure) looks like collapse",
                ),
            ],
        )
    ]


def policy_broke(records, config, step, early, late, late_zero):
    """The collapse of a policy that was earning reward and lost it: every completion now scores
    zero, so the update itself broke the model (too large a step, no KL anchor), and more sampling
    will not help. [] when the reward did not fall that way."""
    reward = [v for _, v in series(records, "reward_mean") if math.isfinite(v)]
    if len(reward) < 4:
        return []
    w = max(2, min(WINDOW, len(reward) // 3))
    start, end = max(reward[:w]), statistics.median(reward[-w:])
    if start < REWARD_FLOOR or end > REWARD_FALL * start:
        return []
    lr = (config or {}).get("learning_rate", 1e-6)
    beta = (config or {}).get("beta", 0.04)
    return [
        finding(
            "reward_collapse",
            "block",
            "the reward fell from %.3g to %.3g and every completion of a prompt now scores the same: "
            "the updates broke the policy (learning rate %.3g, KL coefficient %.3g)"
            % (start, end, lr, beta),
            step,
            {
                "reward_mean_early": start,
                "reward_mean_late": end,
                "reward_std_early": early,
                "reward_std_late": late,
                "frac_zero_std_groups_late": late_zero,
            },
            [
                proposal(
                    "take smaller steps anchored to the reference",
                    {"learning_rate": lr / 10, "beta": max(0.04, beta)},
                    "a tenth of the step with a KL penalty keeps each update near the policy that "
                    "was earning reward",
                ),
                proposal(
                    "lower the learning rate",
                    {"learning_rate": lr / 10},
                    "smaller policy updates per step",
                ),
            ],
        )
    ]


def entropy_collapse(records, config):
    ent = [sv for sv in series(records, "entropy") if math.isfinite(sv[1])]
    early, late = _early_late(ent)
    if early is None or early <= 0 or late >= ENTROPY_DROP * early:
        return []
    beta = (config or {}).get("beta", 0.04)
    eps = (config or {}).get("epsilon", 0.2)
    lr = (config or {}).get("learning_rate", 1e-6)
    return [
        finding(
            "entropy_collapse",
            "warn",
            "policy entropy fell from %.3g to %.3g: the model has become near-deterministic and stops exploring"
            % (early, late),
            ent[-1][0],
            {"entropy_early": early, "entropy_late": late},
            [
                proposal(
                    "clip higher (asymmetric clip)",
                    {"epsilon_high": max(0.28, eps)},
                    "a larger upper clip lets low-probability tokens gain mass (DAPO)",
                ),
                proposal(
                    "strengthen the KL anchor",
                    {"beta": round(max(0.04, beta * 2), 4)},
                    "keeps the policy near the reference distribution",
                ),
                proposal(
                    "lower the learning rate",
                    {"learning_rate": lr / 2},
                    "slower drift of the distribution",
                ),
            ],
        )
    ]


def kl_blowup(records, config):
    kl = [sv for sv in series(records, "kl") if math.isfinite(sv[1])]
    early, late = _early_late(kl)
    if early is None:
        return []
    peak_step, peak = max(kl, key=lambda sv: sv[1])
    grew = early > 0 and late > KL_GROWTH * early and late > 0.1
    if late <= KL_LIMIT and not grew:
        return []
    beta = (config or {}).get("beta", 0.04)
    lr = (config or {}).get("learning_rate", 1e-6)
    return [
        finding(
            "kl_blowup",
            "block" if late > KL_LIMIT else "warn",
            "KL to the reference rose to %.3g (early %.3g, peak %.3g at step %s): the policy is drifting away, "
            "often reward hacking" % (late, early, peak, peak_step),
            peak_step,
            {"kl_early": early, "kl_late": late, "kl_peak": peak},
            [
                proposal(
                    "raise the KL coefficient",
                    {"beta": round(max(0.04, beta * 2.5), 4)},
                    "penalises the drift directly",
                ),
                proposal(
                    "lower the learning rate",
                    {"learning_rate": lr / 2},
                    "smaller policy updates per step",
                ),
                proposal(
                    "tighten the clip range",
                    {"epsilon": 0.1, "epsilon_high": None},
                    "bounds the per-step ratio",
                ),
            ],
        )
    ]


def loss_spikes(records, config):
    found = []
    for name in ("loss",):
        values = series(records, name)
        nonfinite = [(s, v) for s, v in values if not math.isfinite(v)]
        if nonfinite:
            lr = (config or {}).get("learning_rate", 2e-5)
            found.append(
                finding(
                    "divergence",
                    "block",
                    "loss became %s at step %s" % (nonfinite[0][1], nonfinite[0][0]),
                    nonfinite[0][0],
                    {"first_nonfinite_step": nonfinite[0][0]},
                    [
                        proposal(
                            "lower the learning rate",
                            {"learning_rate": lr / 3},
                            "the usual cause of divergence",
                        ),
                        proposal(
                            "train in bf16 with fp32 master weights",
                            {"precision": "amp"},
                            "pure bf16 weights can lose small updates and overflow",
                        ),
                        proposal(
                            "clip gradients harder",
                            {"max_grad_norm": 0.5},
                            "caps a single bad batch",
                        ),
                    ],
                )
            )
        spikes = []
        finite = [(s, v) for s, v in values if math.isfinite(v)]
        for i in range(WINDOW, len(finite)):
            window = [v for _, v in finite[i - WINDOW : i]]
            med = statistics.median(window)
            mad = statistics.median(abs(v - med) for v in window) or 1e-8
            step, value = finite[i]
            if value > med + SPIKE_MADS * mad and value > SPIKE_RATIO * med:
                spikes.append((step, value, med))
        if spikes:
            lr = (config or {}).get("learning_rate", 2e-5)
            warmup = (config or {}).get("warmup_ratio", 0.03)
            step, value, med = spikes[0]
            found.append(
                finding(
                    "loss_spike",
                    "warn",
                    "%d loss spike(s); first at step %s: %.4g against a trailing median of %.4g"
                    % (len(spikes), step, value, med),
                    step,
                    {"spikes": [{"step": s, "value": v, "median": m} for s, v, m in spikes[:10]]},
                    [
                        proposal(
                            "lower the learning rate",
                            {"learning_rate": lr / 2},
                            "spikes shrink with the step size",
                        ),
                        proposal(
                            "longer warmup",
                            {"warmup_ratio": min(0.1, max(warmup * 2, 0.05))},
                            "early spikes often come from a cold optimizer",
                        ),
                        proposal(
                            "clip gradients harder",
                            {"max_grad_norm": 0.5},
                            "caps the effect of an outlier batch",
                        ),
                        proposal(
                            "inspect the batch at the spike",
                            {},
                            "a malformed or very long example (truncated template, wrong labels) can cause it",
                        ),
                    ],
                )
            )
    return found


def oom_ladder(config):
    """The next configs to try after an out-of-memory, cheapest first:
    1. halve the micro-batch and double accumulation (same effective batch);
    2. gradient checkpointing; 3. LoRA (changes the method: needs approval);
    4. a bigger GPU (costs more: needs approval). Rungs already applied are skipped."""
    config = config or {}
    rungs = []
    micro = config.get("micro_batch_size", 1)
    accum = config.get("gradient_accumulation_steps", 1)
    if micro > 1:
        rungs.append(
            proposal(
                "smaller micro-batch, more accumulation",
                {"micro_batch_size": micro // 2, "gradient_accumulation_steps": accum * 2},
                "activations scale with the micro-batch; the effective batch stays %d"
                % (micro * accum),
            )
        )
    if not config.get("gradient_checkpointing"):
        rungs.append(
            proposal(
                "gradient checkpointing",
                {"gradient_checkpointing": True},
                "keeps only layer inputs and recomputes the rest: about 30% slower, much less activation memory",
            )
        )
    if not config.get("use_peft"):
        rungs.append(
            proposal(
                "LoRA instead of full fine-tuning",
                {"use_peft": True, "lora_r": 16, "lora_alpha": 32},
                "no gradients or optimizer states for the base weights; changes the method",
                needs_approval=True,
            )
        )
    rungs.append(
        proposal(
            "a GPU with more memory",
            {"gpu": "h200"},
            "more memory per device; costs more per hour",
            needs_approval=True,
        )
    )
    return rungs


def oom(log_text, result, config):
    hit = bool(log_text and OOM_PATTERNS.search(log_text))
    if result and (result.get("error") or {}).get("kind") == "oom":
        hit = True
    if not hit:
        return []
    return [
        finding(
            "oom",
            "block",
            "the run ran out of GPU memory",
            None,
            {
                "micro_batch_size": (config or {}).get("micro_batch_size"),
                "max_seq_len": (config or {}).get("max_seq_len"),
            },
            oom_ladder(config),
        )
    ]


RULES = (reward_collapse, entropy_collapse, kl_blowup, loss_spikes)


def diagnose(records, config=None, log_text=None, result=None):
    """All findings for one run, most severe first, with a one-line summary."""
    findings = oom(log_text, result, config)
    for rule in RULES:
        findings.extend(rule(records, config))
    order = {"block": 0, "warn": 1, "info": 2}
    findings.sort(key=lambda f: order.get(f["severity"], 3))
    names = sorted({r.get("name") for r in records if r.get("name")})
    return {
        "status": "problems"
        if any(f["severity"] == "block" for f in findings)
        else ("warnings" if findings else "healthy"),
        "findings": findings,
        "metrics_seen": names,
        "records": len(records),
    }
