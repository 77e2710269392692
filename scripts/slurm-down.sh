#!/usr/bin/env bash
# Stops the single-machine Slurm cluster that scripts/slurm-up.sh started (slurmd, slurmctld, then munged).
set -uo pipefail
state=${MLINTERN_SLURM_STATE:-/var/spool/mlintern-slurm}
stop() {
  local pidfile=$1 name=$2 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "slurm-down: stopping $name" >&2
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}
stop "$state/slurmd.pid" slurmd
stop "$state/slurmctld.pid" slurmctld
stop /run/munge/munged.pid munged
exit 0
