#!/usr/bin/env python3
"""Tabular classification and regression with scikit-learn.

Config (JSON): train (CSV path), target, id (optional id column, never a feature), task (classification |
regression | auto), metric (accuracy | f1 | roc_auc | rmse | rmsle | mae), positive (label scored by binary
f1/roc_auc), model (linear | rf | extratrees | hgb | svm | knn | ensemble), params (hyperparameters for the model;
for ensemble: {"members": [...], "<member>": {...}}), validation ({"scheme": "kfold" | "holdout", "folds": 5,
"fraction": 0.2, "seed": 0}), test (optional CSV path → predictions.csv with the id and the target, or the positive
class probability for roc_auc), text_columns / categorical_columns / drop (optional overrides), seed.

Reports val_<metric> (mean over folds), val_<metric>_std, per-fold values (split "val", step = fold) and
train_<metric> (for the overfitting gap); writes predictions.csv, oof.csv, model.pkl, metrics.jsonl, result.json.
"""

import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
from mlintern_recipe import RecipeError, load_csv, main  # noqa: E402

CLASSIFICATION_METRICS = {"accuracy", "f1", "roc_auc"}
REGRESSION_METRICS = {"rmse", "rmsle", "mae"}
MODELS = {"linear", "rf", "extratrees", "hgb", "svm", "knn", "ensemble"}


def column_kinds(frame, config):
    """Splits feature columns into numeric, categorical and free-text ones."""
    text = list(config.get("text_columns") or [])
    categorical = list(config.get("categorical_columns") or [])
    numeric = []
    for column in frame.columns:
        if column in text or column in categorical:
            continue
        series = frame[column]
        if series.dtype.kind in "biuf":
            numeric.append(column)
            continue
        values = series.dropna().astype(str)
        mean_words = values.str.split().str.len().mean() if len(values) else 0
        if (
            config.get("text_columns") is None
            and mean_words >= 5
            and values.nunique() > 0.3 * max(1, len(values))
        ):
            text.append(column)
        else:
            categorical.append(column)
    return numeric, categorical, text


def as_text(x):
    return x.astype(str)


def fill_text(x):
    return x.fillna("").astype(str)


def preprocessor(numeric, categorical, text, model, seed):
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    dense = model in ("hgb", "knn")
    parts = []
    if numeric:
        parts.append(
            (
                "num",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True), StandardScaler()
                ),
                numeric,
            )
        )
    if categorical:
        to_str = FunctionTransformer(as_text, feature_names_out="one-to-one")
        parts.append(
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="__missing__"),
                    to_str,
                    OneHotEncoder(
                        handle_unknown="ignore", min_frequency=3, sparse_output=not dense
                    ),
                ),
                categorical,
            )
        )
    for column in text:
        steps = [
            FunctionTransformer(fill_text, feature_names_out="one-to-one"),
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200000),
        ]
        if dense:
            steps.append(TruncatedSVD(n_components=200, random_state=seed))
        parts.append(("text_" + str(column), make_pipeline(*steps), column))
    return ColumnTransformer(parts, sparse_threshold=0.0 if dense else 0.3)


