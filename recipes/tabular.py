#!/usr/bin/env python3
"""Tabular classification and regression with scikit-learn: the one trainer users, models and the autopilot run.

Config (JSON):
  train (CSV path), target, id (optional id column, never a feature), test (optional CSV path)
  task: classification | regression | text-classification | auto; metric: accuracy | f1 | roc_auc | rmse | rmsle | mae;
  positive: the label binary f1/roc_auc score (default: the second class in sorted order)
  model: dummy | linear | nb | linsvm | knn | svm | rf | extratrees | hgb | ensemble
  params: the estimator's hyperparameters (scikit-learn names), plus "pca" (components after scaling) and
    "text": "word+char"; for ensemble {"members": [{"model": "hgb", "params": {...}}, ...], "weights": [...]};
    "weights": "oof" chooses them greedily on the members' out-of-fold predictions (each member's "oof": [files
    written by its validation runs]); members that get no weight are not fitted
  validation: {"scheme": "kfold" | "holdout" | "reserve" | "none", "folds": 5, "use_folds": [0, 1], "fraction": 0.2,
    "seed": 0}; "reserve" scores the rows set aside by `reserve`
  reserve: {"fraction": 0.2, "seed": 0}: rows no fold ever sees (the autopilot's final check); absent: none
  sample: at most this many rows for validation fits (a stratified subsample; search on large data)
  refit: fit on every training row and predict the test file (default true); with refit false and validation
    "reserve" the model fitted on the other rows predicts the test file instead
  seeds: fit once per seed and average (default [seed]); n_jobs: cores per model (default 2)
  predictions: where test predictions go (default predictions.csv in the output folder); oof: where the
    out-of-fold predictions of validation go (default oof.csv in the output folder)
  fallback: a predictions file copied to `predictions` first, so an interrupted refit still leaves a submission
  curve: staged learning curve of boosted models on the first fold; dedup, drop, text_columns, categorical_columns
  mode: "train" (default) or "audit" (duplicates, conflicts, missing values, classes, column kinds, test overlap)
  Other keys are ignored, so a caller may keep its own notes in the config (the autopilot's are under "autopilot").
Fitting follows the metric: rmsle fits log1p(target), f1 weights classes by their inverse frequency.

Reports val_<metric> (mean over the scored folds), val_<metric>_std, per-fold values (split "val", step = fold),
train_<metric> (for the overfitting gap), oof_<metric> (an "oof"-weighted blend's score on the out-of-fold rows) and
seconds; writes predictions, oof.csv, model.pkl, metrics.jsonl and
result.json.
"""

import os
import pickle
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
from mlintern_recipe import RecipeError, load_csv, main  # noqa: E402

CLASSIFICATION_METRICS = {"accuracy", "f1", "roc_auc"}
REGRESSION_METRICS = {"rmse", "rmsle", "mae"}
MODELS = {"dummy", "linear", "nb", "linsvm", "knn", "svm", "rf", "extratrees", "hgb", "ensemble"}
DENSE = {"hgb", "knn"}
RECIPE_PARAMS = {"pca", "text"}


def column_kinds(frame, config):
    """Splits feature columns into numeric, categorical and free-text ones (text: several words, mostly unique)."""
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


def preprocessor(kinds, model, params, seed):
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA, TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    numeric, categorical, text = kinds
    dense = model in DENSE or bool(params.get("pca"))
    parts = []
    if numeric:
        steps = [SimpleImputer(strategy="median", add_indicator=True), StandardScaler()]
        if params.get("pca"):
            steps.append(PCA(n_components=min(int(params["pca"]), len(numeric)), random_state=seed))
        parts.append(("num", make_pipeline(*steps), numeric))
    if categorical:
        parts.append(
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="__missing__"),
                    FunctionTransformer(as_text, feature_names_out="one-to-one"),
                    OneHotEncoder(
                        handle_unknown="infrequent_if_exist",
                        min_frequency=3,
                        sparse_output=not dense,
                    ),
                ),
                categorical,
            )
        )
    for column in text:
        words = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200000
        )
        vectorizer = words
        if params.get("text") == "word+char":
            chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                min_df=3,
                sublinear_tf=True,
                max_features=200000,
            )
            vectorizer = FeatureUnion([("word", words), ("char", chars)])
        steps = [FunctionTransformer(fill_text, feature_names_out="one-to-one"), vectorizer]
        if dense:
            steps.append(TruncatedSVD(n_components=200, random_state=seed))
        parts.append(("text_" + str(column), make_pipeline(*steps), column))
    return ColumnTransformer(parts, sparse_threshold=0.0 if dense else 0.3)


