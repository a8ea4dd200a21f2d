#!/usr/bin/env bash
# /validate of midonet-webhook with a real Service AdmissionReview, side by side with nginx
# answering a constant response and a minimal Go net/http webhook decoding the same review;
# same ECDSA certificate and TLS settings. h2load over HTTP/1.1 keep-alive (-c16) and h2
# (-c16 -m10) at full load, then HTTP/1.1 at half of midonet-webhook's full-load rate (p99 there;
# nginx at the same rate beside it),
# then each server's CPU per request at one fixed rate (8,000 req/s over HTTP/1.1), which the
# machine's other load and h2load's own share of the cores do not skew.
#
# Each side runs twice: as it sizes itself on this machine (midonet-webhook one event loop per
# processor, nginx `worker_processes 2`, Go GOMAXPROCS=2), and one thread wide (midonet-webhook
# --event-loops 1, which is also what the manifest's CPU limit of 1 gives it; nginx
# `worker_processes 1`). h2load shares the machine's cores with the server, as kube-apiserver
# shares its control-plane node with the webhook: one server thread leaves h2load a core.
#
#   scripts/bench-validate.sh [duration-seconds]     (default 10)
#   WEBHOOK=/path/to/midonet-webhook … runs another build (say, an older commit's) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
WARMUP=2
. scripts/lib/bench-common.sh
bench_setup bench-validate

echo "building midonet-webhook (release) and the Go webhook…" >&2
"$SWIFT_BUILD" build -c release --product midonet-webhook >&2
(cd benchmarks/go-webhook && GOFLAGS=-mod=mod GO111MODULE=off go build -o "$WORK/go-webhook" main.go) >&2

bench_certificate
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
print(json.dumps({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":r}))' \
  ../shared/fixtures/kubernetes/admissionreview/kubewarden-service-clusterip.create.request.json > "$WORK/review.json"

BODY='{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"uid":"1299d386-525b-4032-98ae-1949f69f9cfc"}}'
declare -A PORT PID
# start_webhook NAME [FLAG…]
start_webhook() {
  local name=$1; shift
  PORT[$name]=$(free_port)
  mkdir -p "$WORK/$name"
  "${WEBHOOK:-.build/release/midonet-webhook}" serve --listen "127.0.0.1:${PORT[$name]}" --tls-cert-file "$WORK/cert.pem" \
    --tls-private-key-file "$WORK/key.pem" --store "$WORK/$name/store.sqlite" --log-level warning "$@" >"$WORK/$name/log" 2>&1 &
  pids+=($!); PID[$name]=$!
}
start_webhook midonet-webhook
start_webhook webhook-1-loop --event-loops 1
PORT[nginx]=$(free_port)
start_nginx "${PORT[nginx]}" "$BODY" 'client_body_buffer_size 64k;'
PID[nginx]=$NGINX_PID
# The same configuration, one worker (written after the first nginx read its own).
PORT[nginx-1-worker]=$(free_port)
write_nginx_conf "${PORT[nginx-1-worker]}" "$BODY" 'client_body_buffer_size 64k;'
sed -e 's/^worker_processes 2;/worker_processes 1;/' -e "s|^pid .*|pid $WORK/nginx-1.pid;|" "$WORK/nginx.conf" >"$WORK/nginx-1.conf"
nginx -c "$WORK/nginx-1.conf" -e "$WORK/nginx-error.log" &
pids+=($!); PID[nginx-1-worker]=$!
PORT[go-net/http]=$(free_port)
GOMAXPROCS=2 "$WORK/go-webhook" -listen "127.0.0.1:${PORT[go-net/http]}" -cert "$WORK/cert.pem" -key "$WORK/key.pem" >"$WORK/go.log" 2>&1 &
pids+=($!); PID[go-net/http]=$!
SERVERS=(midonet-webhook webhook-1-loop nginx nginx-1-worker go-net/http)
for name in "${SERVERS[@]}"; do
  wait_https "https://127.0.0.1:${PORT[$name]}/validate" --data-binary @"$WORK/review.json"
done

# run PORT h2load-args… → "req/s p50ms p99ms failed"
run() {
  local port=$1; shift
  h2load_stats "https://127.0.0.1:$port/validate?timeout=10s" -d "$WORK/review.json" -H 'Content-Type: application/json' "$@"
}
row() { printf "%-16s %-16s %10s %8s %8s %7s %10s\n" "$@"; }

declare -A RPS CPU
row server scenario "req/s" "p50 ms" "p99 ms" failed "peak MiB"
for name in "${SERVERS[@]}"; do
  read -r rps p50 p99 failed <<<"$(run "${PORT[$name]}" --h1)"
  RPS[$name-h1]=$rps
  row "$name" "h1.1 -c16" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "${PID[$name]}")"
  read -r rps p50 p99 failed <<<"$(run "${PORT[$name]}" -m 10)"
  RPS[$name-h2]=$rps
  row "$name" "h2 -c16 -m10" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "${PID[$name]}")"
done
# Half of each webhook's own full-load rate; the nginx of the same width at the same rate beside
# it: what this machine and h2load give a server that does no work.
declare -A HALF_P99
for pair in midonet-webhook:nginx webhook-1-loop:nginx-1-worker; do
  ours=${pair%%:*}; theirs=${pair#*:}
  half=$(awk -v r="${RPS[$ours-h1]}" 'BEGIN {printf "%d", r / 2 / 16}')
  read -r rps p50 p99 failed <<<"$(run "${PORT[$ours]}" --h1 --rps "$half")"
  HALF_P99[$ours]=$p99
  row "$ours" "h1.1 half load" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "${PID[$ours]}")"
  read -r rps p50 p99 failed <<<"$(run "${PORT[$theirs]}" --h1 --rps "$half")"
  row "$theirs" "h1.1 same rate" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "${PID[$theirs]}")"
done
echo
printf "%-16s %-24s %14s\n" server "h1.1 at 8,000 req/s" "CPU µs/req"
for name in "${SERVERS[@]}"; do
  CPU[$name]=$(cpu_per_request "${PID[$name]}" "https://127.0.0.1:${PORT[$name]}/validate?timeout=10s" --h1 --rps 500 -d "$WORK/review.json" -H 'Content-Type: application/json')
  printf "%-16s %-24s %14s\n" "$name" "" "${CPU[$name]}"
done
echo
for pair in midonet-webhook:nginx webhook-1-loop:nginx-1-worker; do
  ours=${pair%%:*}; theirs=${pair#*:}
  awk -v name="$ours" -v other="$theirs" -v o1="${RPS[$ours-h1]}" -v n1="${RPS[$theirs-h1]}" -v g1="${RPS[go-net/http-h1]}" \
      -v o2="${RPS[$ours-h2]}" -v n2="${RPS[$theirs-h2]}" -v g2="${RPS[go-net/http-h2]}" -v p99="${HALF_P99[$ours]}" \
      -v oc="${CPU[$ours]}" -v nc="${CPU[$theirs]}" 'BEGIN {
    printf "%-16s h1.1: %.2f× %s, %.2f× Go   h2: %.2f× %s, %.2f× Go   p99 at half load %s ms   CPU/req %.2f× %s\n",
      name, o1/n1, other, o1/g1, o2/n2, other, o2/g2, p99, oc/nc, other }'
done
