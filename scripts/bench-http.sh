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
WORK="$(mktemp -d /tmp/bench-http.XXXXXX)"
SWIFT_BUILD="${SWIFT_BUILD:-$(command -v swiftb || echo swift)}"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "building http-bench (release)…" >&2
"$SWIFT_BUILD" build -c release --product http-bench >&2
BIN="$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)/http-bench"

# One ECDSA P-256 certificate for both servers.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

BODY='{"kind":"Status","status":"Success","code":200}'
CIPHERS='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'
cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$PORT_NGINX ssl http2;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers $CIPHERS;
    ssl_prefer_server_ciphers on;
    location / { default_type application/json; return 200 '$BODY'; }
  }
}
NGINX

"$BIN" --port "$PORT_OURS" --cert "$WORK/cert.pem" --key "$WORK/key.pem" --loops 2 >"$WORK/ours.log" 2>&1 &
pids+=($!); OURS_PID=$!
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" &
pids+=($!); NGINX_PID=$!
for port in $PORT_OURS $PORT_NGINX; do
  for _ in $(seq 100); do curl -sk "https://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

# Peak RSS (VmHWM) in MiB of a process and its children.
peak_rss() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "scale=1; $total / 1024" | bc
}

# run NAME PORT PROTOCOL-ARGS… → "req/s p50ms p99ms"
run() {
  local port=$1; shift
  local log="$WORK/h2load.log"; rm -f "$log"
  local out
  out=$(h2load -D "$DURATION" --warm-up-time "$WARMUP" -c 16 -t 1 --log-file "$log" "$@" "https://127.0.0.1:$port/" 2>&1)
  local rps; rps=$(echo "$out" | awk '/^finished in/ {for (i=1;i<=NF;i++) if ($i ~ /req\/s/) print $(i-1)}' | tr -d ',')
  local failed; failed=$(echo "$out" | awk '/^requests:/ {for (i=1;i<=NF;i++) if ($(i+1) ~ /^failed/) print $i}')
  local pct; pct=$(cut -f3 "$log" | sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "- -"; exit}; printf "%.2f %.2f", a[int(NR*0.50)+1]/1000, a[int(NR*0.99)+1]/1000}')
  echo "$rps $pct ${failed:-?}"
}

printf "%-10s %-22s %12s %9s %9s %8s\n" server scenario "req/s" "p50 ms" "p99 ms" failed
for name in httplayer nginx; do
  if [ "$name" = httplayer ]; then port=$PORT_OURS; pid=$OURS_PID; else port=$PORT_NGINX; pid=$NGINX_PID; fi
  read -r rps p50 p99 failed <<<"$(run "$port" --h1)"
  printf "%-10s %-22s %12s %9s %9s %8s\n" "$name" "h1.1 -c16" "$rps" "$p50" "$p99" "$failed"
  read -r rps p50 p99 failed <<<"$(run "$port" -m 10)"
  printf "%-10s %-22s %12s %9s %9s %8s\n" "$name" "h2 -c16 -m10" "$rps" "$p50" "$p99" "$failed"
  echo "$name peak RSS: $(peak_rss "$pid") MiB" >&2
done