def estimator(name, classification, params, seed, text, n_jobs, balanced):
    """The scikit-learn estimator for a model name, with our defaults under the caller's params."""
    from sklearn import dummy, ensemble, linear_model, naive_bayes, neighbors, svm

    p = {k: v for k, v in (params or {}).items() if k not in RECIPE_PARAMS}
    weight = {"class_weight": "balanced"} if balanced else {}
    try:
        if name == "dummy":
            return (
                dummy.DummyClassifier(strategy="prior")
                if classification
                else dummy.DummyRegressor()
            )
        if name == "linear":
            if classification:
                return linear_model.LogisticRegression(
                    **{"C": 10.0 if text else 1.0, "max_iter": 3000, **weight, **p}
                )
            if "alpha" in p:
                return linear_model.Ridge(**p)
            return linear_model.RidgeCV(**{"alphas": np.logspace(-3, 3, 13), **p})
        if name == "nb":
            return naive_bayes.ComplementNB(**{"alpha": 0.5, **p})
        if name == "linsvm":
            if classification:
                return svm.LinearSVC(
                    **{"C": 0.5, "max_iter": 5000, "random_state": seed, **weight, **p}
                )
            return svm.LinearSVR(**{"max_iter": 5000, "random_state": seed, **p})
        if name in ("rf", "extratrees"):
            family = ensemble.RandomForestClassifier, ensemble.RandomForestRegressor
            if name == "extratrees":
                family = ensemble.ExtraTreesClassifier, ensemble.ExtraTreesRegressor
            trees = 500 if classification else 300
            defaults = {"n_estimators": trees, "random_state": seed, "n_jobs": n_jobs}
            if classification:
                return family[0](**{**defaults, **weight, **p})
            return family[1](**{**defaults, **p})
        if name == "hgb":
            if classification:
                return ensemble.HistGradientBoostingClassifier(
                    **{"random_state": seed, **weight, **p}
                )
            return ensemble.HistGradientBoostingRegressor(**{"random_state": seed, **p})
        if name == "svm":
            if classification:
                return svm.SVC(**{"C": 10.0, "random_state": seed, **weight, **p})
            return svm.SVR(**{"C": 10.0, **p})
        if name == "knn":
            cls = (
                neighbors.KNeighborsClassifier if classification else neighbors.KNeighborsRegressor
            )
            return cls(**{"n_neighbors": 10, "weights": "distance", "n_jobs": n_jobs, **p})
    except TypeError as e:
        raise RecipeError("bad_hyperparameter", "bad hyperparameter for %s: %s" % (name, e))
    raise RecipeError(
        "bad_config", "unknown model '%s'; models are: %s" % (name, ", ".join(sorted(MODELS)))
    )


def members_of(name, params):
    """(model, params) pairs and their weights: one for a single model, several for an ensemble."""
    if name != "ensemble":
        return [(name, params)], [1.0]
    members = []
    for m in params.get("members") or ["linear", "hgb", "rf"]:
        if isinstance(m, str):
            members.append((m, params.get(m, {})))
        else:
            members.append((m.get("model"), m.get("params") or {}))
    if any(m[0] == "ensemble" for m in members):
        raise RecipeError("bad_config", "an ensemble cannot contain an ensemble")
    weights = [float(w) for w in params.get("weights") or [1.0] * len(members)]
    if len(weights) != len(members) or sum(weights) <= 0 or min(weights) < 0:
        raise RecipeError(
            "bad_config", "ensemble weights must be one non-negative number per member"
        )
    return members, [w / sum(weights) for w in weights]


