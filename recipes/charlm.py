#!/usr/bin/env python3
"""Character-level language model: a small torch transformer.

Config (JSON): text (path to a UTF-8 text file; default: a built-in public-domain snippet), steps, batch_size,
block_size, d_model, n_heads, n_layers, dropout, lr, eval_every, seed, sample_chars.
Prints loss (train) and val_loss every eval_every steps; final val_loss and val_perplexity; writes model.pt and a
generated sample.txt. A non-finite loss stops the run with error kind "nan_loss".
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlintern_recipe import RecipeError, main  # noqa: E402

BUILTIN = (
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in "
    "want of a wife. However little known the feelings or views of such a man may be on his first entering "
    "a neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is "
    "considered the rightful property of some one or other of their daughters. "
) * 20


def build(vocab, config):
    import torch
    import torch.nn as nn

    d, block = int(config.get("d_model", 64)), int(config.get("block_size", 64))

    class CharTransformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, d)
            self.pos = nn.Embedding(block, d)
            layer = nn.TransformerEncoderLayer(
                d,
                int(config.get("n_heads", 4)),
                4 * d,
                float(config.get("dropout", 0.1)),
                batch_first=True,
            )
            self.blocks = nn.TransformerEncoder(layer, int(config.get("n_layers", 2)))
            self.head = nn.Linear(d, vocab)
            self.register_buffer("mask", torch.triu(torch.full((block, block), float("-inf")), 1))

        def forward(self, x):
            t = x.shape[1]
            h = self.tok(x) + self.pos(torch.arange(t))
            return self.head(self.blocks(h, mask=self.mask[:t, :t]))

    return CharTransformer()


def train(run):
    import torch

    config = run.config
    path = config.get("text")
    if path:
        if not os.path.isfile(path):
            raise RecipeError("missing_file", "text file not found: " + path)
        with open(path, encoding="utf-8", errors="replace") as f:
            corpus = f.read()
    else:
        corpus = BUILTIN
    block = int(config.get("block_size", 64))
    if len(corpus) < 4 * block:
        raise RecipeError(
            "empty_data", "the text has %d characters; need at least %d" % (len(corpus), 4 * block)
        )
    chars = sorted(set(corpus))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in corpus])
    split = int(0.9 * len(data))
    train_data, val_data = data[:split], data[split:]
    if len(val_data) <= block + 1:
        val_data = data[-(block * 2) :]
    model = build(len(chars), config)
    lr = float(config.get("lr", 3e-3))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    batch = int(config.get("batch_size", 32))

    def sample_batch(source):
        idx = torch.randint(0, len(source) - block - 1, (batch,))
        return (
            torch.stack([source[i : i + block] for i in idx]),
            torch.stack([source[i + 1 : i + block + 1] for i in idx]),
        )

    def loss_of(source):
        x, y = sample_batch(source)
        return torch.nn.functional.cross_entropy(model(x).reshape(-1, len(chars)), y.reshape(-1))

    steps, every = int(config.get("steps", 200)), int(config.get("eval_every", 50))
    val_loss = float("nan")
    for step in range(1, steps + 1):
        model.train()
        loss = loss_of(train_data)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), float(config.get("grad_clip", 1.0)))
        optimizer.step()
        if not math.isfinite(loss.item()):
            run.metric("loss", loss.item(), step=step, split="train", final=False)
            raise RecipeError(
                "nan_loss", "loss became %s at step %d; lower lr (now %s)" % (loss.item(), step, lr)
            )
        if step % every == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                val_loss = sum(loss_of(val_data).item() for _ in range(4)) / 4
            run.metric("loss", loss.item(), step=step, split="train", final=False)
            run.metric("val_loss", val_loss, step=step, split="val", final=False)
    run.metric("train_loss", loss.item(), split="train")
    run.metric("val_loss", val_loss, split="val")
    run.metric("val_perplexity", math.exp(min(val_loss, 50)), split="val")
    torch.save(
        {"state_dict": model.state_dict(), "chars": chars, "config": config}, run.path("model.pt")
    )
    run.artifact("model", "model.pt")
    model.eval()
    out = data[:block].unsqueeze(0)
    with torch.no_grad():
        for _ in range(int(config.get("sample_chars", 200))):
            probs = torch.softmax(model(out[:, -block:])[:, -1], -1)
            out = torch.cat([out, torch.multinomial(probs, 1)], 1)
    with open(run.path("sample.txt"), "w", encoding="utf-8") as f:
        f.write("".join(chars[i] for i in out[0].tolist()))
    run.artifact("sample", "sample.txt")


if __name__ == "__main__":
    sys.exit(main(__doc__.splitlines()[0], train, {"seed": 0}))


# What a remote job installs before running this recipe (PEP 723 inline metadata; read by mlintern
# and by `uv run`; see docs/compute.md).
# /// script
# dependencies = ["torch"]
# ///
