#!/usr/bin/env python3
"""One autopilot trial on a tabular or text task: cross-validation folds, a holdout check, or the final fit.

The config (JSON, path in MLINTERN_CONFIG or argv[1]) names the data, the model and the mode:
  mode "cv":      fit on the folds' training parts of the search rows, score the given folds
  mode "holdout": fit on all search rows, score the validation rows the search never saw (one fit per seed)
  mode "final":   fit on every training row (one fit per seed), average, write predictions for the test file
The validation rows are a seeded, stratified cut of the training file, the same in every mode.
Prints MLINTERN_METRIC lines and ends with MLINTERN_RESULT, the same object it writes to result.json.
"""

import json
import math
import os
import sys
import time
import traceback

import numpy as np
import pandas as pd

POINTS = []


def emit(name, value, step=None, split=None):
    if (
        step is not None
        and split in ("train", "valid")
        and not name.startswith("train_")
        and math.isfinite(value)
    ):
        POINTS.append([split, step, value])
    point = {"name": name, "value": value if math.isfinite(value) else str(value)}
    if step is not None:
        point["step"] = step
    if split is not None:
        point["split"] = split
    print("MLINTERN_METRIC " + json.dumps(point), flush=True)


def finish(cfg, result):
    """Writes result.json (with the learning-curve points) where the config says, and the MLINTERN_RESULT line."""
    out = cfg.get("output") or os.environ.get("MLINTERN_OUTPUT") or "."
    os.makedirs(out, exist_ok=True)
    result["curve"] = POINTS
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("MLINTERN_RESULT " + json.dumps(result), flush=True)


class Task:
    def __init__(self, cfg):
        self.cfg = cfg
        self.kind = cfg["type"]
        self.metric = cfg["metric"]
        self.target = cfg["target"]
        self.id = cfg.get("id")
        self.positive = cfg.get("positive")
        df = pd.read_csv(cfg["train"])
        drop = [c for c in cfg.get("drop", []) if c in df.columns]
        df = df.drop(columns=drop)
        if cfg.get("dedup"):
            keys = [c for c in df.columns if c != self.id]
            df = df.drop_duplicates(subset=keys).reset_index(drop=True)
        self.drop = drop
        self.frame = df
        self.features = [c for c in df.columns if c not in (self.id, self.target)]
        self.classification = self.kind != "regression"
        y = df[self.target]
        self.y = y.astype(str).values if self.classification else y.astype(float).values
        self.X = df[self.features]
        from sklearn.model_selection import train_test_split

        idx = np.arange(len(df))
        frac = cfg.get("holdout", {}).get("fraction", 0.2)
        seed = cfg.get("holdout", {}).get("seed", 0)
        strat = (
            self.y if self.classification and min(pd.Series(self.y).value_counts()) >= 2 else None
        )
        self.search_idx, self.valid_idx = train_test_split(
            idx, test_size=frac, random_state=seed, stratify=strat
        )

    def columns(self, frame):
        numeric, categorical, text = [], [], []
        for c in self.features:
            col = frame[c]
            if pd.api.types.is_numeric_dtype(col):
                numeric.append(c)
            elif self.kind == "text-classification" and col.astype(str).str.len().mean() > 30:
                text.append(c)
            else:
                categorical.append(c)
        return numeric, categorical, text


def preprocessor(task, frame, params, dense):
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric, categorical, text = task.columns(frame)
    parts = []
    if numeric:
        steps = [("impute", SimpleImputer(strategy="median"))]
        if params.get("scale", True):
            steps.append(("scale", StandardScaler()))
        parts.append(("num", Pipeline(steps), numeric))
    if categorical:
        onehot = OneHotEncoder(
            handle_unknown="infrequent_if_exist", min_frequency=3, sparse_output=not dense
        )
        parts.append(
            (
                "cat",
                Pipeline(
                    [
                        ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
                        ("onehot", onehot),
                    ]
                ),
                categorical,
            )
        )
    for c in text:
        word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        if params.get("text") == "word+char":
            char = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                min_df=3,
                sublinear_tf=True,
                max_features=200000,
            )
            vec = FeatureUnion([("word", word), ("char", char)])
        else:
            vec = word
        parts.append(("text_" + c, Pipeline([("fill", FillText()), ("tfidf", vec)]), c))
    return ColumnTransformer(parts, sparse_threshold=0 if dense else 0.3)


