#!/usr/bin/env bash
# One drift repair pass of midonet-applier over a store of N Services × E endpoints: how long it
# takes and the applier's peak memory (VmHWM), which is what its container's memory limit must
# hold (manifests/: 256Mi). Real binaries over real sockets: midonet-bench applier-workload fills
# the store, a first applier drains it into midonet-emulator, then a fresh applier runs one pass
# (the first comes 5 s after start) in three situations:
#   in-step      MidoNet has everything: the pass reads it all and queues nothing;
#   unreachable  nothing listens at MidoNet's address: the pass fails once it needs MidoNet;
#   lost-state   MidoNet restarted empty: the pass queues every object's create again.
# Prints: situation, units, pass seconds, ops queued, RSS when ready (MiB), peak RSS (MiB).
#
#   scripts/bench-drift.sh [services] [endpoints]     (defaults: 5000 3)
#   APPLIER=/path/to/midonet-applier scripts/bench-drift.sh …   (another build, side by side)
#
# Builds release through swiftb (the shared build lock) when available.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES="${1:-5000}"
ENDPOINTS="${2:-3}"
. scripts/lib/bench-common.sh
bench_setup bench-drift

build_release midonet-applier midonet-emulator midonet-bench
APPLIER="${APPLIER:-$BIN/midonet-applier}"
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# start_emulator NAME: a fresh, empty emulator; sets EMULATOR (pid) and API (its URL).
start_emulator() {
  "$BIN/midonet-emulator" --listen 127.0.0.1:0 --latency-ms 0 > "$WORK/$1.log" 2>&1 &
  EMULATOR=$!; pids+=("$EMULATOR")
  API=$(wait_for "$WORK/$1.log" 'http://127\.0\.0\.1:[0-9]+/midonet-api' 30)
}

# start_applier NAME API ARG…: sets APPLIER_PID and PORT (its metrics port).
start_applier() {
  local name=$1 api=$2; shift 2
  "$APPLIER" --store "$WORK/store.sqlite" --midonet-api "$api" --metrics-listen 127.0.0.1:0 "$@" > "$WORK/$name.log" 2>&1 &
  APPLIER_PID=$!; pids+=("$APPLIER_PID")
  PORT=$(wait_for "$WORK/$name.log" 'metrics=127\.0\.0\.1:[0-9]+' 60 | sed 's/.*://')
}

stop_applier() { kill -TERM "$APPLIER_PID"; wait "$APPLIER_PID" 2>/dev/null || true; }

# One pass in situation $1 against API $2: prints its table row.
pass() {
  local situation=$1 api=$2
  start_applier "$situation" "$api" --drift-interval 3600 --log-level info
  sleep 1
  local ready; ready=$(rss "$APPLIER_PID")
  local line; line=$(wait_for "$WORK/$situation.log" '.*drift (pass|repair failed).*' 120)
  local peak; peak=$(peak_rss "$APPLIER_PID")
  local seconds units ops
  seconds=$(echo "$line" | grep -Eo 'seconds=[0-9.]+' | cut -d= -f2 || true)
  units=$(echo "$line" | grep -Eo 'units=[0-9]+' | cut -d= -f2 || true)
  ops=$(echo "$line" | grep -Eo 'ops=[0-9]+' | cut -d= -f2 || true)
  stop_applier
  printf '%-12s %8s %9s %9s %10s %10s\n' "$situation" "${units:--}" "${seconds:--}" "${ops:--}" "$ready" "$peak"
}

echo "$SERVICES Services × $ENDPOINTS endpoints: filling the store and draining it into the emulator…" >&2
"$BIN/midonet-bench" applier-workload --db "$WORK/store.sqlite" --services "$SERVICES" --endpoints "$ENDPOINTS" > "$WORK/queued"
start_emulator emulator
start_applier drain "$API" --drift-interval 0 --log-level notice
until [ "$(metric "$PORT" midonet_applier_queue_depth)" = "0.0" ] || [ "$(metric "$PORT" midonet_applier_queue_depth)" = "0" ]; do
  kill -0 "$APPLIER_PID" 2>/dev/null || { echo "applier died:" >&2; tail -20 "$WORK/drain.log" >&2; exit 1; }
  sleep 0.2
done
stop_applier

printf '%-12s %8s %9s %9s %10s %10s\n' situation units pass-s ops ready-MiB peak-MiB
pass in-step "$API"
kill "$EMULATOR"; wait "$EMULATOR" 2>/dev/null || true
pass unreachable "http://127.0.0.1:$(free_port)/midonet-api"
start_emulator lost
pass lost-state "$API"
