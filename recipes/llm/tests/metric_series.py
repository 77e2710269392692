"""Reading a recipe run's metric records in tests (a module, not conftest, so that test files can import
it when pytest also loads another suite's conftest)."""

import os

RECIPES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def series(records, name, split="train"):
    return [
        r["value"]
        for r in sorted(records, key=lambda r: r.get("step", 0))
        if r["name"] == name and r.get("split", "train") == split
    ]


def mean(values):
    return sum(values) / len(values)
