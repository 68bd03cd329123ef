#!/usr/bin/env bash
# Starts a real single-node Slurm 22.05 cluster on 127.0.0.1 for the cluster tests, and prints the path of its
# slurm.conf on stdout (everything else goes to stderr):
#
#   conf="$(tests/cluster/slurm-up.sh)" && export SLURM_CONF="$conf" SIMLAP_TEST_SLURM_CONF="$conf"
#   ...
#   tests/cluster/slurm-down.sh
#
# Installs slurm-wlm and munge with apt-get when they are missing (needs root; no systemd needed), runs munged as
# the munge user, and slurmctld + slurmd on loopback with a project-owned slurm.conf in $SIMLAP_SLURM_DIR (default
# /tmp/simlap-slurm), so /etc/slurm is never touched. State and spool folders are fresh on every start. Ports come
# from $SIMLAP_SLURM_PORT (slurmctld; slurmd uses the next one; default 6817).
set -euo pipefail

dir="${SIMLAP_SLURM_DIR:-/tmp/simlap-slurm}"
port="${SIMLAP_SLURM_PORT:-6817}"
here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "slurm-up: $*" >&2; }
started=$SECONDS

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root (it installs packages and starts munged as the munge user)"
  exit 1
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  log "installing slurm-wlm and munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
fi

# A cluster left over from an earlier start of this folder is stopped first.
if [[ -f "$dir/slurm.conf" ]]; then
  SIMLAP_SLURM_DIR="$dir" "$here/slurm-down.sh" >&2 || true
fi

# munge: reuse a working munged; else start one as the munge user (no systemd: create /run/munge by hand).
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "munged is already running"
else
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge /etc/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    log "creating /etc/munge/munge.key"
    runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
  fi
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do
    if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  munge -n | unmunge >/dev/null || { log "munged did not start"; exit 1; }
  mkdir -p "$dir"
  cp /run/munge/munged.pid "$dir/munged.pid"
  log "started munged (pid $(cat "$dir/munged.pid"))"
fi

rm -rf "$dir/state" "$dir/spool"
mkdir -p "$dir/state" "$dir/spool"
rm -f "$dir"/*.log

# The node as slurmd sees the hardware, named localhost (the host name is not localhost: slurmd -N localhost).
hardware="$(slurmd -C | head -n 1 | sed -e 's/^NodeName=[^ ]* //' -e 's/ *RealMemory=[0-9]*//')"
cat > "$dir/slurm.conf" <<CONF
# Written by tests/cluster/slurm-up.sh: a one-node cluster on loopback for SimLap's cluster tests.
ClusterName=simlap-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ReturnToService=2
InactiveLimit=0
KillWait=10
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

export SLURM_CONF="$dir/slurm.conf"
slurmctld -i
slurmd -N localhost
log "started slurmctld (pid $(cat "$dir/slurmctld.pid" 2>/dev/null || echo '?')) and slurmd"

for _ in $(seq 1 300); do
  state="$(sinfo -h -n localhost -o %T 2>/dev/null || true)"
  if [[ "$state" == idle ]]; then
    log "node localhost is idle after $((SECONDS - started)) s; SLURM_CONF=$SLURM_CONF"
    echo "$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done

log "the node did not become idle within 60 s (state '${state:-none}'); logs in $dir"
tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
"$here/slurm-down.sh" >&2 || true
exit 1
