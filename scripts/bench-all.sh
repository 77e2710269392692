#!/usr/bin/env bash
# Runs every offline bench task (../shared/bench/tasks and the project's bench/tasks) with the autopilot (5-minute
# budget each, one after another), grades each submission against the task's answers and writes the table to
# target/bench/autopilot.md (to be added to docs/benchmarks/autopilot.md as a dated section): the score beside the simple and strong references, the normalized score
# (simple = 0, strong = 1) and the wall time beside the budget. Not part of the test suite: it takes about
# 45 minutes on a 2-core machine.
#   scripts/bench-all.sh [BUDGET]          e.g. scripts/bench-all.sh 5m
# Environment: TASKS (names of the tasks to run, space-separated; default all), MLINTERN_SHARED (default ../shared beside the repository), MLINTERN (the mlintern command,
# default ./mlintern), BENCH_OUT (default target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-5m}"
shared="${MLINTERN_SHARED:-../shared}"
mlintern="${MLINTERN:-./mlintern}"
out="${BENCH_OUT:-target/bench}"
doc="$out/autopilot.md"
mkdir -p "$out" "$(dirname "$doc")"
rows=()
normalized=()
budget_seconds=$(python3 -c "import re,sys; m=re.fullmatch(r'([0-9.]+)([smh]?)', sys.argv[1]); print(int(float(m.group(1))*{'':1,'s':1,'m':60,'h':3600}[m.group(2)]))" "$budget")
for task in "$shared"/bench/tasks/*/ bench/tasks/*/; do
  name=$(basename "$task")
  if [ -n "${TASKS:-}" ] && [[ " $TASKS " != *" $name "* ]]; then continue; fi
  refs="$shared/bench/REFERENCES.md"
  case "$task" in bench/*) refs=bench/REFERENCES.md ;; esac
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
  simple=$(awk -F'|' -v t="$name" '$2 ~ "^ *"t" *$" {gsub(/ /,"",$5); print $5}' "$refs")
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
  norm=$(python3 -c "
import sys
try:
    s, lo, hi = map(float, sys.argv[1:4])
    print('%.2f' % ((s - lo) / (hi - lo)) if hi != lo else 'n/a')  # n/a where simple = strong
except ValueError:
    print('n/a')" "$score" "$simple" "$ref")
  [ "$norm" != "n/a" ] && normalized+=("$norm")
  shown=$(python3 -c "import sys; v=sys.argv[1]; print(v if not v.replace('.','',1).isdigit() else ('%.4f' % float(v) if float(v) >= 10 else '%.5f' % float(v)).rstrip('0').rstrip('.'))" "$score")
  rows+=("| $name | $metric | $shown | $simple | $ref | $norm | $verdict | ${chosen:-?} | ${trials:-?} | $seconds / $budget_seconds |")
done
{
  echo "# Autopilot on the offline bench"
  echo
  echo "Each task run with \`$mlintern bench run TASK --time-budget $budget --out DIR\` (model \`autopilot\`, seed 0),"
  echo "graded with \`mlintern bench grade TASK DIR/submission.csv\` against the task's answers. \"simple\" and"
  echo "\"strong\" are the references from ../shared/bench/REFERENCES.md (bench/REFERENCES.md for the project's own"
  echo "tasks); \"normalized\" puts simple at 0 and strong at 1 (n/a where they are equal; the mean leaves those out); \"reaches\" applies the tolerance (0.005 absolute for"
  echo "accuracy, f1 and roc_auc; 2% relative for rmse, rmsle and mae); \"seconds\" is the wall time of the whole"
  echo "command beside the budget. Machine: $(nproc) cores, shared; $(date -u +%Y-%m-%d)."
  echo
  echo "Reproduce: \`scripts/bench-all.sh $budget\`"
  echo
  echo "| task | metric | graded | simple | strong | normalized | reaches strong | chosen recipe | trials | seconds / budget |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Mean normalized score: $(python3 -c "import sys; v=[float(a) for a in sys.argv[1:]]; print('%.2f' % (sum(v)/len(v)) if v else 'n/a')" "${normalized[@]}")"
} > "$doc"
cat "$doc"