class Model:
    """Preprocessing + estimator (or a weighted average of several), fitted with one seed, one scoring interface.

    For rmsle it fits log1p of the target (and answers on the original scale), so the loss it minimises is the
    metric's; a regression target is standardised (an SVR's epsilon is then in standard deviations); for f1 it
    weights classes by their inverse frequency."""

    def __init__(self, name, params, kinds, task, seed, n_jobs=2):
        self.name = name
        self.members, self.weights = members_of(name, params or {})
        self.kinds = kinds
        self.classification = task["classification"]
        self.log_target = task["metric"] == "rmsle"
        self.balanced = task["metric"] == "f1"
        self.seed = seed
        self.n_jobs = n_jobs

    def fit(self, x, y):
        from sklearn.pipeline import make_pipeline
        from sklearn.utils._param_validation import InvalidParameterError

        target = np.log1p(np.clip(y, 0, None)) if self.log_target else np.asarray(y)
        if not self.classification:
            # a standardised target makes an SVR's epsilon and C mean the same on every scale
            self.shift, self.spread = float(np.mean(target)), float(np.std(target)) or 1.0
            target = (target - self.shift) / self.spread
        self.fitted = []
        for member, params in self.members:
            pipeline = make_pipeline(
                preprocessor(self.kinds, member, params, self.seed),
                estimator(
                    member,
                    self.classification,
                    params,
                    self.seed,
                    bool(self.kinds[2]),
                    self.n_jobs,
                    self.balanced,
                ),
            )
            try:
                pipeline.fit(x, target)
            except (InvalidParameterError, ValueError) as e:
                if isinstance(e, InvalidParameterError) or "parameter" in str(e).lower():
                    raise RecipeError("bad_hyperparameter", "%s: %s" % (member, e))
                raise
            self.fitted.append(pipeline)
        if self.classification:
            self.classes_ = self.fitted[0].classes_
        return self

    def scores(self, x):
        """Class probabilities (classification) or predictions (regression), a weighted average over members."""
        outputs = [self._member_scores(p, x) for p in self.fitted]
        return np.average(outputs, axis=0, weights=self.weights)

    def _member_scores(self, pipeline, x):
        if not self.classification:
            return self._original_scale(pipeline.predict(x))
        if hasattr(pipeline[-1], "predict_proba"):  # an SVC without probability=True has none
            return pipeline.predict_proba(x)
        d = pipeline.decision_function(x)
        if d.ndim == 1:
            p = 1 / (1 + np.exp(-d))
            return np.column_stack([1 - p, p])
        e = np.exp(d - d.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, scores):
        return self.classes_[np.argmax(scores, axis=1)] if self.classification else scores

    def staged(self, x):
        """Scores after each boosting stage of a single boosted model (empty for anything else)."""
        if len(self.fitted) != 1 or not hasattr(self.fitted[0][-1], "staged_predict"):
            return []
        z = self.fitted[0][0].transform(x)
        est = self.fitted[0][-1]
        if self.classification:
            return est.staged_predict_proba(z)
        return (self._original_scale(s) for s in est.staged_predict(z))

    def _original_scale(self, out):
        out = out * self.spread + self.shift
        return np.expm1(out) if self.log_target else out


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
        if metric == "f1":
            return float(metrics.f1_score(y_true, predicted, pos_label=positive))
        pos_index = list(classes).index(positive)
        return float(metrics.roc_auc_score(np.asarray(y_true) == positive, scores[:, pos_index]))
    if metric == "f1":
        return float(metrics.f1_score(y_true, predicted, average="macro"))
    return float(metrics.roc_auc_score(y_true, scores, multi_class="ovr", labels=classes))


def stratified_sample(indices, y, size, seed, classification):
    """At most `size` of `indices`, drawn at random, in proportion to the classes."""
    from sklearn.model_selection import train_test_split

    if size is None or len(indices) <= size:
        return indices
    labels = np.asarray(y)[indices]
    stratify = (
        labels if classification and min(np.unique(labels, return_counts=True)[1]) >= 2 else None
    )
    kept, _ = train_test_split(indices, train_size=int(size), random_state=seed, stratify=stratify)
    return np.sort(kept)