def estimator(name, classification, params, seed, text):
    from sklearn import ensemble, linear_model, neighbors, svm

    p = dict(params or {})
    n_jobs = p.pop("n_jobs", 2)
    try:
        if name == "linear":
            if classification:
                return linear_model.LogisticRegression(
                    **{"C": 10.0 if text else 1.0, "max_iter": 3000, **p}
                )
            if "alpha" in p:
                return linear_model.Ridge(**p)
            return linear_model.RidgeCV(**{"alphas": np.logspace(-3, 3, 13), **p})
        if name == "rf":
            cls = (
                ensemble.RandomForestClassifier
                if classification
                else ensemble.RandomForestRegressor
            )
            return cls(
                **{
                    "n_estimators": 500 if classification else 300,
                    "random_state": seed,
                    "n_jobs": n_jobs,
                    **p,
                }
            )
        if name == "extratrees":
            cls = ensemble.ExtraTreesClassifier if classification else ensemble.ExtraTreesRegressor
            return cls(**{"n_estimators": 500, "random_state": seed, "n_jobs": n_jobs, **p})
        if name == "hgb":
            cls = (
                ensemble.HistGradientBoostingClassifier
                if classification
                else ensemble.HistGradientBoostingRegressor
            )
            return cls(**{"random_state": seed, **p})
        if name == "svm":
            if classification:
                return svm.SVC(**{"C": 10.0, "random_state": seed, **p})
            return svm.SVR(**{"C": 10.0, **p})
        if name == "knn":
            cls = (
                neighbors.KNeighborsClassifier if classification else neighbors.KNeighborsRegressor
            )
            return cls(**{"n_neighbors": 10, "weights": "distance", **p})
    except TypeError as e:
        raise RecipeError("bad_config", "bad hyperparameter for %s: %s" % (name, e))
    raise RecipeError(
        "bad_config", "unknown model '%s'; models are: %s" % (name, ", ".join(sorted(MODELS)))
    )


class Model:
    """Preprocessing + estimator (or a soft-voting ensemble of several) with one scoring interface."""

    def __init__(self, config, kinds, classification, seed):
        self.name = config.get("model", "hgb")
        self.params = config.get("params") or {}
        self.kinds = kinds
        self.classification = classification
        self.seed = seed
        members = self.params.get("members") if self.name == "ensemble" else None
        if self.name == "ensemble" and not members:
            members = ["linear", "hgb", "rf"]
        self.members = members or [self.name]

    def _pipeline(self, member):
        from sklearn.pipeline import make_pipeline

        params = self.params.get(member, {}) if self.name == "ensemble" else self.params
        numeric, categorical, text = self.kinds
        return make_pipeline(
            preprocessor(numeric, categorical, text, member, self.seed),
            estimator(member, self.classification, params, self.seed, bool(text)),
        )

    def fit(self, x, y):
        from sklearn.utils._param_validation import InvalidParameterError

        self.fitted = []
        for member in self.members:
            pipeline = self._pipeline(member)
            try:
                pipeline.fit(x, y)
            except (InvalidParameterError, ValueError) as e:
                if isinstance(e, InvalidParameterError) or "parameter" in str(e).lower():
                    raise RecipeError("bad_hyperparameter", "%s: %s" % (member, e))
                raise
            self.fitted.append(pipeline)
        if self.classification:
            self.classes_ = self.fitted[0].classes_
        return self

    def scores(self, x):
        """Class probabilities (classification) or predictions (regression), averaged over members."""
        outputs = []
        for pipeline in self.fitted:
            if not self.classification:
                outputs.append(pipeline.predict(x))
            elif hasattr(pipeline, "predict_proba") and hasattr(pipeline[-1], "predict_proba"):
                outputs.append(pipeline.predict_proba(x))
            else:
                d = pipeline.decision_function(x)
                if d.ndim == 1:
                    p = 1 / (1 + np.exp(-d))
                    outputs.append(np.column_stack([1 - p, p]))
                else:
                    e = np.exp(d - d.max(axis=1, keepdims=True))
                    outputs.append(e / e.sum(axis=1, keepdims=True))
        return np.mean(outputs, axis=0)

    def predict(self, scores):
        return self.classes_[np.argmax(scores, axis=1)] if self.classification else scores


def score(metric, y_true, scores, classes, positive):
    from sklearn import metrics

    if metric in REGRESSION_METRICS:
        if metric == "rmse":
            return float(np.sqrt(metrics.mean_squared_error(y_true, scores)))
        if metric == "mae":
            return float(metrics.mean_absolute_error(y_true, scores))
        return float(
            np.sqrt(
                metrics.mean_squared_log_error(np.clip(y_true, 0, None), np.clip(scores, 0, None))
            )
        )
    predicted = classes[np.argmax(scores, axis=1)]
    if metric == "accuracy":
        return float(metrics.accuracy_score(y_true, predicted))
    if len(classes) == 2:
        pos_index = list(classes).index(positive)
        if metric == "f1":
            return float(metrics.f1_score(y_true, predicted, pos_label=positive))
        return float(metrics.roc_auc_score(np.asarray(y_true) == positive, scores[:, pos_index]))
    if metric == "f1":
        return float(metrics.f1_score(y_true, predicted, average="macro"))
    return float(metrics.roc_auc_score(y_true, scores, multi_class="ovr", labels=classes))