class FillText:
    def fit(self, x, y=None):
        return self

    def transform(self, x):
        return pd.Series(x).fillna("").astype(str).values

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


def estimator(task, family, p, seed):
    from sklearn import dummy, ensemble, linear_model, naive_bayes, neighbors, svm

    clf = task.classification
    if family == "dummy":
        return dummy.DummyClassifier(strategy="prior") if clf else dummy.DummyRegressor()
    if family == "linear":
        if clf:
            return linear_model.LogisticRegression(C=p.get("C", 1.0), max_iter=3000)
        return linear_model.Ridge(alpha=p.get("alpha", 1.0))
    if family in ("rf", "et"):
        cls = {
            ("rf", True): ensemble.RandomForestClassifier,
            ("rf", False): ensemble.RandomForestRegressor,
            ("et", True): ensemble.ExtraTreesClassifier,
            ("et", False): ensemble.ExtraTreesRegressor,
        }[(family, clf)]
        return cls(
            n_estimators=p.get("n_estimators", 300),
            max_features=p.get("max_features", "sqrt" if clf else 1.0),
            min_samples_leaf=p.get("min_samples_leaf", 1),
            random_state=seed,
            n_jobs=1,
        )
    if family == "hgb":
        cls = (
            ensemble.HistGradientBoostingClassifier
            if clf
            else ensemble.HistGradientBoostingRegressor
        )
        return cls(
            learning_rate=p.get("learning_rate", 0.1),
            max_iter=p.get("max_iter", 100),
            max_leaf_nodes=p.get("max_leaf_nodes", 31),
            min_samples_leaf=p.get("min_samples_leaf", 20),
            l2_regularization=p.get("l2", 0.0),
            early_stopping=False,
            random_state=seed,
        )
    if family == "svm":
        if clf:
            return svm.SVC(C=p.get("C", 1.0), gamma=p.get("gamma", "scale"), random_state=seed)
        return svm.SVR(
            C=p.get("C", 1.0), epsilon=p.get("epsilon", 0.1), gamma=p.get("gamma", "scale")
        )
    if family == "knn":
        cls = neighbors.KNeighborsClassifier if clf else neighbors.KNeighborsRegressor
        return cls(n_neighbors=p.get("k", 15), weights="distance")
    if family == "linsvm":
        return svm.LinearSVC(C=p.get("C", 0.5), max_iter=5000, random_state=seed)
    if family == "nb":
        return naive_bayes.ComplementNB(alpha=p.get("alpha", 0.5))
    raise ValueError("unknown model family '%s'" % family)


