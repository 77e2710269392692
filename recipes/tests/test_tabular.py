import csv
import subprocess
import sys

import numpy as np
import pytest
from conftest import RECIPES, metric_lines


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


@pytest.fixture
def classification_data(tmp_path):
    rng = np.random.default_rng(0)
    rows, test_rows = [], []
    for i in range(160):
        x1, x2 = rng.normal(), rng.normal()
        color = ["red", "green", "blue"][i % 3]
        label = "yes" if x1 + 0.5 * x2 + (color == "red") > 0.3 else "no"
        row = [i, x1 if i % 17 else "", x2, color if i % 13 else ""]
        (test_rows if i >= 120 else rows).append(row + ([] if i >= 120 else [label]))
    train = write_csv(tmp_path / "train.csv", ["id", "x1", "x2", "color", "label"], rows)
    test = write_csv(tmp_path / "test.csv", ["id", "x1", "x2", "color"], test_rows)
    return train, test


@pytest.mark.parametrize("model", ["linear", "rf", "hgb", "svm"])
def test_classification_models_learn_and_predict(run_recipe, classification_data, model):
    train, test = classification_data
    config = {
        "train": train,
        "test": test,
        "target": "label",
        "id": "id",
        "metric": "roc_auc",
        "positive": "yes",
        "model": model,
        "params": {"n_estimators": 50} if model == "rf" else {},
        "validation": {"scheme": "kfold", "folds": 3, "seed": 1},
    }
    code, result, out, stdout = run_recipe("tabular.py", config)
    assert code == 0, stdout
    assert result["status"] == "ok"
    assert result["metrics"]["val_roc_auc"] > 0.75
    assert "train_roc_auc" in result["metrics"] and "fold_2_roc_auc" in result["metrics"]
    folds = [m for m in metric_lines(stdout) if m["name"] == "val_roc_auc" and "step" in m]
    assert [m["step"] for m in folds] == [0, 1, 2]
    lines = (out / "predictions.csv").read_text().splitlines()
    assert lines[0] == "id,label" and len(lines) == 41
    assert all(0 <= float(line.split(",")[1]) <= 1 for line in lines[1:])
    assert (out / "model.pkl").exists() and (out / "metrics.jsonl").exists()
    if model == "linear":  # a fresh interpreter can load the model through `import tabular`
        load = (
            "import pickle, sys; sys.path.insert(0, %r); import tabular, pandas;"
            " m = pickle.load(open(%r, 'rb')); print(list(m.predict(m.scores(pandas.read_csv(%r)))[:3]))"
            % (RECIPES, str(out / "model.pkl"), test)
        )
        loaded = subprocess.run(
            [sys.executable, "-c", load], capture_output=True, text=True, timeout=120
        )
        assert loaded.returncode == 0, loaded.stderr
        assert loaded.stdout.count("'") == 6


def test_the_same_seed_gives_the_same_score(run_recipe, classification_data):
    train, _ = classification_data
    config = {
        "train": train,
        "target": "label",
        "metric": "accuracy",
        "model": "rf",
        "params": {"n_estimators": 30},
        "validation": {"scheme": "holdout", "fraction": 0.25},
        "seed": 3,
    }
    first = run_recipe("tabular.py", config, "a")[1]["metrics"]["val_accuracy"]
    second = run_recipe("tabular.py", config, "b")[1]["metrics"]["val_accuracy"]
    assert first == second


def test_regression_reports_rmse_and_predicts_numbers(run_recipe, tmp_path):
    rng = np.random.default_rng(1)
    rows = [
        [i, a, b, 3 * a - 2 * b + rng.normal(scale=0.1)]
        for i, (a, b) in enumerate(rng.normal(size=(120, 2)))
    ]
    train = write_csv(tmp_path / "r.csv", ["id", "a", "b", "y"], rows[:100])
    test = write_csv(tmp_path / "rt.csv", ["id", "a", "b"], [r[:3] for r in rows[100:]])
    code, result, out, stdout = run_recipe(
        "tabular.py",
        {
            "train": train,
            "test": test,
            "target": "y",
            "id": "id",
            "metric": "rmse",
            "model": "linear",
        },
    )
    assert code == 0, stdout
    assert result["metrics"]["val_rmse"] < 0.5
    predictions = (out / "predictions.csv").read_text().splitlines()
    assert len(predictions) == 21 and float(predictions[1].split(",")[1]) == pytest.approx(
        rows[100][3], abs=0.5
    )


def test_a_huge_regularisation_gap_shows_as_overfitting(run_recipe, tmp_path):
    rng = np.random.default_rng(2)
    rows = [[i, *rng.normal(size=5), "a" if rng.random() > 0.5 else "b"] for i in range(200)]
    train = write_csv(tmp_path / "noise.csv", ["id", "f1", "f2", "f3", "f4", "f5", "label"], rows)
    code, result, _, stdout = run_recipe(
        "tabular.py",
        {
            "train": train,
            "target": "label",
            "id": "id",
            "metric": "accuracy",
            "model": "rf",
            "params": {"n_estimators": 50, "min_samples_leaf": 1},
        },
    )
    assert code == 0, stdout
    assert result["metrics"]["train_accuracy"] - result["metrics"]["val_accuracy"] > 0.3


BAD_INPUTS = {
    "missing_file": lambda d: {"train": str(d / "nope.csv"), "target": "label"},
    "missing_column": lambda d: {
        "train": write_csv(d / "t.csv", ["a", "b"], [[1, 2], [3, 4]]),
        "target": "label",
    },
    "bad_target": lambda d: {
        "train": write_csv(d / "t.csv", ["a", "y"], [[1, "x"], [2, "3"], [3, "z"]]),
        "target": "y",
        "task": "regression",
    },
    "empty_data": lambda d: {
        "train": write_csv(d / "t.csv", ["a", "label"], []),
        "target": "label",
    },
    "one_class": lambda d: {
        "train": write_csv(d / "t.csv", ["a", "label"], [[i, "only"] for i in range(10)]),
        "target": "label",
        "task": "classification",
    },
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_fails_with_a_clear_error(run_recipe, tmp_path, kind):
    code, result, _, stdout = run_recipe("tabular.py", BAD_INPUTS[kind](tmp_path))
    assert code != 0
    assert result["status"] == "error"
    assert result["error"]["kind"] == kind
    assert result["error"]["message"]
    assert "MLINTERN_RESULT" in stdout


def test_a_bad_hyperparameter_is_reported_as_such(run_recipe, classification_data):
    train, _ = classification_data
    code, result, _, _ = run_recipe(
        "tabular.py",
        {"train": train, "target": "label", "model": "hgb", "params": {"learning_rate": -1}},
    )
    assert code != 0
    assert result["error"]["kind"] == "bad_hyperparameter"
