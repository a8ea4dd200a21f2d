# shellcheck shell=bash
# Sourced by scripts/bench-*.sh (not run): the work directory, the release build through the
# shared lock, and the TLS, nginx, h2load and memory helpers the benchmarks share.

# bench_setup NAME: a fresh $WORK (/tmp/NAME.XXXXXX); every pid appended to `pids` is killed
# and $WORK removed on exit. $SWIFT_BUILD is swiftb (the shared build lock) when there is one.
bench_setup() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  SWIFT_BUILD="${SWIFT_BUILD:-$(command -v swiftb || echo swift)}"
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${pids[@]:-}"; do if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; fi; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

# One ECDSA P-256 certificate for localhost/127.0.0.1, shared by every server a bench compares:
# $WORK/cert.pem and $WORK/key.pem.
bench_certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
}

# start_nginx PORT BODY [HTTP-DIRECTIVE…]: nginx (2 workers, TLS 1.2/1.3 with the ECDHE suites
# our servers offer, h1.1 and h2 on one port) answering every request 200 with the constant JSON
# BODY. Appends its pid to `pids` and sets NGINX_PID.
start_nginx() {
  write_nginx_conf "$@"
  nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" &
  pids+=($!)
  # shellcheck disable=SC2034 # for the caller (peak_rss)
  NGINX_PID=$!
}

# write_nginx_conf PORT BODY [HTTP-DIRECTIVE…]: start_nginx's configuration, $WORK/nginx.conf.
write_nginx_conf() {
  local port=$1 body=$2; shift 2
  local ciphers='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'
  local directive extra=""
  for directive in "$@"; do extra+="  $directive"$'\n'; done
  cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
${extra}  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers $ciphers;
    ssl_prefer_server_ciphers on;
    location / { default_type application/json; return 200 '$body'; }
  }
}
NGINX
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_https URL [CURL-ARG…]: until a request to URL gets any answer, for up to 20 s.
wait_https() {
  local url=$1; shift
  for _ in $(seq 200); do curl -sk -o /dev/null "$@" "$url" && return; sleep 0.1; done
}

# tree_sum PID FILE AWK-PROGRAM: the sum, over a process and its children, of the number
# AWK-PROGRAM prints from /proc/<pid>/FILE (0 for a process that is gone).
tree_sum() {
  local total=0 pid value
  for pid in "$1" $(pgrep -P "$1" || true); do
    value=$(awk "$3" "/proc/$pid/$2" 2>/dev/null || echo 0)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# peak_rss PID: peak RSS (VmHWM) in MiB of a process and its children.
peak_rss() {
  awk -v kb="$(tree_sum "$1" status '/VmHWM/ {print $2}')" 'BEGIN {printf "%.1f", kb / 1024}'
}

# h2load_stats URL H2LOAD-ARG… → "req/s p50-ms p99-ms failed": h2load for $DURATION s after
# $WARMUP s of warm-up, 16 clients on one thread; the percentiles come from its per-request log.
h2load_stats() {
  local url=$1; shift
  local log="$WORK/h2load.log"; rm -f "$log"
  local out
  out=$(h2load -D "$DURATION" --warm-up-time "$WARMUP" -c 16 -t 1 --log-file "$log" "$@" "$url" 2>&1)
  local rps; rps=$(echo "$out" | awk '/^finished in/ {for (i=1;i<=NF;i++) if ($i ~ /req\/s/) print $(i-1)}' | tr -d ',')
  local failed; failed=$(echo "$out" | awk '/^requests:/ {for (i=1;i<=NF;i++) if ($(i+1) ~ /^failed/) print $i}')
  local pct; pct=$(cut -f3 "$log" | sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "- -"; exit}; printf "%.2f %.2f", a[int(NR*0.50)+1]/1000, a[int(NR*0.99)+1]/1000}')
  echo "${rps:-0} $pct ${failed:-?}"
}

# cpu_ticks PID: CPU time (user + system, in clock ticks) used so far by a process and its children.
cpu_ticks() { tree_sum "$1" stat '{print $14 + $15}'; }

# cpu_per_request PID URL H2LOAD-ARG… → µs of the server's CPU per request while h2load sends at a
# fixed rate (pass --rps) for $DURATION s: unlike req/s at full load, it does not depend on how
# the cores are shared with h2load or with other work on the machine.
cpu_per_request() {
  local pid=$1 url=$2; shift 2
  local before after out done_
  before=$(cpu_ticks "$pid")
  out=$(h2load -D "$DURATION" -c 16 -t 1 "$@" "$url" 2>&1)
  after=$(cpu_ticks "$pid")
  done_=$(echo "$out" | awk '/^requests:/ {for (i=1;i<=NF;i++) if ($(i+1) ~ /^succeeded/) print $i}')
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${done_:-0}" 'BEGIN {if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-"}'
}

# build_release PRODUCT…: builds each product (release) through $SWIFT_BUILD; sets BIN, where
# the binaries are.
build_release() {
  echo "building $* (release)…" >&2
  local product
  for product in "$@"; do "$SWIFT_BUILD" build -c release --product "$product" >&2; done
  BIN="$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)"
}

# wait_for FILE REGEX SECONDS: waits for a line matching the extended REGEX in FILE; prints its
# first match (exits the script after SECONDS, with the file's tail).
wait_for() {
  local file=$1 pattern=$2 timeout=$3 start=$SECONDS
  until grep -Eo "$pattern" "$file" 2>/dev/null | head -n1 | grep -q .; do
    (( SECONDS - start > timeout )) && { echo "timed out waiting for /$pattern/ in $file:" >&2; tail -5 "$file" >&2; exit 1; }
    sleep 0.05
  done
  grep -Eo "$pattern" "$file" | head -n1
}

# metric PORT NAME: the value of the metric NAME at http://127.0.0.1:PORT/metrics.
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v name="$2" '$1 == name { print $2 }'; }