def splits(config, y, rows, classification, seed):
    """(fold, fit rows, scored rows) for the validation scheme, over `rows` (the rows not reserved)."""
    from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

    validation = config.get("validation") or {}
    scheme = validation.get("scheme", "kfold")
    vseed = int(validation.get("seed", seed))
    if scheme == "none":
        return []
    if scheme == "reserve":
        if rows["reserved"] is None:
            raise RecipeError("bad_config", "validation.scheme reserve needs a 'reserve' section")
        return [(0, rows["search"], rows["reserved"])]
    search = rows["search"]
    labels = np.asarray(y)[search]
    enough = classification and min(np.unique(labels, return_counts=True)[1]) >= 2
    if scheme == "holdout":
        fraction = float(validation.get("fraction", 0.2))
        if not 0 < fraction < 1:
            raise RecipeError(
                "bad_config", "validation.fraction must be between 0 and 1, got %s" % fraction
            )
        fit, val = train_test_split(
            search, test_size=fraction, random_state=vseed, stratify=labels if enough else None
        )
        return [(0, fit, val)]
    if scheme != "kfold":
        raise RecipeError(
            "bad_config",
            "validation.scheme must be kfold, holdout, reserve or none, got '%s'" % scheme,
        )
    folds = int(validation.get("folds", 5))
    if folds < 2:
        raise RecipeError("bad_config", "validation.folds must be at least 2, got %d" % folds)
    if classification and min(np.unique(labels, return_counts=True)[1]) >= folds:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=vseed).split(search, labels)
    else:
        splitter = KFold(folds, shuffle=True, random_state=vseed).split(search)
    chosen = validation.get("use_folds")
    out = [(f, search[tr], search[va]) for f, (tr, va) in enumerate(splitter)]
    if chosen is not None:
        bad = [f for f in chosen if not 0 <= int(f) < folds]
        if bad:
            raise RecipeError(
                "bad_config", "validation.use_folds %s outside 0..%d" % (bad, folds - 1)
            )
        out = [s for s in out if s[0] in set(int(f) for f in chosen)]
    return out


def load_task(config):
    """Reads and checks the training data: (frame, features x, target y, task facts)."""
    import pandas as pd

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
    frame = frame[frame[target].notna()]
    drop = [c for c in config.get("drop") or [] if c in frame.columns]
    frame = frame.drop(columns=drop)
    if config.get("dedup"):
        frame = frame.drop_duplicates(subset=[c for c in frame.columns if c != id_column])
    frame = frame.reset_index(drop=True)
    if len(frame) == 0:
        raise RecipeError("empty_data", "no rows with a value in target column '%s'" % target)
    metric = config.get("metric")
    kind = config.get("task") or config.get("type") or "auto"
    if kind == "auto":
        kind = (
            "regression"
            if metric in REGRESSION_METRICS or (metric is None and frame[target].dtype.kind == "f")
            else "classification"
        )
    if kind == "text-classification":
        kind = "classification"
    if kind not in ("classification", "regression"):
        raise RecipeError(
            "bad_config", "task must be classification, regression or auto, got '%s'" % kind
        )
    classification = kind == "classification"
    metric = metric or ("accuracy" if classification else "rmse")
    if metric not in (CLASSIFICATION_METRICS if classification else REGRESSION_METRICS):
        raise RecipeError("bad_config", "metric '%s' does not fit a %s task" % (metric, kind))
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
    x = frame.drop(columns=[c for c in [target, id_column] if c and c in frame.columns])
    if x.shape[1] == 0:
        raise RecipeError("missing_column", "no feature columns left after dropping %s" % drop)
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
    task = {
        "classification": classification,
        "metric": metric,
        "classes": classes,
        "positive": positive,
        "target": target,
        "id": id_column,
    }
    return frame, x, y.reset_index(drop=True), task


