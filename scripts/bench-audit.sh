#!/usr/bin/env bash
# Durable audit ingest end to end: midonet-webhook (release) over TLS with a client certificate
# (mTLS, as kube-apiserver's audit backend calls it) and HTTP/2, taking the store benchmark's
# 400-event EventLists of real-sized Service and Endpoints events (`midonet-bench store
# --write-batches`). curl posts them on one h2 connection with IN_FLIGHT streams at a time (the
# audit backend sends batches concurrently). A batch's 200 comes after its commit is durable
# (synchronous=FULL). Prints events/s and batch latency; compare `make bench-store` (no HTTP).
#
#   scripts/bench-audit.sh [batches] [in-flight] [services]     (default 60, 8, 5000)
#   WEBHOOK=/path/to/midonet-webhook … runs another build (say, an older commit's) instead.
#   WEBHOOK_ARGS="--object-cache-entries 4000" … adds flags to its `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES="${1:-60}"
IN_FLIGHT="${2:-8}"
SERVICES="${3:-5000}"
. scripts/lib/bench-common.sh
bench_setup bench-audit

echo "building midonet-webhook and midonet-bench (release)…" >&2
"$SWIFT_BUILD" build -c release --product midonet-webhook >&2
"$SWIFT_BUILD" build -c release --product midonet-bench >&2
certs/make-certs.sh generate "$WORK/certs" --dev >/dev/null 2>&1
.build/release/midonet-bench store --services "$SERVICES" --batches "$BATCHES" --write-batches "$WORK/batches" >&2

PORT=$(free_port)
# shellcheck disable=SC2086 # WEBHOOK_ARGS is split into flags on purpose
"${WEBHOOK:-.build/release/midonet-webhook}" serve --listen "127.0.0.1:$PORT" --tls-cert-file "$WORK/certs/tls.crt" \
  --tls-private-key-file "$WORK/certs/tls.key" --client-ca-file "$WORK/certs/ca.crt" --store "$WORK/store.sqlite" \
  --log-level warning ${WEBHOOK_ARGS:-} >"$WORK/webhook.log" 2>&1 &
pids+=($!); PID=$!
for _ in $(seq 200); do
  curl -sf --cacert "$WORK/certs/ca.crt" -o /dev/null "https://127.0.0.1:$PORT/readyz" && break
  sleep 0.1
done

# One transfer per batch; `next` starts the next one (each repeats its options).
CONFIG="$WORK/curl.conf"
: >"$CONFIG"
for file in "$WORK"/batches/batch-*.json; do
  [ -s "$CONFIG" ] && echo next >>"$CONFIG"
  cat >>"$CONFIG" <<CONF
url = "https://127.0.0.1:$PORT/audit"
http2
cacert = "$WORK/certs/ca.crt"
cert = "$WORK/certs/audit-client.crt"
key = "$WORK/certs/audit-client.key"
header = "Content-Type: application/json"
data-binary = "@$file"
output = "/dev/null"
write-out = "%{http_code} %{time_total} %{http_version}\\n"
silent
CONF
done

started=$(date +%s.%N)
curl --no-progress-meter --parallel --parallel-max "$IN_FLIGHT" -K "$CONFIG" >"$WORK/results.txt"
ended=$(date +%s.%N)

events=$((BATCHES * 400))
ok=$(awk '$1 == "200"' "$WORK/results.txt" | wc -l)
read -r p50 p99 max <<<"$(awk '{print $2 * 1000}' "$WORK/results.txt" | sort -n |
  awk '{t[NR] = $1} END {i = int(NR * 0.99) + 1; if (i > NR) i = NR; printf "%.0f %.0f %.0f", t[int(NR * 0.5) + 1], t[i], t[NR]}')"
seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.2f", b - a}')
printf "%-22s %8s %8s %9s %10s %8s %8s %8s %10s\n" scenario batches ok seconds "events/s" "p50 ms" "p99 ms" "max ms" "peak MiB"
printf "%-22s %8d %8d %9s %10.0f %8s %8s %8s %10s\n" "h2+mTLS, $IN_FLIGHT in flight" "$BATCHES" "$ok" "$seconds" \
  "$(awk -v e="$events" -v s="$seconds" 'BEGIN {print e / s}')" "$p50" "$p99" "$max" "$(peak_rss "$PID")"
awk '$1 != "200" {print "HTTP " $1 ": batch " NR}' "$WORK/results.txt" | head -5
awk '$3 != "2" {n++} END {if (n) print n " transfers were not HTTP/2"}' "$WORK/results.txt"
grep -iE "error|critical" "$WORK/webhook.log" | head -5 || true
