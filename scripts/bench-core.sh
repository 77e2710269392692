#!/usr/bin/env bash
# Loop benchmark of the core engine (not a test): per-iteration overhead, resume time, heap.
# Usage: scripts/bench-core.sh   (from the repository root; core and testkit must be installed or built)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -pl core install -DskipTests >&2
mvn -q -o -pl testkit test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.mlintern.testkit.bench.LoopBenchmark
