#!/usr/bin/env bash
# Data engine benchmark (not a test): profile, exact dedup, MinHash near-duplicates and 13-gram contamination on a
# generated 1,000,000-row JSONL of ~200-byte texts, each stage timed in Java (DuckDB engine) and in its Python twin
# (pandas/numpy, same algorithms, same results), then the Java pipeline alone on a ~2 GB file with its peak memory.
# The SQL stages (profile, dedup) are also run as one hand-written raw DuckDB query each over the same file, in
# the same Java run, and the whole processes' CPU time (user + sys, from /usr/bin/time) is reported beside wall.
# Usage: scripts/bench-data.sh [WORKDIR]   (default /tmp/mlintern-data-bench; SKIP_2GB=1 skips the second part)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/mlintern-data-bench}"
mkdir -p "$work"
py=/usr/bin/python3
bench_py=data/bench/data_bench.py

echo "bench-data: building test classes" >&2
mvn -q -o -pl data -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
cp="data/target/classes:data/target/test-classes:$(cat "$work/cp.txt")"
echo "bench-data: load before: $(uptime)" >&2

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
echo "bench-data: load after: $(uptime)" >&2

$py - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
j = json.load(open(f"{work}/java-1m.json"))
p = json.load(open(f"{work}/python-1m.json"))
def field(path, name):
    m = re.search(name + r": ([\d.:]+)", open(path).read())
    return m.group(1) if m else "nan"
def rss(path):
    return float(field(path, r"Maximum resident set size \(kbytes\)")) / 1024
def cpu(path):
    return float(field(path, r"User time \(seconds\)")) + float(field(path, r"System time \(seconds\)"))
raw = j.get("raw_duckdb", {})
print("| stage | Java wall (s) | Python wall (s) | wall speed-up | Java CPU (s) | Python CPU (s) | CPU ratio | raw DuckDB CPU (s), same statistics / issue's query | Java CPU / raw | same result |")
print("|---|---|---|---|---|---|---|---|---|---|")
tj = tp = cj = cp = 0
for stage in ["profile", "dedup", "minhash", "ngram"]:
    a, b = j[stage]["seconds"], p[stage]["seconds"]
    ca, cb = j[stage].get("cpu_seconds", float("nan")), p[stage].get("cpu_seconds", float("nan"))
    tj += a; tp += b; cj += ca; cp += cb
    same = all(str(v) == str(p[stage]["result"].get(k)) for k, v in j[stage]["result"].items() if k in p[stage]["result"])
    r_same, r_light = raw.get(stage + "_same"), raw.get(stage + "_light")
    if r_same and r_light:
        rs, rl = r_same["cpu_seconds"], r_light["cpu_seconds"]
        raw_cols = f"{rs:.2f} / {rl:.2f} | {ca / rs:.2f}x / {ca / rl:.2f}x"
    else:
        raw_cols = "— | —"
    print(f"| {stage} | {a:.1f} | {b:.1f} | {b / a:.1f}x | {ca:.1f} | {cb:.1f} | {cb / ca:.1f}x | {raw_cols} | {'yes' if same else 'NO'} {j[stage]['result']} |")
print(f"| **pipeline** | **{tj:.1f}** | **{tp:.1f}** | **{tp / tj:.1f}x** | **{cj:.1f}** | **{cp:.1f}** | **{cp / cj:.1f}x** | | | |")
jt, pt = f"{work}/java-1m.time", f"{work}/python-1m.time"
raw_cpu = sum(v["cpu_seconds"] for v in raw.values())
print(f"\nwhole process (user + sys): Java {cpu(jt):.1f} s CPU, {field(jt, 'Elapsed .wall clock. time .h:mm:ss or m:ss.')} wall"
      f" (of which raw DuckDB queries {raw_cpu:.1f} s CPU); Python {cpu(pt):.1f} s CPU,"
      f" {field(pt, 'Elapsed .wall clock. time .h:mm:ss or m:ss.')} wall;"
      f" Python / Java without the raw queries: {cpu(pt) / (cpu(jt) - raw_cpu):.1f}x")
print(f"peak RSS: Java {rss(jt):.0f} MB, Python {rss(pt):.0f} MB")
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
grep -E "Elapsed|User time|System time|Maximum resident" "$work/java-2gb.time"
echo "bench-data: load after: $(uptime)" >&2