def row_sets(config, y, classification):
    """The rows validation may use ("search") and those kept back by `reserve` ("reserved", or None)."""
    from sklearn.model_selection import train_test_split

    everything = np.arange(len(y))
    reserve = config.get("reserve")
    if not reserve:
        return {"search": everything, "reserved": None}
    fraction = float(reserve.get("fraction", 0.2))
    stratify = y if classification and y.value_counts().min() >= 2 else None
    search, reserved = train_test_split(
        everything,
        test_size=fraction,
        random_state=int(reserve.get("seed", 0)),
        stratify=stratify,
    )
    return {"search": np.sort(search), "reserved": np.sort(reserved)}


def fit_seeds(config, kinds, task, x, y, rows):
    """Models fitted on `rows`, one per seed; their scores are averaged."""
    seeds = [int(s) for s in config.get("seeds") or [int(config.get("seed", 0))]]
    return [
        Model(
            config.get("model", "hgb"),
            config.get("params"),
            kinds,
            task,
            s,
            int(config.get("n_jobs", 2)),
        ).fit(x.iloc[rows], y.iloc[rows])
        for s in seeds
    ]


def averaged(models, x):
    return np.mean([m.scores(x) for m in models], axis=0)


def validate(run, config, kinds, task, x, y, rows, ids):
    """Scores the validation folds; writes oof.csv; returns the models fitted for the last fold."""
    import pandas as pd

    metric, classes, positive = task["metric"], task["classes"], task["positive"]
    seed = int(config.get("seed", 0))
    sample = config.get("sample")
    oof = np.full((len(x), len(classes)) if task["classification"] else len(x), np.nan)
    val_scores, train_scores, models = [], [], None
    for fold, fit_rows, val_rows in splits(config, y, rows, task["classification"], seed):
        fit_rows = stratified_sample(fit_rows, y, sample, seed, task["classification"])
        models = fit_seeds(config, kinds, task, x, y, fit_rows)
        if task["classification"] and len(models[0].classes_) != len(classes):
            raise RecipeError("one_class", "a training fold lacks some classes; use fewer folds")
        s_va = averaged(models, x.iloc[val_rows])
        oof[val_rows] = s_va
        val = score(metric, y.iloc[val_rows], s_va, classes, positive)
        seen = fit_rows[: min(len(fit_rows), 3000)]
        tr_score = score(metric, y.iloc[seen], averaged(models, x.iloc[seen]), classes, positive)
        val_scores.append(val)
        train_scores.append(tr_score)
        run.metric("val_" + metric, val, step=fold, split="val", final=False)
        run.metric("train_" + metric, tr_score, step=fold, split="train", final=False)
        run.metric("fold_%d_%s" % (fold, metric), val)
        if config.get("curve") and len(val_scores) == 1:
            curve(run, task, models[0], x, y, fit_rows[:2000], val_rows)
    if not val_scores:
        return None
    run.metric("val_" + metric, float(np.mean(val_scores)), split="val")
    run.metric("val_" + metric + "_std", float(np.std(val_scores)), split="val")
    run.metric("train_" + metric, float(np.mean(train_scores)), split="train")
    scored = ~np.isnan(oof if oof.ndim == 1 else oof[:, 0])
    oof_frame = pd.DataFrame({task["id"] or "row": np.asarray(ids)[scored]})
    if task["classification"]:
        for i, c in enumerate(classes):
            oof_frame["p_" + str(c)] = oof[scored, i]
    else:
        oof_frame["prediction"] = oof[scored]
    path = config.get("oof") or run.path("oof.csv")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    oof_frame.to_csv(path, index=False)
    run.artifact("oof", os.path.abspath(path))
    return models


def curve(run, task, model, x, y, fit_rows, val_rows):
    """The learning curve of a boosted model: the metric every 10 stages on training and validation rows."""
    points = []
    for split, rows in (("train", fit_rows), ("valid", val_rows)):
        for i, s in enumerate(model.staged(x.iloc[rows])):
            if (i + 1) % 10 == 0:
                value = score(task["metric"], y.iloc[rows], s, task["classes"], task["positive"])
                run.metric(task["metric"], value, step=i + 1, split=split, final=False)
                points.append([split, i + 1, value])
    if points:
        run.detail("curve", points)


