#!/usr/bin/env bash
# Screenshots of every page of the web UI, for readers who have not started it: serves a small, realistic
# ledger (real local jobs that report metrics over steps, runs named by what they are) and two sessions, and
# saves one PNG per page in docs/screenshots/ with Debian's headless chromium (/usr/bin/chromium). A separate
# command, never part of the test suite. Needs the build (it compiles the web module and what it uses).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mvn -B -q -o -pl web -am test-compile -Dspotless.check.skip=true >&2
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o -pl web dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2
cp="web/target/test-classes:web/target/classes:compute/target/classes:core/target/classes:testkit/target/classes"
java -cp "$cp:$(cat "$cpfile")" dev.mlintern.web.Screenshots "$out"
