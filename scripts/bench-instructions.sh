#!/usr/bin/env bash
# User-space instructions per /validate request, counted by valgrind's callgrind: a number the
# machine's other load does not move (req/s and CPU time here swing by 10–20 % between runs), so
# a change of 1 % shows. The same review as scripts/bench-validate.sh, over TLS + HTTP/1.1
# keep-alive (h2load --h1, 4 connections); beside it the HTTP layer alone (http-bench, constant
# answer) and nginx answering a constant, with the same certificate and TLS settings.
#
# Each server runs under callgrind; after a warm-up, 1,000 and then 3,000 requests are counted
# (each on 4 new connections), and the difference divided by 2,000 is the cost of one request,
# handshakes excluded. Kernel time is not counted (valgrind sees user space only): TLS record
# crypto is, in OpenSSL.
#
#   scripts/bench-instructions.sh [top-functions]     (default 15: our costliest functions, self)
#   WEBHOOK=/path/to/midonet-webhook … counts another build (say, an older commit's) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP="${1:-15}"
. scripts/lib/bench-common.sh
bench_setup bench-instructions

command -v valgrind >/dev/null || { echo "valgrind is missing: make setup installs it" >&2; exit 1; }
echo "building midonet-webhook and http-bench (release)…" >&2
"$SWIFT_BUILD" build -c release --product midonet-webhook >&2
"$SWIFT_BUILD" build -c release --product http-bench >&2
# Valgrind 3.19 cannot read the DWARF 5 Swift emits; the symbol table is enough.
strip --strip-debug -o "$WORK/midonet-webhook" "${WEBHOOK:-.build/release/midonet-webhook}"
strip --strip-debug -o "$WORK/http-bench" .build/release/http-bench

bench_certificate
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
print(json.dumps({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":r}))' \
  ../shared/fixtures/kubernetes/admissionreview/kubewarden-service-clusterip.create.request.json > "$WORK/review.json"

# count NAME PORT COMMAND…: runs COMMAND under callgrind; prints instructions per request.
count() {
  local name=$1 port=$2; shift 2
  local out="$WORK/$name.callgrind"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_https "https://127.0.0.1:$port/validate" --data-binary @"$WORK/review.json"
  run() { h2load --h1 -c4 -n "$1" -d "$WORK/review.json" -H 'Content-Type: application/json' "https://127.0.0.1:$port/validate" >/dev/null 2>&1; }
  run 400
  callgrind_control -z "$pid" >/dev/null 2>&1; run 1000; callgrind_control -d "$pid" >/dev/null 2>&1
  callgrind_control -z "$pid" >/dev/null 2>&1; run 3000; callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local a b
  a=$(callgrind_annotate "$out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
  b=$(callgrind_annotate "$out.2" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
  echo $(( (b - a) / 2000 ))
}

OURS=$(free_port); LAYER=$(free_port); NGINX=$(free_port)
sed_conf() { sed -e 's/^worker_processes 2;/worker_processes 1; master_process off;/' "$WORK/nginx.conf" > "$WORK/nginx-one.conf"; }

declare -A IR
IR[midonet-webhook]=$(count webhook "$OURS" "$WORK/midonet-webhook" serve --listen "127.0.0.1:$OURS" \
  --tls-cert-file "$WORK/cert.pem" --tls-private-key-file "$WORK/key.pem" --store "$WORK/store.sqlite" --log-level warning)
IR[http-bench]=$(count layer "$LAYER" "$WORK/http-bench" --port "$LAYER" --cert "$WORK/cert.pem" --key "$WORK/key.pem")
# nginx configured as bench-validate starts it, in one process (no master) so callgrind sees the worker.
write_nginx_conf "$NGINX" '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"uid":"1299d386-525b-4032-98ae-1949f69f9cfc"}}' \
  'client_body_buffer_size 64k;'
sed_conf
IR[nginx]=$(count nginx "$NGINX" nginx -c "$WORK/nginx-one.conf" -e "$WORK/nginx-error.log")

printf "%-16s %-40s %14s %10s\n" server "answers /validate with" "instructions" "× nginx"
for name in midonet-webhook http-bench nginx; do
  case $name in
    midonet-webhook) what="the review decoded and validated";;
    http-bench) what="a constant (the HTTP layer alone)";;
    *) what="a constant";;
  esac
  printf "%-16s %-40s %14s %10s\n" "$name" "$what" "${IR[$name]}" "$(awk -v a="${IR[$name]}" -v b="${IR[nginx]}" 'BEGIN {printf "%.2f", a / b}')"
done
echo
echo "midonet-webhook's costliest functions per request (self instructions, the 3,000-request run):"
callgrind_annotate --inclusive=no --threshold=100 "$WORK/webhook.callgrind.2" 2>/dev/null \
  | awk -v top="$TOP" '/%\)/ && !/PROGRAM TOTALS/ && !/clone|start_thread|loopThreadEntry|EventLoopC5start/ {
      gsub(",", "", $1); n++; if (n > top) next
      name = $0; sub(/^[^)]*\)[ ]+/, "", name); sub(/^\?\?\?:/, "", name); sub(/ \[[^]]*\]$/, "", name)
      printf "  %8.0f  %s\n", $1 / 3000, substr(name, 1, 110) }'
