#!/usr/bin/env bash
# Starts a single-machine Slurm cluster (munged, slurmctld, slurmd) for the tests and for local use, without
# systemd. Idempotent: when a controller already answers and the node is usable it does nothing. Needs root and
# Debian's slurm-wlm + munge (scripts/install-deps.sh). State lives under $MLINTERN_SLURM_STATE
# (default /var/spool/mlintern-slurm); scripts/slurm-down.sh stops what this started.
set -euo pipefail
state=${MLINTERN_SLURM_STATE:-/var/spool/mlintern-slurm}
conf_dir=/etc/slurm
log() { echo "slurm-up: $*" >&2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  log "slurm-wlm or munge is not installed (run scripts/install-deps.sh)"; exit 1
fi
node_ready() { sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated|completing)'; }
if scontrol ping 2>/dev/null | grep -q 'UP' && node_ready; then
  log "already running"; exit 0
fi

mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge "$state/ctld" "$state/d" "$conf_dir"
if [ ! -s /etc/munge/munge.key ]; then
  log "creating a munge key"
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

host=$(hostname -s)
node=$(slurmd -C | head -n 1)
cat > "$conf_dir/slurm.conf" <<CONF
# written by mlintern scripts/slurm-up.sh for a single-machine cluster
ClusterName=mlintern
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MinJobAge=300
KillWait=5
InactiveLimit=0
$node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

if ! scontrol ping 2>/dev/null | grep -q 'UP'; then
  log "starting slurmctld"
  slurmctld -c 2>/dev/null || slurmctld
fi
if [ ! -s "$state/slurmd.pid" ] || ! kill -0 "$(cat "$state/slurmd.pid")" 2>/dev/null; then
  log "starting slurmd"
  slurmd
fi
for _ in $(seq 60); do
  if node_ready; then
    log "node $host is up"; exit 0
  fi
  scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  sleep 0.5
done
log "the node did not become idle; see $state/slurmctld.log and $state/slurmd.log"
sinfo >&2 || true
exit 1
