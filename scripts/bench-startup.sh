#!/usr/bin/env bash
# Start-up time of the CLI: `mlintern --help` and `mlintern jobs list`, N runs each, without class-data
# sharing (plain java on the same jars: what the launcher did before) and through the launcher (with the CDS
# archive it builds on first start). Prints median wall and CPU (user+sys) seconds. Needs a built checkout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export MLINTERN_HOME="$home" MLINTERN_SOURCE="$root"
classpath="$root/cli/target/mlintern-cli.jar:$root/cli/target/lib/*"
"$root/mlintern" --version >/dev/null   # builds if needed, and the CDS archive

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() {  # label, command...
  local label="$1"; shift
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    local t
    /usr/bin/time -o "$home/time" -f '%e %U %S' "$@" >/dev/null 2>&1
    t="$(tail -1 "$home/time")"
    walls+=("$(echo "$t" | awk '{print $1}')")
    cpus+=("$(echo "$t" | awk '{print $2 + $3}')")
  done
  printf '| %s | %s | %s |\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
echo "| command | median wall s | median CPU s |"
echo "|---|---|---|"
measure "--help, java without CDS (before)" java -cp "$classpath" dev.mlintern.cli.Main --help
measure "--help, ./mlintern with CDS (after)" "$root/mlintern" --help
measure "jobs list, java without CDS (before)" java -cp "$classpath" dev.mlintern.cli.Main jobs list
measure "jobs list, ./mlintern with CDS (after)" "$root/mlintern" jobs list
