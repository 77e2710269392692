#!/usr/bin/env bash
# The README's test command: installs what the tests need, starts the single-machine Slurm cluster,
# runs every Java and Python test suite, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export MLINTERN_SHARED="${MLINTERN_SHARED:-$root/../shared}"
if [ ! -d "$MLINTERN_SHARED/fixtures" ]; then
  echo "test: shared material not found at $MLINTERN_SHARED (set MLINTERN_SHARED)" >&2
  exit 1
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# First the install path a fresh machine's first `mlintern demo` takes (the tabular tier with the
# project's script, as mlintern runs it on Debian as root), proven by importing what it installed; then
# everything else. Both are idempotent: on a provisioned machine they check and install nothing.
scripts/install-deps.sh --python
/usr/bin/python3 -c 'import numpy, pandas, sklearn' \
  || { echo "test: scripts/install-deps.sh --python left numpy, pandas or scikit-learn missing" >&2; exit 1; }
scripts/install-deps.sh

started_slurm=0
if [ -x scripts/slurm-up.sh ]; then
  scripts/slurm-up.sh && started_slurm=1
fi
cleanup() {
  if [ "$started_slurm" = 1 ] && [ -x scripts/slurm-down.sh ]; then scripts/slurm-down.sh || true; fi
}
trap cleanup EXIT

status=0
# Formatting is part of the build: `mvn spotless:apply` and `/opt/mlintern/tools/bin/ruff format .` fix it.
/opt/mlintern/tools/bin/ruff format --check . >&2 || { echo "test: Python is not formatted: run /opt/mlintern/tools/bin/ruff format ." >&2; status=1; }
/opt/mlintern/tools/bin/ruff check . >&2 || status=1
mvn -B -ntp install || status=1

# The tabular recipes run on Debian's Python; the LLM recipes on the LLM job environment, where a test
# needing transformers, peft or TRL fails instead of skipping.
/usr/bin/python3 -m pytest recipes/tests -q -p no:cacheprovider || status=1
MLINTERN_LLM_REQUIRE_HF=1 /opt/mlintern/llm-venv/bin/python -m pytest recipes/llm/tests -q -p no:cacheprovider || status=1
exit $status
