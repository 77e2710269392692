#!/usr/bin/env bash
# Runs every offline bench task with the autopilot (5-minute budget each, one after another), grades each
# submission against the task's answers and writes the table to docs/benchmarks/autopilot.md.
# Not part of the test suite: it takes about 35 minutes on a 2-core machine.
#   scripts/bench-all.sh [BUDGET]          e.g. scripts/bench-all.sh 5m
# Environment: MLINTERN_SHARED (default ../shared beside the repository), MLINTERN (the mlintern command,
# default ./mlintern), BENCH_OUT (default target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-5m}"
shared="${MLINTERN_SHARED:-../shared}"
mlintern="${MLINTERN:-./mlintern}"
out="${BENCH_OUT:-target/bench}"
refs="$shared/bench/REFERENCES.md"
doc=docs/benchmarks/autopilot.md
mkdir -p "$out" "$(dirname "$doc")"
rows=()
for task in "$shared"/bench/tasks/*/; do
  name=$(basename "$task")
  echo "== $name" >&2
  start=$(date +%s)
  if "$mlintern" bench run "$task" --time-budget "$budget" --out "$out/$name" > "$out/$name.result.json" 2> "$out/$name.log"; then
    score=$("$mlintern" bench grade "$task" "$out/$name/submission.csv" 2>/dev/null || echo "error")
  else
    score="failed"
  fi
  seconds=$(( $(date +%s) - start ))
  metric=$(grep -m1 '^metric:' "$task/task.md" | awk '{print $2}')
  ref=$(awk -F'|' -v t="$name" '$2 ~ "^ *"t" *$" {gsub(/ /,"",$6); print $6}' "$refs")
  chosen=$(sed -n 's/.*"recipe":"\([^"]*\)".*/\1/p' "$out/$name.result.json" | head -1)
  trials=$(sed -n 's/.*"trials":\([0-9]*\).*/\1/p' "$out/$name.result.json" | head -1)
  verdict=$(python3 - "$metric" "$score" "$ref" <<'PY'
import sys
metric, score, ref = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    s, r = float(score), float(ref)
except ValueError:
    print("n/a"); sys.exit()
ok = s <= r * 1.02 if metric in ("rmse", "rmsle", "mae") else s >= r - 0.005
print("yes" if ok else "NO")
PY
)
  echo "$name $metric score=$score strong=$ref reaches=$verdict (${seconds}s)" >&2
  shown=$(python3 -c "import sys; v=sys.argv[1]; print(v if not v.replace('.','',1).isdigit() else ('%.4f' % float(v) if float(v) >= 10 else '%.5f' % float(v)).rstrip('0').rstrip('.'))" "$score")
  rows+=("| $name | $metric | $shown | $ref | $verdict | ${chosen:-?} | ${trials:-?} | $seconds |")
done
{
  echo "# Autopilot on the offline bench"
  echo
  echo "Each task run with \`$mlintern bench run TASK --time-budget $budget --out DIR\` (model \`autopilot\`, seed 0),"
  echo "graded with \`mlintern bench grade TASK DIR/submission.csv\` against the task's answers. \"strong\" is the"
  echo "reference from ../shared/bench/REFERENCES.md; \"reaches\" applies its tolerance (0.005 absolute for"
  echo "accuracy, f1 and roc_auc; 2% relative for rmse, rmsle and mae). Machine: $(nproc) cores, shared; $(date -u +%Y-%m-%d)."
  echo
  echo "Reproduce: \`scripts/bench-all.sh $budget\`"
  echo
  echo "| task | metric | graded | strong | reaches strong | chosen recipe | trials | seconds |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > "$doc"
cat "$doc"