def predict_test(run, config, task, x, models):
    import pandas as pd

    test = load_csv(config.get("test"), "test")
    missing = [c for c in x.columns if c not in test.columns]
    if missing:
        raise RecipeError(
            "missing_column", "test lacks feature columns: %s" % ", ".join(map(str, missing))
        )
    scores = averaged(models, test[x.columns])
    id_column = task["id"]
    out = pd.DataFrame(
        {id_column: test[id_column]} if id_column and id_column in test.columns else {}
    )
    classes, positive = task["classes"], task["positive"]
    if task["classification"] and task["metric"] == "roc_auc" and len(classes) == 2:
        out[task["target"]] = scores[:, list(classes).index(positive)]
    else:
        out[task["target"]] = models[0].predict(scores)
    path = config.get("predictions") or run.path("predictions.csv")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    out.to_csv(path + ".tmp", index=False)
    os.replace(path + ".tmp", path)
    run.artifact("predictions", os.path.abspath(path))
    run.metric("test_rows", len(out))


def audit(run, config):
    """A quick audit: duplicates, conflicting labels, missing values, classes, constant columns, overlap."""
    frame = load_csv(config.get("train"), "train")
    target, ident = config.get("target"), config.get("id")
    if target not in frame.columns:
        raise RecipeError("missing_column", "train has no column '%s'" % target)
    features = [c for c in frame.columns if c not in (target, ident)]
    numeric, categorical, text = column_kinds(frame[features], config)
    conflicting = int(frame.duplicated(subset=features, keep=False).sum()) - int(
        frame.duplicated(subset=features + [target], keep=False).sum()
    )
    found = {
        "rows": int(len(frame)),
        "columns": len(features),
        "numeric": len(numeric),
        "categorical": len(categorical),
        "text": len(text),
        "duplicates": int(frame.duplicated(subset=features + [target]).sum()),
        "conflicting": max(conflicting, 0),
        "missing": {c: int(n) for c, n in frame[features].isna().sum().items() if n > 0},
        "constant": [c for c in features if frame[c].nunique(dropna=False) <= 1],
    }
    if len(numeric) >= 50:  # pixels, spectra: most columns span much of the widest one's range
        spans = frame[numeric].max() - frame[numeric].min()
        found["same_scale"] = bool((spans >= 0.25 * spans.max()).mean() >= 0.5)
    if (config.get("task") or config.get("type")) != "regression":
        found["classes"] = {str(k): int(v) for k, v in frame[target].value_counts().items()}
    else:
        found["target"] = {
            "mean": float(frame[target].mean()),
            "std": float(frame[target].std()),
            "min": float(frame[target].min()),
        }
    if config.get("test") and os.path.exists(config["test"]):
        test = load_csv(config["test"], "test")
        shared = [c for c in features if c in test.columns]
        found["test_rows"] = int(len(test))
        found["test_overlap"] = int(
            len(test[shared].drop_duplicates().merge(frame[shared].drop_duplicates(), how="inner"))
        )
    run.detail("audit", found)


def mix(predictions, counts):
    """The members' predictions averaged with weights in proportion to counts."""
    return sum(c * p for c, p in zip(counts, predictions)) / sum(counts)


def greedy_counts(task, truth, predictions, steps=20):
    """How often greedy forward selection with replacement picks each member in steps steps (each
    step adds the member that most improves the blend; ties keep it sparse)."""
    higher = task["metric"] not in REGRESSION_METRICS
    counts = np.zeros(len(predictions))
    blend = None
    for step in range(steps):
        best = None
        for i in sorted(range(len(predictions)), key=lambda k: -counts[k]):
            p = predictions[i]
            candidate = p if blend is None else (blend * step + p) / (step + 1)
            value = score(task["metric"], truth, candidate, task["classes"], task["positive"])
            if best is None or (value > best[0] if higher else value < best[0]):
                best = (value, i, candidate)
        counts[best[1]] += 1
        blend = best[2]
    return counts


