#!/usr/bin/env bash
# The local demo (`make run`): MidoNet emulator + midonet-applier + midonet-webhook on loopback,
# fed exactly as kube-apiserver would feed them, then admission reviews, verdicts and the
# resulting MidoNet topology. Keeps serving until Ctrl-C (or exits with --no-wait).
set -euo pipefail
cd "$(dirname "$0")/.."
wait_at_end=1
[ "${1:-}" = "--no-wait" ] && wait_at_end=0
bin=.build/debug
demo=examples/demo
work=$(mktemp -d /tmp/midonet-demo.XXXXXX)
pids=()

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "Stopping webhook, applier and emulator…"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap stop_all INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # URL [curl args...]: until it answers 2xx, 30 s at most
  local url=$1; shift
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0; sleep 0.1; done
  echo "demo: $url did not come up; logs in $work" >&2; tail -n 20 "$work"/*.log >&2; return 1
}
heading() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

heading "Certificates (a CA, the webhook's serving certificate, kube-apiserver's audit client certificate)"
certs/make-certs.sh generate "$work/certs" --dev >"$work/certs.log"
echo "in $work/certs"

emulator_port=$(free_port); webhook_port=$(free_port); metrics_port=$(free_port)
api="http://127.0.0.1:$emulator_port/midonet-api"
webhook="https://127.0.0.1:$webhook_port"
tls=(--cacert "$work/certs/ca.crt")
client=(--cert "$work/certs/audit-client.crt" --key "$work/certs/audit-client.key")

heading "Starting the MidoNet emulator (two agents), midonet-applier and midonet-webhook"
"$bin/midonet-emulator" --listen "127.0.0.1:$emulator_port" \
  --host worker-1=5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11 --host worker-2=9e7c1f43-52d8-4b7e-a1c6-2f0d8e4b6a12 >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_for "$api/" -H 'Accept: application/json'
"$bin/midonet-applier" --store "$work/store.sqlite" --midonet-api "$api" --metrics-listen "127.0.0.1:$metrics_port" \
  --snapshot-interval 1 >"$work/applier.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$metrics_port/healthz"
"$bin/midonet-webhook" serve --listen "127.0.0.1:$webhook_port" --tls-cert-file "$work/certs/tls.crt" \
  --tls-private-key-file "$work/certs/tls.key" --client-ca-file "$work/certs/ca.crt" --store "$work/store.sqlite" >"$work/webhook.log" 2>&1 &
pids+=($!)
wait_for "$webhook/readyz" "${tls[@]}"
echo "emulator $api"
echo "applier  http://127.0.0.1:$metrics_port/metrics"
echo "webhook  $webhook (/validate, /audit with mTLS, /healthz, /readyz, /metrics)"

heading "kube-apiserver's audit backend posts what was stored (EventLists over HTTP/2, mTLS)"
for batch in "$demo"/0*.json; do
  what=$(python3 -c 'import json,sys; print(", ".join(e["verb"]+" "+e["objectRef"]["resource"]+" "+"/".join(filter(None,[e["objectRef"].get("namespace"),e["objectRef"]["name"]])) for e in json.load(open(sys.argv[1]))["items"]))' "$batch")
  code=$(curl -sS --http2 "${tls[@]}" "${client[@]}" -H 'Content-Type: application/json' --data-binary @"$batch" \
    -o /dev/null -w '%{http_code} %{http_version}' "$webhook/audit?timeout=30s")
  echo "POST /audit  [$what]  → HTTP/${code#* } ${code% *}"
done

heading "Waiting for the applier to drain the queue into MidoNet"
for _ in $(seq 1 300); do
  depth=$(curl -fsS "http://127.0.0.1:$metrics_port/metrics" | awk '/^midonet_applier_queue_depth /{print int($2)}')
  [ "${depth:-1}" = 0 ] && break
  sleep 0.1
done
applied=$(curl -fsS "http://127.0.0.1:$metrics_port/metrics" | awk '/^midonet_applier_ops_applied_total /{print int($2)}')
echo "queue empty; MidoNet confirmed ${applied:-?} operations"
sleep 1.5  # one snapshot refresh, so /validate also sees MidoNet as it is now

heading "kube-apiserver asks /validate (AdmissionReview over HTTPS, HTTP/1.1)"
for review in "$demo"/review-*.json; do
  curl -sS --http1.1 "${tls[@]}" -H 'Content-Type: application/json' --data-binary @"$review" "$webhook/validate?timeout=5s" |
    python3 -c '
import json, sys
review = json.load(open(sys.argv[1]))["request"]
spec = review["object"]["spec"]
answer = json.load(sys.stdin)["response"]
print("Service %s/%s  clusterIP %s%s" % (review["namespace"], review["name"], spec["clusterIP"],
      ("  externalIPs " + ",".join(spec["externalIPs"])) if spec.get("externalIPs") else ""))
print("  allowed: %s   (response.uid %s)" % (str(answer["allowed"]).lower(), answer["uid"]))
if not answer["allowed"]:
    print("  status %d: %s" % (answer["status"]["code"], answer["status"]["message"]))
for warning in answer.get("warnings", []):
    print("  warning: " + warning)
' "$review"
done

heading "The MidoNet topology the applier built (midonet-emulator dump)"
"$bin/midonet-emulator" dump --api "$api"

if [ "$wait_at_end" = 1 ]; then
  heading "Serving until Ctrl-C"
  echo "Try a review yourself:"
  echo "  curl --cacert $work/certs/ca.crt --data-binary @$demo/review-denied.json $webhook/validate"
  echo "Metrics: curl --cacert $work/certs/ca.crt $webhook/metrics ;  MidoNet: $bin/midonet-emulator dump --api $api"
  wait "${pids[0]}"
fi
