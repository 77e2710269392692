#!/usr/bin/env python3
"""Text classification: TF-IDF + a linear model (scikit-learn), or a small bag-of-embeddings torch model.

Config (JSON): train (CSV), text (text column; several joined if a list), target, id, metric (accuracy | f1 |
roc_auc), positive, model (tfidf | torch), C (tfidf), epochs, lr, dim, max_vocab (torch), validation_fraction, seed,
test (optional CSV → predictions.csv: id and label, or positive-class probability for roc_auc).
Reports val_<metric> and train_<metric>; the torch model also prints loss per epoch.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlintern_recipe import RecipeError, load_csv, main  # noqa: E402


def texts(frame, columns):
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise RecipeError(
            "missing_column",
            "no text column %s; columns are: %s"
            % (", ".join(missing), ", ".join(map(str, frame.columns))),
        )
    return frame[columns].fillna("").astype(str).agg(" ".join, axis=1).to_numpy()


def tfidf_model(config):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=float(config.get("C", 10.0)), max_iter=3000),
    )


class TorchBag:
    """Mean of learned word embeddings → linear layer; tiny, fast on CPU."""

    def __init__(self, config, run):
        self.config, self.run = config, run

    def fit(self, docs, y):
        import collections

        import torch

        counts = collections.Counter(w for d in docs for w in d.lower().split())
        vocab = [w for w, _ in counts.most_common(int(self.config.get("max_vocab", 20000)))]
        self.index = {w: i + 1 for i, w in enumerate(vocab)}
        self.classes_ = sorted(set(y))
        target = torch.tensor([self.classes_.index(v) for v in y])
        dim = int(self.config.get("dim", 64))
        self.embed = torch.nn.EmbeddingBag(len(vocab) + 1, dim, mode="mean")
        self.head = torch.nn.Linear(dim, len(self.classes_))
        params = list(self.embed.parameters()) + list(self.head.parameters())
        optimizer = torch.optim.Adam(params, lr=float(self.config.get("lr", 0.01)))
        tokens, offsets = self._encode(docs)
        for epoch in range(int(self.config.get("epochs", 10))):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(self.head(self.embed(tokens, offsets)), target)
            loss.backward()
            optimizer.step()
            self.run.metric("loss", loss.item(), step=epoch, split="train", final=False)
            if not math.isfinite(loss.item()):
                raise RecipeError(
                    "nan_loss", "loss became %s at epoch %d; lower lr" % (loss.item(), epoch)
                )
        return self

    def _encode(self, docs):
        import torch

        ids, offsets = [], []
        for d in docs:
            offsets.append(len(ids))
            ids.extend(
                self.index.get(w, 0) for w in d.lower().split()
            ) if d.strip() else ids.append(0)
        return torch.tensor(ids), torch.tensor(offsets)

    def predict_proba(self, docs):
        import torch

        with torch.no_grad():
            return torch.softmax(self.head(self.embed(*self._encode(docs))), 1).numpy()


def score(metric, y, proba, classes, positive):
    import numpy as np
    from sklearn import metrics

    predicted = np.array(classes)[proba.argmax(1)]
    if metric == "accuracy":
        return float(metrics.accuracy_score(y, predicted))
    if metric == "f1":
        return float(
            metrics.f1_score(y, predicted, pos_label=positive)
            if len(classes) == 2
            else metrics.f1_score(y, predicted, average="macro")
        )
    if len(classes) == 2:
        return float(
            metrics.roc_auc_score(
                np.asarray(y) == positive, proba[:, list(classes).index(positive)]
            )
        )
    return float(metrics.roc_auc_score(y, proba, multi_class="ovr", labels=classes))


def train(run):
    import numpy as np
    import pandas as pd
    from sklearn.model_selection import train_test_split

    config = run.config
    frame = load_csv(config.get("train"), "train")
    target = config.get("target")
    if not target or target not in frame.columns:
        raise RecipeError(
            "missing_column",
            "train has no target column '%s'; columns are: %s"
            % (target, ", ".join(map(str, frame.columns))),
        )
    frame = frame[frame[target].notna()]
    if len(frame) == 0:
        raise RecipeError("empty_data", "no rows with a target value")
    columns = (
        config.get("text")
        or [c for c in frame.columns if frame[c].dtype == object and c != target][:1]
    )
    columns = [columns] if isinstance(columns, str) else list(columns)
    docs, y = texts(frame, columns), frame[target].astype(str).to_numpy()
    classes = sorted(set(y))
    if len(classes) < 2:
        raise RecipeError("one_class", "target '%s' has only one class (%s)" % (target, classes[0]))
    metric = config.get("metric", "accuracy")
    positive = str(config.get("positive", classes[-1]))
    seed = int(config.get("seed", 0))
    stratify = y if min(np.unique(y, return_counts=True)[1]) >= 2 else None
    tr, va = train_test_split(
        np.arange(len(y)),
        test_size=float(config.get("validation_fraction", 0.2)),
        random_state=seed,
        stratify=stratify,
    )
    make = (
        (lambda: TorchBag(config, run))
        if config.get("model", "tfidf") == "torch"
        else (lambda: tfidf_model(config))
    )
    model = make().fit(docs[tr], y[tr])
    run.metric(
        "val_" + metric,
        score(metric, y[va], model.predict_proba(docs[va]), list(model.classes_), positive),
        split="val",
    )
    run.metric(
        "train_" + metric,
        score(metric, y[tr], model.predict_proba(docs[tr]), list(model.classes_), positive),
        split="train",
    )
    final = make().fit(docs, y)
    if config.get("test"):
        test = load_csv(config["test"], "test")
        proba = final.predict_proba(texts(test, columns))
        out = pd.DataFrame(
            {config["id"]: test[config["id"]]} if config.get("id") in test.columns else {}
        )
        out[target] = (
            proba[:, list(final.classes_).index(positive)]
            if metric == "roc_auc" and len(classes) == 2
            else np.array(final.classes_)[proba.argmax(1)]
        )
        out.to_csv(run.path("predictions.csv"), index=False)
        run.artifact("predictions", "predictions.csv")
    if config.get("model", "tfidf") != "torch":
        import pickle

        with open(run.path("model.pkl"), "wb") as f:
            pickle.dump(final, f)
        run.artifact("model", "model.pkl")


if __name__ == "__main__":
    sys.exit(main(__doc__.splitlines()[0], train, {"model": "tfidf", "seed": 0}))


# What a remote job installs before running this recipe (PEP 723 inline metadata; read by mlintern
# and by `uv run`; see docs/compute.md).
# /// script
# dependencies = ["numpy", "pandas", "scikit-learn"]
# ///