def choose_weights(run, config, task, y, ids):
    """Replaces ensemble weights "oof" by weights chosen on the members' out-of-fold predictions: greedy
    forward selection with replacement (each step adds the member that most improves the blend), which
    tends to a sparse, robust blend. Members left with no weight are dropped."""
    import pandas as pd

    params = config.get("params") or {}
    if config.get("model") != "ensemble" or params.get("weights") != "oof":
        return config
    members = params.get("members") or []
    frames = []
    for member in members:
        files = [f for f in member.get("oof") or [] if os.path.isfile(f)]
        if not files:
            raise RecipeError(
                "bad_config",
                "ensemble weights 'oof' need each member's 'oof' files; %s has none"
                % member.get("model"),
            )
        frame = pd.concat([pd.read_csv(f) for f in files])
        key = frame.columns[0]
        frames.append(frame.drop_duplicates(subset=key).set_index(key))
    common = frames[0].index
    for frame in frames[1:]:
        common = common.intersection(frame.index)
    truth = pd.Series(np.asarray(y), index=np.asarray(ids)).loc[common]
    columns = ["p_" + str(c) for c in task["classes"]] if task["classification"] else ["prediction"]
    predictions = [f.loc[common, columns].to_numpy() for f in frames]
    if not task["classification"]:
        predictions = [p[:, 0] for p in predictions]
    truth = truth.to_numpy()
    counts = greedy_counts(task, truth, predictions)
    # the blend's score on the out-of-fold rows, with weights chosen on the other rows of five folds
    # (weights chosen and scored on the same rows would flatter it): evidence on the same footing
    # as a single model's cross-validation, which the caller pools with the reserve's score
    fold = np.random.default_rng(0).permutation(len(truth)) % 5
    crossed = np.empty_like(predictions[0])
    for k in range(5):
        fit, held = fold != k, fold == k
        weights_k = greedy_counts(task, truth[fit], [p[fit] for p in predictions])
        crossed[held] = mix([p[held] for p in predictions], weights_k)
    oof = score(task["metric"], truth, crossed, task["classes"], task["positive"])
    run.metric("oof_" + task["metric"], float(oof), split="val")
    kept = [i for i in range(len(members)) if counts[i] > 0]
    weights = [float(counts[i] / counts.sum()) for i in kept]
    run.detail(
        "weights", {str(members[i].get("model")) + "#" + str(i): w for i, w in zip(kept, weights)}
    )
    chosen = {**params, "members": [members[i] for i in kept], "weights": weights}
    return {**config, "params": chosen}


def train(run):
    import time

    config = run.config
    if config.get("fallback") and config.get("predictions") and os.path.isfile(config["fallback"]):
        shutil.copyfile(config["fallback"], config["predictions"] + ".tmp")
        os.replace(config["predictions"] + ".tmp", config["predictions"])
    started = time.time()
    if config.get("mode", "train") == "audit":
        audit(run, config)
        run.metric("seconds", time.time() - started)
        return
    frame, x, y, task = load_task(config)
    ids = frame[task["id"]] if task["id"] else np.arange(len(frame))
    run.metric("rows", len(frame), split="train")
    kinds = column_kinds(x, config)
    config = choose_weights(run, config, task, y, ids)
    rows = row_sets(config, y, task["classification"])
    validated = validate(run, config, kinds, task, x, y, rows, ids)
    refit = config.get("refit", True)
    if refit:
        final = fit_seeds(config, kinds, task, x, y, np.arange(len(x)))
        with open(run.path("model.pkl"), "wb") as f:
            pickle.dump(final[0], f)
        run.artifact("model", "model.pkl")
    else:
        reserve_fit = (config.get("validation") or {}).get("scheme") == "reserve"
        final = validated if reserve_fit else None
    if config.get("test") and final:
        predict_test(run, config, task, x, final)
    run.metric("seconds", time.time() - started)


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