class Fitted:
    """A fitted member: its pipeline and how to turn it into class scores or numbers."""

    def __init__(self, task, spec, seed, X, y):
        from sklearn.pipeline import Pipeline

        family, params = spec["family"], spec.get("params", {})
        dense = family in ("hgb",)
        self.task = task
        self.pipe = Pipeline(
            [
                ("prep", preprocessor(task, X, params, dense)),
                ("model", estimator(task, family, params, seed)),
            ]
        )
        self.pipe.fit(X, y)
        self.classes = list(self.pipe.classes_) if task.classification else None

    def scores(self, X):
        """Class-score matrix (rows sum to 1) for classifiers, predictions for regressors."""
        if not self.task.classification:
            return self.pipe.predict(X)
        if hasattr(self.pipe, "predict_proba") and hasattr(
            self.pipe.named_steps["model"], "predict_proba"
        ):
            return self.pipe.predict_proba(X)
        d = self.pipe.decision_function(X)
        if d.ndim == 1:
            p = 1.0 / (1.0 + np.exp(-d))
            return np.column_stack([1 - p, p])
        e = np.exp(d - d.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


class Model:
    """One model or an averaging ensemble, fitted with one seed."""

    def __init__(self, task, spec, seed, X, y):
        members = spec.get("members") if spec["family"] == "ensemble" else [spec]
        self.task = task
        self.members = [Fitted(task, m, seed, X, y) for m in members]
        self.classes = self.members[0].classes

    def scores(self, X):
        return np.mean([m.scores(X) for m in self.members], axis=0)


def score(task, classes, scores, y_true):
    from sklearn import metrics

    m = task.metric
    if not task.classification:
        pred = np.asarray(scores, dtype=float)
        if m == "rmse":
            return float(np.sqrt(metrics.mean_squared_error(y_true, pred)))
        if m == "rmsle":
            return float(
                np.sqrt(
                    metrics.mean_squared_log_error(np.clip(y_true, 0, None), np.clip(pred, 0, None))
                )
            )
        return float(metrics.mean_absolute_error(y_true, pred))
    labels = np.asarray(classes)[np.argmax(scores, axis=1)]
    if m == "accuracy":
        return float(metrics.accuracy_score(y_true, labels))
    pos = task.positive
    if m == "f1":
        return float(metrics.f1_score(y_true, labels, pos_label=pos))
    col = list(classes).index(pos)
    return float(metrics.roc_auc_score((np.asarray(y_true) == pos).astype(int), scores[:, col]))


def curve(task, model, Xtr, ytr, Xva, yva, step_name):
    """Staged scores of a boosted model: the learning curve on training and held-out rows."""
    member = model.members[0]
    est = member.pipe.named_steps["model"]
    if not hasattr(est, "staged_predict"):
        return
    prep = member.pipe.named_steps["prep"]
    sub = Xtr.iloc[: min(len(Xtr), 2000)]
    for split, X, y in (("train", sub, ytr[: len(sub)]), ("valid", Xva, yva)):
        Z = prep.transform(X)
        staged = est.staged_predict_proba(Z) if task.classification else est.staged_predict(Z)
        for i, s in enumerate(staged):
            if (i + 1) % 10 == 0:
                emit(task.metric, score(task, member.classes, s, y), step=i + 1, split=split)


def run_cv(task, cfg):
    from sklearn.model_selection import KFold, StratifiedKFold

    spec, seed = cfg["model"], cfg.get("seed", 0)
    k = cfg.get("folds", 5)
    X, y = task.X.iloc[task.search_idx], task.y[task.search_idx]
    splitter = (StratifiedKFold if task.classification else KFold)(
        n_splits=k, shuffle=True, random_state=seed
    )
    folds = list(splitter.split(X, y))
    scores, train_scores = [], []
    for f in cfg.get("use_folds", list(range(k))):
        tr, va = folds[f]
        model = Model(task, spec, seed, X.iloc[tr], y[tr])
        s = score(task, model.classes, model.scores(X.iloc[va]), y[va])
        sub = tr[: min(len(tr), 3000)]
        t = score(task, model.classes, model.scores(X.iloc[sub]), y[sub])
        emit(task.metric, s, step=f, split="cv")
        emit("train_" + task.metric, t, step=f, split="train")
        scores.append(s)
        train_scores.append(t)
        if cfg.get("curve") and len(scores) == 1:
            curve(task, model, X.iloc[tr], y[tr], X.iloc[va], y[va], "iteration")
    return {
        "score": float(np.mean(scores)),
        "std": float(np.std(scores)),
        "train_score": float(np.mean(train_scores)),
        "fold_scores": scores,
    }


def run_holdout(task, cfg):
    X, y = task.X, task.y
    s_idx, v_idx = task.search_idx, task.valid_idx
    scores = []
    for seed in cfg.get("seeds", [0]):
        model = Model(task, cfg["model"], seed, X.iloc[s_idx], y[s_idx])
        s = score(task, model.classes, model.scores(X.iloc[v_idx]), y[v_idx])
        emit(task.metric, s, step=seed, split="holdout")
        scores.append(s)
    return {"score": float(np.mean(scores)), "std": float(np.std(scores)), "seed_scores": scores}


def run_final(task, cfg):
    test = pd.read_csv(cfg["test"])
    missing = [c for c in task.features if c not in test.columns]
    if missing:
        raise ValueError("test file lacks columns " + ", ".join(missing))
    Xt = test[task.features]
    total, classes = None, None
    for seed in cfg.get("seeds", [0]):
        model = Model(task, cfg["model"], seed, task.X, task.y)
        s = model.scores(Xt)
        total = s if total is None else total + s
        classes = model.classes
    avg = total / len(cfg.get("seeds", [0]))
    if not task.classification:
        values = avg
    elif task.metric == "roc_auc":
        values = avg[:, list(classes).index(task.positive)]
    else:
        values = np.asarray(classes)[np.argmax(avg, axis=1)]
    out = pd.DataFrame({task.id: test[task.id], task.target: values})
    path = cfg["predictions"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    out.to_csv(path, index=False)
    return {"rows": int(len(out))}


def run_audit(cfg):
    """A quick audit: duplicates, conflicting labels, missing values, class balance, constant columns, overlap."""
    target, ident = cfg["target"], cfg.get("id")
    df = pd.read_csv(cfg["train"])
    features = [c for c in df.columns if c not in (target, ident)]
    dup = int(df.duplicated(subset=features + [target]).sum())
    conflicting = int(df.duplicated(subset=features, keep=False).sum()) - int(
        df.duplicated(subset=features + [target], keep=False).sum()
    )
    missing = {c: int(n) for c, n in df[features].isna().sum().items() if n > 0}
    constant = [c for c in features if df[c].nunique(dropna=False) <= 1]
    audit = {
        "rows": int(len(df)),
        "columns": len(features),
        "duplicates": dup,
        "conflicting": max(conflicting, 0),
        "missing": missing,
        "constant": constant,
    }
    if cfg["type"] != "regression":
        audit["classes"] = {str(k): int(v) for k, v in df[target].value_counts().items()}
    else:
        audit["target"] = {"mean": float(df[target].mean()), "std": float(df[target].std())}
    if cfg.get("test") and os.path.exists(cfg["test"]):
        test = pd.read_csv(cfg["test"])
        shared = [c for c in features if c in test.columns]
        audit["test_rows"] = int(len(test))
        merged = test[shared].drop_duplicates().merge(df[shared].drop_duplicates(), how="inner")
        audit["test_overlap"] = int(len(merged))
    return audit


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MLINTERN_CONFIG")
    with open(path) as f:
        cfg = json.load(f)
    start = time.time()
    try:
        mode = cfg.get("mode", "cv")
        if mode == "audit":
            finish(
                cfg,
                {
                    "status": "ok",
                    "metrics": {"audit": run_audit(cfg), "seconds": round(time.time() - start, 3)},
                    "artifacts": {},
                },
            )
            return 0
        task = Task(cfg)
        metrics = {"cv": run_cv, "holdout": run_holdout, "final": run_final}[mode](task, cfg)
        metrics["seconds"] = round(time.time() - start, 3)
        metrics["rows"] = metrics.get("rows", int(len(task.frame)))
        finish(cfg, {"status": "ok", "metrics": metrics, "artifacts": {}})
        return 0
    except MemoryError as e:
        finish(cfg, {"status": "error", "metrics": {}, "error": {"kind": "oom", "message": str(e)}})
    except Exception as e:  # reported to the agent, which decides to fix or drop the trial
        traceback.print_exc()
        finish(
            cfg,
            {
                "status": "error",
                "metrics": {},
                "error": {"kind": type(e).__name__, "message": str(e)},
            },
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
