#!/usr/bin/env bash
# The compute benchmark: per-job overhead (submit → first metric), metric ingestion rate, and the wall time of
# 8 CPU-bound ~5 s jobs one after another, with local concurrency 2 and through Slurm (when a controller answers;
# start one with scripts/slurm-up.sh). Prints a Markdown table; record it in docs/benchmarks/compute.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl compute install -DskipTests >&2
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o -pl compute test-compile dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2
cp=$(cat "$cpfile")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
java -cp "compute/target/classes:compute/target/test-classes:$cp" dev.mlintern.compute.bench.ComputeBenchmark
