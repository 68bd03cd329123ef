#!/usr/bin/env bash
# Stops the cluster slurm-up.sh started in $SIMLAP_SLURM_DIR (default /tmp/simlap-slurm): cancels every job, waits
# for an empty queue (slurmstepd ignores SIGTERM, so killing the daemons under a running job would leave it
# behind), then stops slurmd, slurmctld and the munged it started, each by the PID in its pid file.
set -uo pipefail

dir="${SIMLAP_SLURM_DIR:-/tmp/simlap-slurm}"
log() { echo "slurm-down: $*" >&2; }
export SLURM_CONF="$dir/slurm.conf"

stop() { # name pidfile
  local name="$1" file="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

if [[ -f "$SLURM_CONF" && -f "$dir/slurmctld.pid" ]] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
  scancel --user="$(id -un)" 2>/dev/null || true
  for _ in $(seq 1 300); do
    [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
    sleep 0.2
  done
  if [[ -n "$(squeue -h -o %i 2>/dev/null)" ]]; then
    log "jobs still queued after 60 s:"; squeue >&2
  fi
fi

stop slurmd "$dir/slurmd.pid"
stop slurmctld "$dir/slurmctld.pid"
stop munged "$dir/munged.pid"
exit 0
