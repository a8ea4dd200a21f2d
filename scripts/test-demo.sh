#!/usr/bin/env bash
# Runs the local demo's scenario (scripts/demo.sh --no-wait) and checks what it shows: every audit
# batch committed, the queue drained, one review allowed and one denied with the full reason, and
# the topology MidoNet ended with. Needs the debug binaries (make test builds them).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(scripts/demo.sh --no-wait 2>&1)
status=$?
passed=0; failed=0
check() { # description, extended regexp that must match the output
  if grep -Eq -- "$2" <<<"$out"; then passed=$((passed+1)); echo "ok   - $1"; else failed=$((failed+1)); echo "FAIL - $1"; fi
}
[ $status -eq 0 ] && { passed=$((passed+1)); echo "ok   - demo exits 0"; } || { failed=$((failed+1)); echo "FAIL - demo exited $status"; }
check "three audit batches committed over HTTP/2" '\[create services default/web, create endpoints default/web\]  → HTTP/2 200'
check "the applier drained the queue" 'queue empty; MidoNet confirmed [0-9]+ operations'
check "a Service outside MidoNet's routes is allowed" 'Service default/api .*$'
check "allowed answer carries the request uid" 'allowed: true   \(response.uid 3c6b5c3e-1a52-4c1d-9d0b-0b6f3b0d1a01\)'
check "the externalIP in worker-2's PodCIDR is denied with the full reason" 'status 403: spec.externalIPs\[0\]: 10.1.2.9 is inside 10.1.2.0/24, the PodCIDR route of node "worker-2" on the MidoNet cluster router'
check "sessionAffinity ClientIP is warned about" 'warning: spec.sessionAffinity'
check "the port chain balances over both endpoints" 'dnat accept .* to 10.1.1.5:8080, 10.1.2.7:8080'
check "the node without a host-id annotation is bound on the host of its name" 'bound to host worker-2 interface midokube-mido'
check "the pod's port is bound to its interface" 'bound to host worker-1 interface mido24d07f86e30'
check "KUBE-PRE holds rev_snat then rev_dnat" '2\. rev_dnat accept'
check "all three processes stopped" 'Stopping webhook, applier and emulator'
if [ $failed -gt 0 ]; then echo "$out" | tail -60; fi
echo
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