def splits(config, x, y, classification, seed):
    from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

    validation = config.get("validation") or {}
    scheme = validation.get("scheme", "kfold")
    vseed = int(validation.get("seed", seed))
    indices = np.arange(len(x))
    if scheme == "holdout":
        fraction = float(validation.get("fraction", 0.2))
        if not 0 < fraction < 1:
            raise RecipeError(
                "bad_config", "validation.fraction must be between 0 and 1, got %s" % fraction
            )
        stratify = y if classification and y.value_counts().min() >= 2 else None
        train_idx, val_idx = train_test_split(
            indices, test_size=fraction, random_state=vseed, stratify=stratify
        )
        return [(train_idx, val_idx)]
    if scheme != "kfold":
        raise RecipeError(
            "bad_config", "validation.scheme must be kfold or holdout, got '%s'" % scheme
        )
    folds = int(validation.get("folds", 5))
    if folds < 2:
        raise RecipeError("bad_config", "validation.folds must be at least 2, got %d" % folds)
    if classification and y.value_counts().min() >= folds:
        return list(StratifiedKFold(folds, shuffle=True, random_state=vseed).split(x, y))
    return list(KFold(folds, shuffle=True, random_state=vseed).split(x))


def train(run):
    import pandas as pd

    config = run.config
    seed = int(config.get("seed", 0))
    frame = load_csv(config.get("train"), "train")
    target = config.get("target")
    if not target:
        raise RecipeError("bad_config", "config needs 'target' (the column to predict)")
    if target not in frame.columns:
        raise RecipeError(
            "missing_column",
            "train has no column '%s'; columns are: %s"
            % (target, ", ".join(map(str, frame.columns))),
        )
    id_column = config.get("id")
    if id_column and id_column not in frame.columns:
        raise RecipeError(
            "missing_column",
            "train has no id column '%s'; columns are: %s"
            % (id_column, ", ".join(map(str, frame.columns))),
        )
    frame = frame[frame[target].notna()].reset_index(drop=True)
    if len(frame) == 0:
        raise RecipeError("empty_data", "no rows with a value in target column '%s'" % target)
    metric = config.get("metric")
    task = config.get("task", "auto")
    if task == "auto":
        task = (
            "regression"
            if metric in REGRESSION_METRICS or (metric is None and frame[target].dtype.kind == "f")
            else "classification"
        )
    if task in ("text-classification",):
        task = "classification"
    if task not in ("classification", "regression"):
        raise RecipeError(
            "bad_config", "task must be classification, regression or auto, got '%s'" % task
        )
    classification = task == "classification"
    metric = metric or ("accuracy" if classification else "rmse")
    if metric not in (CLASSIFICATION_METRICS if classification else REGRESSION_METRICS):
        raise RecipeError("bad_config", "metric '%s' does not fit a %s task" % (metric, task))
    y = frame[target]
    if classification:
        y = y.astype(str)
        if y.nunique() < 2:
            raise RecipeError(
                "one_class",
                "target '%s' has only one class (%s); a classifier needs at least two"
                % (target, y.iloc[0]),
            )
    else:
        converted = pd.to_numeric(y, errors="coerce")
        if converted.isna().any():
            bad = y[converted.isna()].astype(str).unique()[:3]
            raise RecipeError(
                "bad_target",
                "regression target '%s' is not numeric (values like %s); use task="
                "classification or clean the column" % (target, ", ".join(bad)),
            )
        y = converted.astype(float)
    drop = [target] + ([id_column] if id_column else []) + list(config.get("drop") or [])
    x = frame.drop(columns=[c for c in drop if c in frame.columns])
    if x.shape[1] == 0:
        raise RecipeError("missing_column", "no feature columns left after dropping %s" % drop)
    kinds = column_kinds(x, config)
    classes = np.array(sorted(y.unique())) if classification else None
    positive = None
    if classification and len(classes) == 2:
        positive = str(config.get("positive", classes[1]))
        if positive not in classes:
            raise RecipeError(
                "bad_config",
                "positive label '%s' is not a class; classes are: %s"
                % (positive, ", ".join(classes)),
            )
    run.metric("rows", len(frame), split="train")
    oof = np.zeros((len(x), len(classes))) if classification else np.zeros(len(x))
    val_scores, train_scores = [], []
    for fold, (tr, va) in enumerate(splits(config, x, y, classification, seed)):
        model = Model(config, kinds, classification, seed).fit(x.iloc[tr], y.iloc[tr])
        if classification and len(model.classes_) != len(classes):
            raise RecipeError("one_class", "a training fold lacks some classes; use fewer folds")
        s_va = model.scores(x.iloc[va])
        oof[va] = s_va
        val = score(metric, y.iloc[va], s_va, classes, positive)
        tr_score = score(metric, y.iloc[tr], model.scores(x.iloc[tr]), classes, positive)
        val_scores.append(val)
        train_scores.append(tr_score)
        run.metric("val_" + metric, val, step=fold, split="val", final=False)
        run.metric("train_" + metric, tr_score, step=fold, split="train", final=False)
    run.metric("val_" + metric, float(np.mean(val_scores)), split="val")
    run.metric("val_" + metric + "_std", float(np.std(val_scores)), split="val")
    run.metric("train_" + metric, float(np.mean(train_scores)), split="train")
    for fold, value in enumerate(val_scores):
        run.metrics["fold_%d_%s" % (fold, metric)] = value
    oof_frame = pd.DataFrame(
        {id_column or "row": frame[id_column] if id_column else np.arange(len(frame))}
    )
    if classification:
        for i, c in enumerate(classes):
            oof_frame["p_" + str(c)] = oof[:, i]
    else:
        oof_frame["prediction"] = oof
    oof_frame.to_csv(run.path("oof.csv"), index=False)
    run.artifact("oof", "oof.csv")

    final = Model(config, kinds, classification, seed).fit(x, y)
    with open(run.path("model.pkl"), "wb") as f:
        pickle.dump(final, f)
    run.artifact("model", "model.pkl")
    if config.get("test"):
        test = load_csv(config.get("test"), "test")
        missing = [c for c in x.columns if c not in test.columns]
        if missing:
            raise RecipeError(
                "missing_column", "test lacks feature columns: %s" % ", ".join(map(str, missing))
            )
        scores = final.scores(test[x.columns])
        out = pd.DataFrame(
            {id_column: test[id_column]} if id_column and id_column in test.columns else {}
        )
        if classification and metric == "roc_auc" and len(classes) == 2:
            out[target] = scores[:, list(classes).index(positive)]
        else:
            out[target] = final.predict(scores)
        out.to_csv(run.path("predictions.csv"), index=False)
        run.artifact("predictions", "predictions.csv")


if __name__ == "__main__":
    # model.pkl refers to this file as module "tabular" (not "__main__"), so `import tabular; pickle.load(...)` reads it
    sys.modules["tabular"] = sys.modules[__name__]
    for _type in (Model, as_text, fill_text):
        _type.__module__ = "tabular"
    sys.exit(main(__doc__.splitlines()[0], train, {"model": "hgb", "seed": 0}))


# What a remote job installs before running this recipe (PEP 723 inline metadata; read by mlintern
# and by `uv run`; see docs/compute.md).
# /// script
# dependencies = ["numpy", "pandas", "scikit-learn"]
# ///
