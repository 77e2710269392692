#!/usr/bin/env python3
"""Measures the simple and strong scikit-learn references of the project's bench tasks (bench/tasks) on their
exact splits and writes bench/REFERENCES.md, with the same definitions as ../shared/bench/REFERENCES.md:

simple  logistic regression (C=1) or RidgeCV on standardized numbers (median-imputed) and one-hot categories
strong  the best of a random forest (500 trees; 300 for regression), histogram gradient boosting (defaults) and
        an RBF SVM (C=10) with the same preprocessing, each with random_state 0

Usage: /usr/bin/python3 bench/references.py [--skip TASK:MODEL ...] [TASK ...]
  (default: every task, every model; a few minutes on 2 cores). A skipped model is named under the table.
"""

import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
LOWER_IS_BETTER = {"rmse", "rmsle", "mae"}


def front_matter(path):
    values = {}
    with open(path) as f:
        lines = f.read().split("---")[1].strip().splitlines()
    for line in lines:
        key, _, value = line.partition(":")
        values[key.strip()] = value.strip()
    return values


def preprocessing(frame):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [c for c in frame.columns if frame[c].dtype.kind in "biuf"]
    categorical = [c for c in frame.columns if c not in numeric]
    parts = [("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric)]
    if categorical:
        parts.append(
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="missing"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            )
        )
    return ColumnTransformer(parts)


def models(classification):
    from sklearn import ensemble, linear_model, svm

    if classification:
        return {
            "logreg": linear_model.LogisticRegression(C=1.0, max_iter=3000),
            "rf": ensemble.RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=2),
            "hgb": ensemble.HistGradientBoostingClassifier(random_state=0),
            "svc": svm.SVC(C=10.0, random_state=0),
        }
    return {
        "ridge": linear_model.RidgeCV(alphas=np.logspace(-3, 3, 13)),
        "rf": ensemble.RandomForestRegressor(n_estimators=300, random_state=0, n_jobs=2),
        "hgb": ensemble.HistGradientBoostingRegressor(random_state=0),
        "svr": svm.SVR(C=10.0),
    }


def score(metric, truth, predicted):
    from sklearn import metrics

    if metric == "accuracy":
        return metrics.accuracy_score(truth.astype(str), predicted.astype(str))
    if metric == "rmse":
        return float(np.sqrt(metrics.mean_squared_error(truth, predicted)))
    if metric == "mae":
        return metrics.mean_absolute_error(truth, predicted)
    if metric == "rmsle":
        return float(np.sqrt(metrics.mean_squared_log_error(truth, np.clip(predicted, 0, None))))
    raise ValueError("references.py scores accuracy, rmse, rmsle and mae; not " + metric)


def measure(folder, skip):
    from sklearn.pipeline import make_pipeline

    task = front_matter(os.path.join(folder, "task.md"))
    train = pd.read_csv(os.path.join(folder, "data", "train.csv"))
    test = pd.read_csv(os.path.join(folder, "data", "test.csv"))
    answers = pd.read_csv(os.path.join(folder, "answers", "test.csv"))
    target, ident, metric = task["target"], task.get("id", "id"), task["metric"]
    classification = task["type"] != "regression"
    x = train.drop(columns=[target, ident])
    y = train[target].astype(str) if classification else train[target]
    truth = test[[ident]].merge(answers, on=ident)[target]
    scores = {}
    for name, model in models(classification).items():
        if "%s:%s" % (task["name"], name) in skip:
            continue
        started = time.time()
        pipeline = make_pipeline(preprocessing(x), model).fit(x, y)
        scores[name] = score(metric, truth, pipeline.predict(test[x.columns]))
        print(
            "%s %s %s=%.5f (%.0f s)"
            % (task["name"], name, metric, scores[name], time.time() - started)
        )
    better = min if metric in LOWER_IS_BETTER else max
    simple = scores["logreg" if classification else "ridge"]
    strong_model = better(scores, key=scores.get)
    return task["name"], metric, simple, scores[strong_model], strong_model


def shown(value):
    return ("%.4f" % value if value >= 10 else "%.5f" % value).rstrip("0").rstrip(".")


def main(args):
    skip = [args[i + 1] for i, a in enumerate(args) if a == "--skip"]
    names = [a for i, a in enumerate(args) if a != "--skip" and (i == 0 or args[i - 1] != "--skip")]
    tasks = sorted(os.listdir(os.path.join(HERE, "tasks")))
    rows = [measure(os.path.join(HERE, "tasks", t), skip) for t in tasks if not names or t in names]
    lines = [
        "# Reference scores for the project's bench tasks",
        "",
        "Measured by `bench/references.py` with Debian's scikit-learn on the exact splits in `bench/tasks/`, with the",
        "definitions of `../shared/bench/REFERENCES.md` (simple: a linear model; strong: the best of a random forest,",
        "histogram gradient boosting and an RBF SVM, default settings). The tolerance for 'at least strong' is the",
        "same: 0.005 absolute for accuracy, f1 and roc_auc; 2% relative for rmse, rmsle, mae.",
        "",
        "| task | metric | better | simple | strong | strong model |",
        "|---|---|---|---|---|---|",
    ]
    for name, metric, simple, strong, model in rows:
        better = "lower" if metric in LOWER_IS_BETTER else "higher"
        lines.append(
            "| %s | %s | %s | %s | %s | %s |"
            % (name, metric, better, shown(simple), shown(strong), model)
        )
    if skip:
        lines += [
            "",
            "Not measured (did not finish in 5 minutes on the shared 2-core machine): "
            + ", ".join(skip),
        ]
    if not names:
        with open(os.path.join(HERE, "REFERENCES.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
