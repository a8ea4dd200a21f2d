#!/usr/bin/env bash
# HTTPLayer vs nginx, same certificate and TLS settings, constant JSON response.
# h2load over HTTP/1.1 (-c16) and HTTP/2 (-c16 -m10): req/s, p50/p99 latency, peak RSS.
#
#   scripts/bench-http.sh [duration-seconds]     (default 10)
#
# Builds release through swiftb (the shared build lock) when available.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
WARMUP=2
PORT_OURS=18443
PORT_NGINX=18444
. scripts/lib/bench-common.sh
bench_setup bench-http

echo "building http-bench (release)…" >&2
"$SWIFT_BUILD" build -c release --product http-bench >&2
BIN="$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)/http-bench"

bench_certificate
"$BIN" --port "$PORT_OURS" --cert "$WORK/cert.pem" --key "$WORK/key.pem" --loops 2 >"$WORK/ours.log" 2>&1 &
pids+=($!); OURS_PID=$!
start_nginx "$PORT_NGINX" '{"kind":"Status","status":"Success","code":200}'
for port in $PORT_OURS $PORT_NGINX; do wait_https "https://127.0.0.1:$port/"; done

# run PORT PROTOCOL-ARGS… → "req/s p50ms p99ms failed"
run() { local port=$1; shift; h2load_stats "https://127.0.0.1:$port/" "$@"; }

printf "%-10s %-22s %12s %9s %9s %8s\n" server scenario "req/s" "p50 ms" "p99 ms" failed
for name in httplayer nginx; do
  if [ "$name" = httplayer ]; then port=$PORT_OURS; pid=$OURS_PID; else port=$PORT_NGINX; pid=$NGINX_PID; fi
  read -r rps p50 p99 failed <<<"$(run "$port" --h1)"
  printf "%-10s %-22s %12s %9s %9s %8s\n" "$name" "h1.1 -c16" "$rps" "$p50" "$p99" "$failed"
  read -r rps p50 p99 failed <<<"$(run "$port" -m 10)"
  printf "%-10s %-22s %12s %9s %9s %8s\n" "$name" "h2 -c16 -m10" "$rps" "$p50" "$p99" "$failed"
  echo "$name peak RSS: $(peak_rss "$pid") MiB" >&2
done
