#!/usr/bin/env bash
# /validate of midonet-webhook with a real Service AdmissionReview, side by side with nginx
# answering a constant response and a minimal Go net/http webhook decoding the same review;
# same ECDSA certificate and TLS settings. h2load over HTTP/1.1 keep-alive (-c16) and h2
# (-c16 -m10) at full load, then HTTP/1.1 at half of midonet-webhook's full-load rate (p99 there).
#
#   scripts/bench-validate.sh [duration-seconds]     (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
WARMUP=2
WORK="$(mktemp -d /tmp/bench-validate.XXXXXX)"
SWIFT_BUILD="${SWIFT_BUILD:-$(command -v swiftb || echo swift)}"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building midonet-webhook (release) and the Go webhook…" >&2
"$SWIFT_BUILD" build -c release --product midonet-webhook >&2
(cd benchmarks/go-webhook && GOFLAGS=-mod=mod GO111MODULE=off go build -o "$WORK/go-webhook" main.go) >&2

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
print(json.dumps({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":r}))' \
  ../shared/fixtures/kubernetes/admissionreview/kubewarden-service-clusterip.create.request.json > "$WORK/review.json"

OURS=$(free_port); NGINX=$(free_port); GO=$(free_port)
CIPHERS='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'
BODY='{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"uid":"1299d386-525b-4032-98ae-1949f69f9cfc"}}'
cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:$NGINX ssl http2;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers $CIPHERS;
    ssl_prefer_server_ciphers on;
    location / { default_type application/json; return 200 '$BODY'; }
  }
}
NGINX

.build/release/midonet-webhook serve --listen "127.0.0.1:$OURS" --tls-cert-file "$WORK/cert.pem" --tls-private-key-file "$WORK/key.pem" \
  --store "$WORK/store.sqlite" --log-level warning >"$WORK/ours.log" 2>&1 &
pids+=($!); OURS_PID=$!
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" &
pids+=($!); NGINX_PID=$!
GOMAXPROCS=2 "$WORK/go-webhook" -listen "127.0.0.1:$GO" -cert "$WORK/cert.pem" -key "$WORK/key.pem" >"$WORK/go.log" 2>&1 &
pids+=($!); GO_PID=$!
for port in $OURS $NGINX $GO; do
  for _ in $(seq 200); do curl -sk -o /dev/null --data-binary @"$WORK/review.json" "https://127.0.0.1:$port/validate" && break; sleep 0.1; done
done

peak_rss() {
  local total=0 pid kb
  for pid in "$1" $(pgrep -P "$1" || true); do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN {printf "%.1f", kb / 1024}'
}

# run PORT h2load-args… → "req/s p50ms p99ms failed"
run() {
  local port=$1; shift
  local log="$WORK/h2load.log"; rm -f "$log"
  local out
  out=$(h2load -D "$DURATION" --warm-up-time "$WARMUP" -c 16 -t 1 --log-file "$log" -d "$WORK/review.json" \
    -H 'Content-Type: application/json' "$@" "https://127.0.0.1:$port/validate?timeout=10s" 2>&1)
  local rps; rps=$(echo "$out" | awk '/^finished in/ {for (i=1;i<=NF;i++) if ($i ~ /req\/s/) print $(i-1)}' | tr -d ',')
  local failed; failed=$(echo "$out" | awk '/^requests:/ {for (i=1;i<=NF;i++) if ($(i+1) ~ /^failed/) print $i}')
  local pct; pct=$(cut -f3 "$log" | sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "- -"; exit}; printf "%.2f %.2f", a[int(NR*0.50)+1]/1000, a[int(NR*0.99)+1]/1000}')
  echo "${rps:-0} $pct ${failed:-?}"
}

declare -A RPS
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
echo
awk -v o1="${RPS[midonet-webhook-h1]}" -v n1="${RPS[nginx-h1]}" -v g1="${RPS[go-net/http-h1]}" \
    -v o2="${RPS[midonet-webhook-h2]}" -v n2="${RPS[nginx-h2]}" -v g2="${RPS[go-net/http-h2]}" 'BEGIN {
  printf "ratios  h1.1: %.2f× nginx, %.2f× Go    h2: %.2f× nginx, %.2f× Go\n", o1/n1, o1/g1, o2/n2, o2/g2 }'
