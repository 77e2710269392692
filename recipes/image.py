#!/usr/bin/env python3
"""Pixel / image classification with torch: an MLP or a small CNN.

Config (JSON): train (CSV of pixel columns plus a label column) or dataset "digits" (scikit-learn's 8x8 digits,
offline), target (label column, default "label"), model (mlp | cnn), optimizer (adamw | sgd), epochs, batch_size, lr, weight_decay, dropout,
hidden, validation_fraction, seed, test (optional CSV → predictions.csv), id (optional id column).
Prints loss (split train, step = epoch), val_loss and val_accuracy per epoch; final val_accuracy and train_accuracy.
A non-finite loss stops the run with error kind "nan_loss".
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlintern_recipe import RecipeError, load_csv, main  # noqa: E402


def load(config):
    import numpy as np

    if config.get("dataset") == "digits":
        from sklearn.datasets import load_digits

        digits = load_digits()
        return digits.data.astype("float32") / 16.0, digits.target.astype(str), None, None
    frame = load_csv(config.get("train"), "train")
    target = config.get("target", "label")
    if target not in frame.columns:
        raise RecipeError(
            "missing_column",
            "train has no column '%s'; columns are: %s"
            % (target, ", ".join(map(str, frame.columns[:20]))),
        )
    id_column = config.get("id")
    features = frame.drop(columns=[c for c in (target, id_column) if c and c in frame.columns])
    non_numeric = [c for c in features.columns if features[c].dtype.kind not in "biuf"]
    if non_numeric:
        raise RecipeError(
            "bad_target" if not len(features.columns) else "schema_mismatch",
            "pixel columns must be numeric; these are not: %s" % ", ".join(non_numeric[:5]),
        )
    x = features.to_numpy(dtype="float32")
    scale = float(np.nanmax(np.abs(x))) or 1.0
    return (
        np.nan_to_num(x / scale),
        frame[target].astype(str).to_numpy(),
        scale,
        list(features.columns),
    )


def build(config, n_features, n_classes):
    import torch.nn as nn

    hidden = int(config.get("hidden", 128))
    dropout = float(config.get("dropout", 0.1))
    if config.get("model", "mlp") == "cnn":
        side = int(round(math.sqrt(n_features)))
        if side * side != n_features:
            raise RecipeError(
                "bad_config", "cnn needs square images; %d pixels is not a square" % n_features
            )
        return nn.Sequential(
            nn.Unflatten(1, (1, side, side)),
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(4),
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(32 * 16, hidden),
            nn.ReLU(),
            nn.Linear(hidden, n_classes),
        )
    return nn.Sequential(
        nn.Linear(n_features, hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, n_classes),
    )


def train(run):
    import numpy as np
    import torch

    config = run.config
    x, labels, scale, columns = load(config)
    classes = np.array(sorted(set(labels)))
    if len(classes) < 2:
        raise RecipeError("one_class", "the label has only one class (%s)" % classes[0])
    y = np.searchsorted(classes, labels)
    rng = np.random.default_rng(int(config.get("seed", 0)))
    order = rng.permutation(len(x))
    n_val = max(1, int(len(x) * float(config.get("validation_fraction", 0.2))))
    val_idx, tr_idx = order[:n_val], order[n_val:]
    xt, yt = torch.tensor(x[tr_idx]), torch.tensor(y[tr_idx])
    xv, yv = torch.tensor(x[val_idx]), torch.tensor(y[val_idx])
    model = build(config, x.shape[1], len(classes))
    lr = float(config.get("lr", 1e-3))
    if lr <= 0:
        raise RecipeError("bad_hyperparameter", "lr must be positive, got %s" % lr)
    if config.get("optimizer", "adamw") == "sgd":
        optimizer = torch.optim.SGD(
            model.parameters(),
            lr=lr,
            momentum=0.9,
            weight_decay=float(config.get("weight_decay", 0.0)),
        )
    else:
        optimizer = torch.optim.AdamW(
            model.parameters(), lr=lr, weight_decay=float(config.get("weight_decay", 0.0))
        )
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = int(config.get("batch_size", 64))
    for epoch in range(int(config.get("epochs", 10))):
        model.train()
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(xt), batch):
            idx = perm[i : i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            if config.get("grad_clip"):
                torch.nn.utils.clip_grad_norm_(model.parameters(), float(config["grad_clip"]))
            optimizer.step()
            total += loss.item() * len(idx)
        train_loss = total / len(xt)
        run.metric("loss", train_loss, step=epoch, split="train", final=False)
        if not math.isfinite(train_loss):
            raise RecipeError(
                "nan_loss",
                "loss became %s at epoch %d; lower lr (now %s) or clip gradients"
                % (train_loss, epoch, lr),
            )
        model.eval()
        with torch.no_grad():
            logits = model(xv)
            val_loss = loss_fn(logits, yv).item()
            val_acc = (logits.argmax(1) == yv).float().mean().item()
        run.metric("val_loss", val_loss, step=epoch, split="val", final=False)
        run.metric("val_accuracy", val_acc, step=epoch, split="val", final=False)
    with torch.no_grad():
        train_acc = (model(xt).argmax(1) == yt).float().mean().item()
    run.metric("val_accuracy", val_acc, split="val")
    run.metric("val_loss", val_loss, split="val")
    run.metric("train_accuracy", train_acc, split="train")
    torch.save(
        {"state_dict": model.state_dict(), "classes": list(classes), "scale": scale},
        run.path("model.pt"),
    )
    run.artifact("model", "model.pt")
    if config.get("test") and columns:
        import pandas as pd

        test = load_csv(config["test"], "test")
        with torch.no_grad():
            pred = (
                model(torch.tensor(np.nan_to_num(test[columns].to_numpy(dtype="float32") / scale)))
                .argmax(1)
                .numpy()
            )
        out = pd.DataFrame(
            {config["id"]: test[config["id"]]} if config.get("id") in test.columns else {}
        )
        out[config.get("target", "label")] = classes[pred]
        out.to_csv(run.path("predictions.csv"), index=False)
        run.artifact("predictions", "predictions.csv")


if __name__ == "__main__":
    sys.exit(main(__doc__.splitlines()[0], train, {"model": "mlp", "seed": 0}))


# What a remote job installs before running this recipe (PEP 723 inline metadata; read by mlintern
# and by `uv run`; see docs/compute.md).
# /// script
# dependencies = ["numpy", "pandas", "scikit-learn", "torch"]
# ///
