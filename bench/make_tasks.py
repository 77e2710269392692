#!/usr/bin/env python3
"""Builds the project's own bench tasks into bench/tasks (deterministic: rerunning rewrites the same files).

digits-wide   784 pixel columns (sklearn's 8x8 digits upscaled to 28x28, 0-255, each digit also shifted once),
              10 classes, accuracy: many numeric columns on one scale, the shape where the autopilot once
              overran its budget and ended with nothing.
house-prices  synthetic house sales whose price is multiplicative in its causes (log-normal), with categories
              and missing values, judged by RMSLE: a log target is what the metric implies.

Usage: /usr/bin/python3 bench/make_tasks.py
"""

import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def write_task(name, front, description, train, test, target, id_column="id"):
    folder = os.path.join(HERE, "tasks", name)
    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    os.makedirs(os.path.join(folder, "answers"), exist_ok=True)
    train.to_csv(os.path.join(folder, "data", "train.csv"), index=False)
    test.drop(columns=[target]).to_csv(os.path.join(folder, "data", "test.csv"), index=False)
    test[[id_column, target]].to_csv(os.path.join(folder, "answers", "test.csv"), index=False)
    lines = ["---"] + ["%s: %s" % kv for kv in front.items()] + ["---", "", description, ""]
    with open(os.path.join(folder, "task.md"), "w") as f:
        f.write("\n".join(lines))


def digits_wide():
    from scipy import ndimage
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    rng = np.random.default_rng(7)
    source = np.arange(len(digits.target))
    train_src, test_src = train_test_split(
        source, test_size=0.2, random_state=0, stratify=digits.target
    )

    def images(indices):
        rows, labels = [], []
        for i in indices:
            big = ndimage.zoom(digits.images[i] / 16.0, 3.5, order=1)  # 8x8 -> 28x28
            for shifted in (False, True):
                image = big
                if shifted:
                    dy, dx = rng.integers(-2, 3, size=2)
                    image = ndimage.shift(big, (dy, dx), order=0, mode="constant")
                pixels = np.clip(image * 255 + rng.normal(0, 4, image.shape), 0, 255)
                rows.append(np.rint(pixels).astype(int).ravel())
                labels.append(int(digits.target[i]))
        return np.array(rows), np.array(labels)

    frames = []
    for indices in (train_src, test_src):
        pixels, labels = images(indices)
        frame = pd.DataFrame(pixels, columns=["px%d" % k for k in range(pixels.shape[1])])
        frame.insert(0, "id", 0)
        frame["digit"] = labels
        frames.append(frame.sample(frac=1, random_state=1).reset_index(drop=True))
    train, test = frames
    train["id"] = np.arange(len(train))
    test["id"] = np.arange(len(train), len(train) + len(test))
    write_task(
        "digits-wide",
        {
            "name": "digits-wide",
            "target": "digit",
            "id": "id",
            "type": "classification",
            "metric": "accuracy",
        },
        "Handwritten digits as 28x28 grey images, one column per pixel (0-255, row by row): sklearn's 8x8 digits "
        "upscaled, each also shifted by up to two pixels, with a little noise. Predict the digit.",
        train,
        test,
        "digit",
    )


def house_prices():
    rng = np.random.default_rng(11)
    n = 3000
    neighborhoods = ["N%02d" % k for k in range(25)]
    hood_effect = dict(zip(neighborhoods, rng.normal(0, 0.25, len(neighborhoods))))
    hood = rng.choice(neighborhoods, n, p=rng.dirichlet(np.ones(len(neighborhoods)) * 2))
    living = np.exp(rng.normal(np.log(1500), 0.35, n)).round()
    lot = np.exp(rng.normal(np.log(8000), 0.5, n)).round()
    quality = np.clip(np.rint(rng.normal(6, 1.5, n)), 1, 10).astype(int)
    year = rng.integers(1900, 2011, n)
    bedrooms = np.clip(np.rint(living / 600 + rng.normal(0, 0.7, n)), 1, 7).astype(int)
    baths = np.clip(np.rint(living / 900 + rng.normal(0, 0.5, n)), 1, 5).astype(int)
    garage = rng.choice([0, 1, 2, 3], n, p=[0.1, 0.3, 0.45, 0.15])
    condition = rng.choice(["Poor", "Fair", "Good", "Excellent"], n, p=[0.05, 0.25, 0.5, 0.2])
    style = rng.choice(["Ranch", "TwoStory", "Split", "Cape"], n)
    pool = (rng.random(n) < 0.06).astype(int)
    condition_effect = {"Poor": -0.2, "Fair": -0.07, "Good": 0.0, "Excellent": 0.08}
    log_price = (
        11.9
        + 0.55 * np.log(living / 1500)
        + 0.08 * np.log(lot / 8000)
        + 0.07 * (quality - 6)
        + 0.012 * (quality - 6) * np.log(living / 1500) * 10
        + 0.0025 * (year - 1970)
        + 0.04 * garage
        + 0.03 * baths
        + np.vectorize(hood_effect.get)(hood)
        + np.vectorize(condition_effect.get)(condition)
        + 0.05 * pool
        + rng.normal(0, 0.11, n)
    )
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "neighborhood": hood,
            "living_area": living,
            "lot_area": lot,
            "quality": quality,
            "condition": condition,
            "style": style,
            "year_built": year,
            "bedrooms": bedrooms,
            "bathrooms": baths,
            "garage_cars": garage.astype(float),
            "pool": pool,
            "price": np.rint(np.exp(log_price) / 100) * 100,
        }
    )
    frame.loc[rng.random(n) < 0.05, "lot_area"] = np.nan
    frame.loc[rng.random(n) < 0.04, "garage_cars"] = np.nan
    test = frame.sample(frac=0.2, random_state=0)
    train = frame.drop(test.index)
    write_task(
        "house-prices",
        {
            "name": "house-prices",
            "target": "price",
            "id": "id",
            "type": "regression",
            "metric": "rmsle",
        },
        "House sales (synthetic, generated by bench/make_tasks.py): size, lot, quality, condition, age, rooms, "
        "garage and neighborhood; some lot areas and garage sizes are missing. Predict the sale price; scored "
        "by root mean squared log error.",
        train.reset_index(drop=True),
        test.sort_values("id").reset_index(drop=True),
        "price",
    )


if __name__ == "__main__":
    digits_wide()
    house_prices()
