#!/usr/bin/env python3
"""The data engine benchmark's Python twin and its data generator (run with Debian's /usr/bin/python3).

generate: writes a JSONL of short texts (~200 bytes each) with planted exact and near duplicates, and an
          evaluation set with some items copied from it (for 13-gram contamination).
run:      the same four stages as dev.mlintern.data.bench.DataBench, with the same algorithms, in pandas/numpy:
          profile, exact dedup, MinHash LSH near-duplicates (CRC-32 word-trigram shingles, 64 multiply-shift
          hashes from splitmix64 seed 20260417, 16 bands, Jaccard >= 0.8 verified), 13-gram contamination.
Prints one JSON object: {"stage": {"seconds": s, "result": ...}, ...}.
"""

import argparse
import json
import os
import re
import sys
import time
import zlib

import numpy as np
import pandas as pd

MASK = (1 << 64) - 1
WORD = re.compile(r"[^\W_]+")


def generate(out, eval_out, rows, seed):
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=rng.integers(3, 9))) for _ in range(20000)]
    vocab = np.array(vocab)
    zipf = 1.0 / np.arange(1, len(vocab) + 1) ** 0.8
    zipf /= zipf.sum()
    labels = np.array(["alpha", "beta", "gamma"])
    chunk = 200_000
    texts_kept = []
    with open(out, "w") as f:
        written = 0
        while written < rows:
            n = min(chunk, rows - written)
            idx = rng.choice(len(vocab), size=(n, 32), p=zipf)
            words = vocab[idx]
            texts = [" ".join(w) for w in words]
            lab = labels[rng.integers(0, 3, size=n)]
            for i in range(n):
                gid = written + i
                r = rng.random()
                if gid > 10 and r < 0.03:
                    texts[i] = texts[i - 1 - int(rng.integers(0, min(i, 5)))] if i > 5 else texts[i]
                elif gid > 10 and r < 0.06 and i > 5:
                    w = texts[i - 3].split(" ")
                    w[int(rng.integers(0, len(w)))] = "edited"
                    texts[i] = " ".join(w)
                f.write(json.dumps({"id": gid, "text": texts[i], "label": str(lab[i])}) + "\n")
            if len(texts_kept) < 2000:
                texts_kept.extend(texts[:2000])
            written += n
    if eval_out:
        with open(eval_out, "w") as f:
            idx = rng.choice(len(vocab), size=(10000, 32), p=zipf)
            for i, w in enumerate(vocab[idx]):
                text = " ".join(w)
                if i % 20 == 0:
                    source = texts_kept[i % len(texts_kept)].split(" ")
                    text = " ".join(source[:16]) + " " + text
                f.write(json.dumps({"id": i, "text": text}) + "\n")


def splitmix_constants(n, seed=20260417):
    gamma = 0x9E3779B97F4A7C15
    s = seed & MASK
    out = []
    for _ in range(n):
        s = (s + gamma) & MASK
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return []
    if len(words) < 3:
        return [zlib.crc32(" ".join(words).encode())]
    return [zlib.crc32(" ".join(words[i : i + 3]).encode()) for i in range(len(words) - 2)]


def minhash(df, perms=64, bands=16, threshold=0.8):
    consts = splitmix_constants(2 * perms)
    a = np.array([consts[2 * i] | 1 for i in range(perms)], dtype=np.uint64)
    b = np.array([consts[2 * i + 1] for i in range(perms)], dtype=np.uint64)
    rows_per_band = perms // bands
    buckets = [dict() for _ in range(bands)]
    candidates = set()
    texts = df["text"].tolist()
    with np.errstate(over="ignore"):
        for row, text in enumerate(texts):
            sh = shingles(text)
            if not sh:
                continue
            x = np.array(sh, dtype=np.uint64)
            sig = ((a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)).min(axis=1)
            for band in range(bands):
                key = sig[band * rows_per_band : (band + 1) * rows_per_band].tobytes()
                first = buckets[band].setdefault(key, row)
                if first != row:
                    candidates.add((first, row))
    pairs = 0
    dup_rows = set()
    for first, row in candidates:
        s1, s2 = set(shingles(texts[first])), set(shingles(texts[row]))
        inter = len(s1 & s2)
        if inter / (len(s1) + len(s2) - inter) >= threshold:
            pairs += 1
            dup_rows.add(row)
    return {"pairs": pairs, "rows_with_duplicate": len(dup_rows)}


def grams(text, n=13):
    words = [w.lower() for w in WORD.findall(text)]
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def cpu():
    t = os.times()
    return t.user + t.system


def stamp(result, stage, t, c, value):
    result[stage] = {"seconds": time.perf_counter() - t, "cpu_seconds": cpu() - c, "result": value}


def run(train, eval_path, stages):
    result = {}
    t, c = time.perf_counter(), cpu()
    df = pd.read_json(train, lines=True)
    lengths = df["text"].str.len()
    profile = {
        "rows": len(df),
        "missing": df.isna().sum().to_dict(),
        "distinct": {c: int(df[c].nunique()) for c in df.columns},
        "text_length": {
            "min": int(lengths.min()),
            "mean": float(lengths.mean()),
            "p50": float(lengths.quantile(0.5)),
            "p95": float(lengths.quantile(0.95)),
            "max": int(lengths.max()),
        },
        "labels": df["label"].value_counts().to_dict(),
    }
    stamp(result, "profile", t, c, {"rows": profile["rows"]})
    if "dedup" in stages:
        t, c = time.perf_counter(), cpu()
        unique = df.drop_duplicates(subset=["text", "label"], keep="first")
        stamp(result, "dedup", t, c, {"removed": len(df) - len(unique)})
    if "minhash" in stages:
        t, c = time.perf_counter(), cpu()
        stamp(result, "minhash", t, c, minhash(df))
    if "ngram" in stages:
        t, c = time.perf_counter(), cpu()
        ev = pd.read_json(eval_path, lines=True)
        eval_grams = {}
        for row, text in enumerate(ev["text"].tolist()):
            for g in grams(text):
                eval_grams.setdefault(g, set()).add(row)
        hit = set()
        for text in df["text"].tolist():
            for g in grams(text):
                rows = eval_grams.get(g)
                if rows:
                    hit |= rows
        stamp(result, "ngram", t, c, {"contaminated": len(hit)})
    return result


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--eval-out")
    g.add_argument("--rows", type=int, default=1_000_000)
    g.add_argument("--seed", type=int, default=1)
    r = sub.add_parser("run")
    r.add_argument("--train", required=True)
    r.add_argument("--eval", required=True)
    r.add_argument("--stages", default="profile,dedup,minhash,ngram")
    a = p.parse_args()
    if a.cmd == "generate":
        generate(a.out, a.eval_out, a.rows, a.seed)
    else:
        json.dump(run(a.train, a.eval, a.stages.split(",")), sys.stdout)
        print()


if __name__ == "__main__":
    main()
