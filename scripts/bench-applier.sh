#!/usr/bin/env bash
# The applier draining a store of N Services × E endpoints into midonet-emulator (--latency-ms L),
# one op at a time (--concurrency 1, the original controllers' way) and concurrently.
# Real binaries over real sockets: midonet-bench applier-workload fills the store through
# Store.ingest, midonet-applier drains it, the clock stops when /metrics says the queue is empty.
# Prints: concurrency, ops, seconds, ops/s, speed-up over one at a time.
#
#   scripts/bench-applier.sh [services] [endpoints] [latency-ms] [concurrency...]
#   (defaults: 1000 3 2, concurrency 1 16 32 64; 32 is the applier's default)
#
# Builds release through swiftb (the shared build lock) when available.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES="${1:-1000}"
ENDPOINTS="${2:-3}"
LATENCY="${3:-2}"
shift $(( $# < 3 ? $# : 3 ))
LEVELS=("$@")
[ ${#LEVELS[@]} -eq 0 ] && LEVELS=(1 16 32 64)
. scripts/lib/bench-common.sh
bench_setup bench-applier

build_release midonet-applier midonet-emulator midonet-bench

# One run: a fresh store and emulator, the applier at concurrency $1. Sets OPS and ELAPSED.
run() {
  local concurrency=$1 dir="$WORK/c$1"
  mkdir -p "$dir"
  "$BIN/midonet-bench" applier-workload --db "$dir/store.sqlite" --services "$SERVICES" --endpoints "$ENDPOINTS" > "$dir/queued"
  "$BIN/midonet-emulator" --listen 127.0.0.1:0 --latency-ms "$LATENCY" > "$dir/emulator.log" 2>&1 &
  local emulator=$!; pids+=("$emulator")
  local api; api=$(wait_for "$dir/emulator.log" 'http://127\.0\.0\.1:[0-9]+/midonet-api' 30)
  local started; started=$(date +%s.%N)
  "$BIN/midonet-applier" --store "$dir/store.sqlite" --midonet-api "$api" --metrics-listen 127.0.0.1:0 \
    --concurrency "$concurrency" --drift-interval 3600 --log-level notice > "$dir/applier.log" 2>&1 &
  local applier=$!; pids+=("$applier")
  local port; port=$(wait_for "$dir/applier.log" 'metrics=127\.0\.0\.1:[0-9]+' 30 | sed 's/.*://')
  until [ "$(metric "$port" midonet_applier_queue_depth)" = "0.0" ] || [ "$(metric "$port" midonet_applier_queue_depth)" = "0" ]; do
    kill -0 "$applier" 2>/dev/null || { echo "applier died:" >&2; tail -20 "$dir/applier.log" >&2; exit 1; }
    sleep 0.05
  done
  local finished; finished=$(date +%s.%N)
  local applied; applied=$(metric "$port" midonet_applier_ops_applied_total)
  local parked; parked=$(metric "$port" midonet_applier_parked)
  kill -TERM "$applier"; wait "$applier" || true
  # Sanity: every Service's jump rule is in KUBE-SERVICES (2fda962b…: the default tenant's).
  local rules; rules=$(curl -s -H 'Accept: application/vnd.org.midonet.collection.Rule-v2+json' \
    "$api/chains/2fda962b-7810-5440-a199-6e3e9f419509/rules" | grep -o '"type":"jump"' | wc -l)
  kill "$emulator"; wait "$emulator" 2>/dev/null || true
  [ "$rules" -eq "$SERVICES" ] || { echo "KUBE-SERVICES has $rules jump rules, want $SERVICES" >&2; exit 1; }
  [ "${parked%.0}" = "0" ] || { echo "$parked ops parked" >&2; exit 1; }
  OPS=${applied%.0}
  ELAPSED=$(echo "$finished - $started" | bc -l)
}

echo "$SERVICES Services × $ENDPOINTS endpoints, emulator --latency-ms $LATENCY" >&2
printf '%-12s %8s %10s %10s %10s\n' concurrency ops seconds ops/s speed-up
base=""
for level in "${LEVELS[@]}"; do
  run "$level"
  ops=$OPS seconds=$ELAPSED
  rate=$(echo "$ops / $seconds" | bc -l)
  [ -z "$base" ] && base=$rate
  printf '%-12s %8d %10.2f %10.0f %9.1fx\n' "$level" "$ops" "$seconds" "$rate" "$(echo "$rate / $base" | bc -l)"
done
