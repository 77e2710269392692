import csv
import random

import pytest
from conftest import metric_lines


def write_reviews(path, n=120, one_class=False):
    rng = random.Random(0)
    good, bad = (
        ["great tasty lovely fresh", "love it best ever"],
        ["awful stale bland", "terrible waste of money"],
    )
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "review", "score"])
        for i in range(n):
            label = "great" if one_class or i % 2 else "other"
            words = (
                rng.choice(good if label == "great" else bad)
                + " "
                + rng.choice(["the", "a", "this product"])
            )
            w.writerow([i, words, label])
    return str(path)


@pytest.mark.parametrize("model", ["tfidf", "torch"])
def test_text_classification_separates_the_classes(run_recipe, tmp_path, model):
    train = write_reviews(tmp_path / "reviews.csv")
    code, result, out, printed = run_recipe(
        "text.py",
        {
            "train": train,
            "test": train,
            "text": "review",
            "target": "score",
            "id": "id",
            "metric": "roc_auc",
            "positive": "great",
            "model": model,
            "epochs": 40,
            "lr": 0.05,
        },
    )
    assert code == 0, printed
    assert result["metrics"]["val_roc_auc"] > 0.9
    assert (out / "predictions.csv").read_text().splitlines()[0] == "id,score"


def test_image_mlp_learns_digits(run_recipe):
    code, result, out, printed = run_recipe(
        "image.py", {"dataset": "digits", "model": "mlp", "epochs": 5, "lr": 0.005}
    )
    assert code == 0, printed
    assert result["metrics"]["val_accuracy"] > 0.8
    assert [m["step"] for m in metric_lines(printed) if m["name"] == "loss"] == [0, 1, 2, 3, 4]
    assert (out / "model.pt").exists()


def test_image_cnn_runs(run_recipe):
    code, result, _, printed = run_recipe(
        "image.py", {"dataset": "digits", "model": "cnn", "epochs": 1}
    )
    assert code == 0, printed
    assert result["metrics"]["val_accuracy"] > 0.2


def test_a_huge_learning_rate_stops_with_nan_loss(run_recipe):
    code, result, _, printed = run_recipe(
        "image.py", {"dataset": "digits", "optimizer": "sgd", "lr": 1e6, "epochs": 3}
    )
    assert code != 0
    assert result["error"]["kind"] == "nan_loss"
    assert any(m["name"] == "loss" and m["value"] == "NaN" for m in metric_lines(printed))


def test_char_lm_lowers_its_loss_and_samples(run_recipe):
    code, result, out, printed = run_recipe(
        "charlm.py",
        {
            "steps": 30,
            "eval_every": 10,
            "d_model": 32,
            "n_layers": 1,
            "block_size": 32,
            "batch_size": 16,
        },
    )
    assert code == 0, printed
    losses = [m["value"] for m in metric_lines(printed) if m["name"] == "loss"]
    assert losses[-1] < losses[0]
    assert result["metrics"]["val_perplexity"] > 1
    assert len((out / "sample.txt").read_text()) > 100


@pytest.mark.parametrize(
    "script,config,kind",
    [
        ("text.py", {"train": "/nonexistent.csv", "target": "score"}, "missing_file"),
        ("text.py", {"target": "nope"}, "missing_column"),
        ("text.py", {"target": "score", "text": "review"}, "one_class"),
        ("image.py", {"train": "/nonexistent.csv"}, "missing_file"),
        ("image.py", {"target": "label"}, "missing_column"),
        ("charlm.py", {"text": "/nonexistent.txt"}, "missing_file"),
    ],
)
def test_bad_inputs_fail_clearly(run_recipe, tmp_path, script, config, kind):
    if "train" not in config and script != "charlm.py":
        config = {
            **config,
            "train": write_reviews(tmp_path / "r.csv", one_class=kind == "one_class"),
        }
    code, result, _, _ = run_recipe(script, config)
    assert code != 0
    assert (
        result["status"] == "error"
        and result["error"]["kind"] == kind
        and result["error"]["message"]
    )


def test_empty_csv_is_reported_as_empty_data(run_recipe, tmp_path):
    (tmp_path / "empty.csv").write_text("id,review,score\n")
    code, result, _, _ = run_recipe(
        "text.py", {"train": str(tmp_path / "empty.csv"), "target": "score"}
    )
    assert code != 0 and result["error"]["kind"] == "empty_data"
