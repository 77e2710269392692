"""Loading rows and checking columns. Local files need nothing beyond the standard library
(Parquet needs pandas or pyarrow); a Hub dataset id needs the ``datasets`` package.

``REQUIRED`` states, per recipe, which columns a dataset must have — the pre-flight check and the
recipes both use it, so they cannot disagree.
"""

import csv
import json
import os

# Each recipe accepts any one of these column sets (alternatives, first match wins).
REQUIRED = {
    "sft": [["messages"], ["prompt", "completion"], ["text"]],
    "dpo": [["prompt", "chosen", "rejected"], ["chosen", "rejected"]],
    "grpo": [["prompt", "answer"], ["prompt"]],
    "evaluate:generation": [["prompt", "answer"]],
    "evaluate:multiple_choice": [["prompt", "choices", "label"]],
    "evaluate:perplexity": [["text"], ["messages"]],
}


def required_for(recipe, config):
    """Column alternatives for a recipe, with the config's field renames applied."""
    key = recipe if recipe != "evaluate" else "evaluate:%s" % config.get("task", "generation")
    renames = {
        "messages": config.get("messages_field", "messages"),
        "prompt": config.get("prompt_field", "prompt"),
        "completion": config.get("completion_field", "completion"),
        "chosen": config.get("chosen_field", "chosen"),
        "rejected": config.get("rejected_field", "rejected"),
        "answer": config.get("answer_field", "answer"),
        "choices": config.get("choices_field", "choices"),
        "label": config.get("label_field", "label"),
        "text": config.get("text_field", "text"),
    }
    alternatives = [[renames.get(c, c) for c in alt] for alt in REQUIRED[key]]
    if recipe == "grpo" and "math_exact" in (config.get("rewards") or []):
        alternatives = [alt for alt in alternatives if renames["answer"] in alt]
    return alternatives


def match_columns(columns, alternatives):
    """(matched alternative or None, message)."""
    present = set(columns)
    for alt in alternatives:
        if all(c in present for c in alt):
            return alt, "columns %s found" % ", ".join(alt)
    wanted = " or ".join("(%s)" % ", ".join(a) for a in alternatives)
    return None, "dataset needs columns %s; it has: %s" % (
        wanted,
        ", ".join(sorted(present)) or "none",
    )


def columns_for(rows, recipe, config):
    """The column alternative of ``recipe`` that the rows have; a ValueError naming what is missing
    when they have none."""
    matched, message = match_columns(rows[0].keys() if rows else [], required_for(recipe, config))
    if matched is None:
        raise ValueError("data schema mismatch: " + message)
    return matched


def is_local(path):
    return bool(path) and (
        os.path.exists(path) or path.endswith((".jsonl", ".json", ".csv", ".parquet"))
    )


def read_rows(path, limit=None, split="train"):
    """Rows of a local file (jsonl/json/csv/parquet) or of a Hub dataset as a list of dicts."""
    if not is_local(path):
        try:
            import datasets  # noqa: F401
        except ImportError:
            raise ModuleNotFoundError(
                "dataset %r is not a local file and the `datasets` package is not installed; "
                "download it to a .jsonl/.parquet file first or install datasets" % path
            )
        ds = datasets.load_dataset(path, split=split)
        if limit:
            ds = ds.select(range(min(limit, len(ds))))
        return [dict(r) for r in ds]
    if not os.path.exists(path):
        raise FileNotFoundError("dataset file %s does not exist" % path)
    if path.endswith(".jsonl"):
        rows = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
                    if limit and len(rows) >= limit:
                        break
        return rows
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if isinstance(data, dict):
            data = data.get(split) or data.get("data") or data.get("rows") or []
        return list(data)[:limit] if limit else list(data)
    if path.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return rows[:limit] if limit else rows
    if path.endswith(".parquet"):
        try:
            import pandas as pd
        except ImportError:
            raise ModuleNotFoundError(
                "reading Parquet needs pandas (apt-get install python3-pandas) or pyarrow"
            )
        frame = pd.read_parquet(path)
        if limit:
            frame = frame.head(limit)
        return frame.to_dict(orient="records")
    raise ValueError("unsupported dataset file %s (use .jsonl, .json, .csv or .parquet)" % path)


def check_messages(rows, field="messages", sample=50):
    """Problems with a messages column: not a list of {role, content}, or no assistant turn."""
    problems = []
    for i, row in enumerate(rows[:sample]):
        msgs = row.get(field)
        if isinstance(msgs, str):
            try:
                msgs = json.loads(msgs)
            except ValueError:
                problems.append("row %d: %s is a string, not a list of messages" % (i, field))
                continue
        if not isinstance(msgs, list) or not all(
            isinstance(m, dict) and "role" in m and "content" in m for m in msgs
        ):
            problems.append("row %d: %s must be a list of {role, content} objects" % (i, field))
        elif not any(m["role"] == "assistant" for m in msgs):
            problems.append("row %d: no assistant message to learn from" % i)
        if len(problems) >= 3:
            break
    return problems


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
