#!/usr/bin/env bash
# Data engine benchmark (not a test): profile, exact dedup, MinHash near-duplicates and 13-gram contamination on a
# generated 1,000,000-row JSONL of ~200-byte texts, each stage timed in Java (DuckDB engine) and in its Python twin
# (pandas/numpy, same algorithms, same results), then the Java pipeline alone on a ~2 GB file with its peak memory.
# Usage: scripts/bench-data.sh [WORKDIR]   (default /tmp/mlintern-data-bench; SKIP_2GB=1 skips the second part)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/mlintern-data-bench}"
mkdir -p "$work"
py=/usr/bin/python3
bench_py=data/bench/data_bench.py

echo "bench-data: building test classes" >&2
mvn -q -o -pl data test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
cp="data/target/classes:data/target/test-classes:$(cat "$work/cp.txt")"

if [ ! -s "$work/train-1m.jsonl" ]; then
  echo "bench-data: generating 1M rows" >&2
  $py $bench_py generate --out "$work/train-1m.jsonl" --eval-out "$work/eval.jsonl" --rows 1000000
fi

echo "bench-data: Java on 1M rows" >&2
/usr/bin/time -v -o "$work/java-1m.time" java -Xmx256m -cp "$cp" dev.mlintern.data.bench.DataBench \
  "$work/train-1m.jsonl" "$work/eval.jsonl" 512MB 2 > "$work/java-1m.json"
echo "bench-data: Python on 1M rows" >&2
/usr/bin/time -v -o "$work/python-1m.time" $py $bench_py run --train "$work/train-1m.jsonl" --eval "$work/eval.jsonl" \
  > "$work/python-1m.json"

$py - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
j = json.load(open(f"{work}/java-1m.json"))
p = json.load(open(f"{work}/python-1m.json"))
def rss(path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    return int(m.group(1)) / 1024 if m else float("nan")
print("| stage | Java wall (s) | Python wall (s) | wall speed-up | Java CPU (s) | Python CPU (s) | CPU ratio | same result |")
print("|---|---|---|---|---|---|---|---|")
tj = tp = cj = cp = 0
for stage in ["profile", "dedup", "minhash", "ngram"]:
    a, b = j[stage]["seconds"], p[stage]["seconds"]
    ca, cb = j[stage].get("cpu_seconds", float("nan")), p[stage].get("cpu_seconds", float("nan"))
    tj += a; tp += b; cj += ca; cp += cb
    same = all(str(v) == str(p[stage]["result"].get(k)) for k, v in j[stage]["result"].items() if k in p[stage]["result"])
    print(f"| {stage} | {a:.1f} | {b:.1f} | {b / a:.1f}x | {ca:.1f} | {cb:.1f} | {cb / ca:.1f}x | {'yes' if same else 'NO'} {j[stage]['result']} |")
print(f"| **pipeline** | **{tj:.1f}** | **{tp:.1f}** | **{tp / tj:.1f}x** | **{cj:.1f}** | **{cp:.1f}** | **{cp / cj:.1f}x** | |")
print(f"\npeak RSS: Java {rss(work + '/java-1m.time'):.0f} MB, Python {rss(work + '/python-1m.time'):.0f} MB")
PY

if [ "${SKIP_2GB:-0}" = 1 ]; then exit 0; fi
if [ ! -s "$work/train-2gb.jsonl" ]; then
  echo "bench-data: generating ~2 GB" >&2
  $py $bench_py generate --out "$work/train-2gb.jsonl" --rows 8700000 --seed 2
fi
echo "bench-data: Java on $(du -h "$work/train-2gb.jsonl" | cut -f1)" >&2
/usr/bin/time -v -o "$work/java-2gb.time" java -Xmx256m -cp "$cp" dev.mlintern.data.bench.DataBench \
  "$work/train-2gb.jsonl" "$work/eval.jsonl" 512MB 2 > "$work/java-2gb.json"
echo
echo "2 GB pipeline: $(cat "$work/java-2gb.json")"
grep -E "Elapsed|Maximum resident" "$work/java-2gb.time"
