#!/usr/bin/env bash
# /validate of midonet-webhook with a real Service AdmissionReview, side by side with nginx
# answering a constant response and a minimal Go net/http webhook decoding the same review;
# same ECDSA certificate and TLS settings. h2load over HTTP/1.1 keep-alive (-c16) and h2
# (-c16 -m10) at full load, then HTTP/1.1 at half of midonet-webhook's full-load rate (p99 there;
# nginx at the same rate beside it),
# then each server's CPU per request at one fixed rate (8,000 req/s over HTTP/1.1), which the
# machine's other load and h2load's own share of the cores do not skew.
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

OURS=$(free_port); NGINX=$(free_port); GO=$(free_port)
"${WEBHOOK:-.build/release/midonet-webhook}" serve --listen "127.0.0.1:$OURS" --tls-cert-file "$WORK/cert.pem" --tls-private-key-file "$WORK/key.pem" \
  --store "$WORK/store.sqlite" --log-level warning >"$WORK/ours.log" 2>&1 &
pids+=($!); OURS_PID=$!
start_nginx "$NGINX" '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"uid":"1299d386-525b-4032-98ae-1949f69f9cfc"}}' \
  'client_body_buffer_size 64k;'
GOMAXPROCS=2 "$WORK/go-webhook" -listen "127.0.0.1:$GO" -cert "$WORK/cert.pem" -key "$WORK/key.pem" >"$WORK/go.log" 2>&1 &
pids+=($!); GO_PID=$!
for port in $OURS $NGINX $GO; do
  wait_https "https://127.0.0.1:$port/validate" --data-binary @"$WORK/review.json"
done

# run PORT h2load-args… → "req/s p50ms p99ms failed"
run() {
  local port=$1; shift
  h2load_stats "https://127.0.0.1:$port/validate?timeout=10s" -d "$WORK/review.json" -H 'Content-Type: application/json' "$@"
}

declare -A RPS CPU
printf "%-16s %-16s %10s %8s %8s %7s %10s\n" server scenario "req/s" "p50 ms" "p99 ms" failed "peak MiB"
for name in midonet-webhook nginx go-net/http; do
  case $name in midonet-webhook) port=$OURS; pid=$OURS_PID;; nginx) port=$NGINX; pid=$NGINX_PID;; *) port=$GO; pid=$GO_PID;; esac
  read -r rps p50 p99 failed <<<"$(run "$port" --h1)"
  RPS[$name-h1]=$rps
  printf "%-16s %-16s %10s %8s %8s %7s %10s\n" "$name" "h1.1 -c16" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "$pid")"
  read -r rps p50 p99 failed <<<"$(run "$port" -m 10)"
  RPS[$name-h2]=$rps
  printf "%-16s %-16s %10s %8s %8s %7s %10s\n" "$name" "h2 -c16 -m10" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "$pid")"
done
half=$(awk -v r="${RPS[midonet-webhook-h1]}" 'BEGIN {printf "%d", r / 2 / 16}')
read -r rps p50 p99 failed <<<"$(run "$OURS" --h1 --rps "$half")"
printf "%-16s %-16s %10s %8s %8s %7s %10s\n" midonet-webhook "h1.1 half load" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "$OURS_PID")"
# The same rate against nginx: what this machine and h2load give a server that does no work.
read -r rps p50 p99 failed <<<"$(run "$NGINX" --h1 --rps "$half")"
printf "%-16s %-16s %10s %8s %8s %7s %10s\n" nginx "h1.1 same rate" "$rps" "$p50" "$p99" "$failed" "$(peak_rss "$NGINX_PID")"
echo
printf "%-16s %-24s %14s\n" server "h1.1 at 8,000 req/s" "CPU µs/req"
for name in midonet-webhook nginx go-net/http; do
  case $name in midonet-webhook) port=$OURS; pid=$OURS_PID;; nginx) port=$NGINX; pid=$NGINX_PID;; *) port=$GO; pid=$GO_PID;; esac
  CPU[$name]=$(cpu_per_request "$pid" "https://127.0.0.1:$port/validate?timeout=10s" --h1 --rps 500 -d "$WORK/review.json" -H 'Content-Type: application/json')
  printf "%-16s %-24s %14s\n" "$name" "" "${CPU[$name]}"
done
echo
awk -v o1="${RPS[midonet-webhook-h1]}" -v n1="${RPS[nginx-h1]}" -v g1="${RPS[go-net/http-h1]}" \
    -v o2="${RPS[midonet-webhook-h2]}" -v n2="${RPS[nginx-h2]}" -v g2="${RPS[go-net/http-h2]}" 'BEGIN {
  printf "ratios  h1.1: %.2f× nginx, %.2f× Go    h2: %.2f× nginx, %.2f× Go\n", o1/n1, o1/g1, o2/n2, o2/g2 }'
awk -v o="${CPU[midonet-webhook]}" -v n="${CPU[nginx]}" -v g="${CPU[go-net/http]}" 'BEGIN {
  printf "CPU per request: %.2f× nginx'"'"'s, %.2f× Go'"'"'s\n", o/n, o/g }'
