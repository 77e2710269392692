#!/bin/bash
# mlintern job wrapper (local and Slurm). Runs one job command in its own process group, waits for a free
# slot when a concurrency limit is set, enforces the timeout, and records start, process group, exit code
# and end time in the job folder so that any later mlintern process can read what happened.
# usage: job-wrapper.sh JOBDIR WORKDIR TIMEOUT_SECONDS SLOTS SLOTDIR COMMAND...
dir=$1; workdir=$2; timeout=$3; slots=$4; slotdir=$5; shift 5
umask 077
echo $$ > "$dir/wrapper.pid"
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
finish() {
  now > "$dir/ended_at"
  echo "$1" > "$dir/exit_code.tmp" && mv "$dir/exit_code.tmp" "$dir/exit_code"
  exit "$1"
}
if [ "$slots" -gt 0 ]; then
  mkdir -p "$slotdir"
  while :; do
    [ -e "$dir/cancelled" ] && finish 130
    got=
    for ((i = 0; i < slots; i++)); do
      exec 9>>"$slotdir/slot-$i"
      if flock -n 9; then got=1; break; fi
      exec 9>&-
    done
    [ -n "$got" ] && break
    sleep 0.2
  done
fi
[ -e "$dir/cancelled" ] && finish 130
cd "$workdir" || { echo "mlintern: cannot enter $workdir" >> "$dir/stdout.log"; finish 126; }
now > "$dir/started_at"
set -m
"$@" >> "$dir/stdout.log" 2>&1 9>&- < /dev/null &
child=$!
set +m
echo "$child" > "$dir/pgid"
stop_child() {
  kill -TERM -- "-$child" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$child" 2>/dev/null || return; sleep 0.3; done
  kill -KILL -- "-$child" 2>/dev/null
}
on_signal() {
  if [ -e "$dir/cancelled" ]; then kill -KILL -- "-$child" 2>/dev/null; else touch "$dir/terminated"; stop_child; fi
}
trap on_signal TERM INT HUP
[ -e "$dir/cancelled" ] && stop_child
watchdog=
if [ "$timeout" -gt 0 ]; then
  (
    trap 'kill $s 2>/dev/null; exit 0' TERM
    sleep "$timeout" 9>&- & s=$!
    wait $s
    touch "$dir/timed_out"
    stop_child
  ) 9>&- &
  watchdog=$!
fi
code=0
while :; do
  wait "$child"; code=$?
  kill -0 "$child" 2>/dev/null || break
done
[ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
# the job's leader is gone; make sure nothing it started lingers in its process group
kill -0 -- "-$child" 2>/dev/null && stop_child
finish "$code"
