#!/usr/bin/env bash
# Tests of the deployment artefacts: certs/make-certs.sh, the kustomizations under manifests/, the
# kube-apiserver files, and that docs/deployment.md's steps (run here as written, on a copy of the
# repository's manifests) render valid manifests. Needs bash, openssl and kubectl (for kustomize);
# PyYAML, when present, adds structural checks. No cluster, no Docker.
# Prints "N passed, M failed"; exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAKE_CERTS=$ROOT/certs/make-certs.sh
DOC=$ROOT/docs/deployment.md

# shellcheck source=lib/checks.sh
. "$ROOT/scripts/lib/checks.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CERTS=$WORK/certs

have_kubectl=0
if command -v kubectl >/dev/null; then have_kubectl=1; fi
have_pyyaml=0
if python3 -c 'import yaml' >/dev/null 2>&1; then have_pyyaml=1; fi

fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//'; }
keysum() { openssl pkey -in "$1" -pubout | openssl dgst -sha256 | sed 's/.*= //'; }
state() { # fingerprints of everything generate may write
  local f
  for f in ca.crt tls.crt audit-client.crt; do echo "$f $(fingerprint "$CERTS/$f")"; done
  for f in ca.key tls.key audit-client.key; do echo "$f $(keysum "$CERTS/$f")"; done
  echo "bundle $(openssl dgst -sha256 < "$CERTS/ca-bundle.crt")"
}
mode() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }
sans() {
  openssl x509 -in "$1" -noout -text | awk '/Subject Alternative Name/ { getline; print; exit }' |
    tr ',' '\n' | sed -e 's/^ *//' -e 's/ *$//' -e 's/^IP Address:/IP:/' | sort | paste -sd' ' -
}
ekus() { openssl x509 -in "$1" -noout -text | awk '/Extended Key Usage/ { getline; print; exit }' | sed 's/^ *//'; }
certs_in() { grep -c 'BEGIN CERTIFICATE' "$1"; }
# all_in TEXT REGEX...: every regex matches somewhere in TEXT.
all_in() {
  local text=$1 re; shift
  for re in "$@"; do grep -qE -- "$re" <<<"$text" || { echo "not found: $re"; return 1; }; done
}

echo "# certs/make-certs.sh"

check "make-certs.sh --help exits 0" "$MAKE_CERTS" --help
check_not "make-certs.sh generate without a directory fails" "$MAKE_CERTS" generate
check_not "make-certs.sh rejects an unknown option" "$MAKE_CERTS" generate "$WORK/x" --bogus

check "generate --dev into a new directory" "$MAKE_CERTS" generate "$CERTS" --dev
for f in ca.crt ca.key ca-bundle.crt tls.crt tls.key audit-client.crt audit-client.key; do
  check "generate wrote $f" test -s "$CERTS/$f"
done
for f in ca.key tls.key audit-client.key; do
  check "$f has mode 600" test "$(mode "$CERTS/$f")" = 600
done
check "the certificate directory has mode 700" test "$(mode "$CERTS")" = 700

out=$("$MAKE_CERTS" check "$CERTS" 2>&1) && rc=0 || rc=$?
if [ "$rc" = 0 ]; then pass "check exits 0 on fresh certificates"; else fail "check exits 0 on fresh certificates" "$out"; fi
n=$(grep -c 'notAfter:' <<<"$out" || true)
check "check prints the expiry of the CA and both leaves" test "$n" = 3

check "serving certificate chains to the CA (openssl verify, purpose sslserver)" \
  openssl verify -CAfile "$CERTS/ca.crt" -purpose sslserver "$CERTS/tls.crt"
check "serving certificate verifies as midonet-webhook.midonet-system.svc (the SNI kube-apiserver uses)" \
  openssl verify -CAfile "$CERTS/ca.crt" -verify_hostname midonet-webhook.midonet-system.svc "$CERTS/tls.crt"
check "serving certificate verifies as 127.0.0.1 with --dev" \
  openssl verify -CAfile "$CERTS/ca.crt" -verify_ip 127.0.0.1 "$CERTS/tls.crt"
want="DNS:localhost DNS:midonet-webhook DNS:midonet-webhook.midonet-system DNS:midonet-webhook.midonet-system.svc DNS:midonet-webhook.midonet-system.svc.cluster.local IP:127.0.0.1"
got=$(sans "$CERTS/tls.crt")
if [ "$got" = "$want" ]; then pass "serving certificate has exactly the expected SANs"; else fail "serving certificate has exactly the expected SANs" "want: $want
got:  $got"; fi
check "serving certificate: extendedKeyUsage serverAuth only" test "$(ekus "$CERTS/tls.crt")" = "TLS Web Server Authentication"
check "serving key is ECDSA P-256" sh -c "openssl pkey -in '$CERTS/tls.key' -noout -text | grep -q 'prime256v1\|P-256'"
check "serving certificate is valid for at least 364 days" openssl x509 -in "$CERTS/tls.crt" -noout -checkend $((364 * 86400))
check_not "serving certificate is valid for no more than 366 days (default --days 365)" \
  openssl x509 -in "$CERTS/tls.crt" -noout -checkend $((366 * 86400))
check "CA is valid for about 10 years (default --ca-days 3650)" openssl x509 -in "$CERTS/ca.crt" -noout -checkend $((3649 * 86400))

check "audit client certificate chains to the CA (purpose sslclient)" \
  openssl verify -CAfile "$CERTS/ca.crt" -purpose sslclient "$CERTS/audit-client.crt"
check "audit client certificate: extendedKeyUsage clientAuth only" \
  test "$(ekus "$CERTS/audit-client.crt")" = "TLS Web Client Authentication"
check_not "audit client certificate is not usable as a server certificate" \
  openssl verify -CAfile "$CERTS/ca.crt" -purpose sslserver "$CERTS/audit-client.crt"
check_not "serving certificate is not usable as a client certificate on /audit" \
  openssl verify -CAfile "$CERTS/ca.crt" -purpose sslclient "$CERTS/tls.crt"

before=$(state)
check "re-running generate --dev succeeds" "$MAKE_CERTS" generate "$CERTS" --dev
after=$(state)
if [ "$before" = "$after" ]; then pass "re-running generate changes nothing (fingerprints of certificates and keys)"
else fail "re-running generate changes nothing (fingerprints of certificates and keys)" "$(diff <(echo "$before") <(echo "$after") || true)"; fi

field() { grep "^$1 " <<<"$2" | cut -d' ' -f2-; }
s0=$(state)
check "generate without --dev (SANs change)" "$MAKE_CERTS" generate "$CERTS"
s1=$(state)
check "changed SANs re-issue the serving certificate" test "$(field tls.crt "$s0")" != "$(field tls.crt "$s1")"
check "... with a fresh key" test "$(field tls.key "$s0")" != "$(field tls.key "$s1")"
check "... and keep the client certificate" test "$(field audit-client.crt "$s0")" = "$(field audit-client.crt "$s1")"
check "... and keep the CA" test "$(field ca.crt "$s0")" = "$(field ca.crt "$s1")"
check "... and drop localhost" test "$(sans "$CERTS/tls.crt")" = "DNS:midonet-webhook DNS:midonet-webhook.midonet-system DNS:midonet-webhook.midonet-system.svc DNS:midonet-webhook.midonet-system.svc.cluster.local"

check "generate --renew-before 366 (leaves expire within the threshold)" "$MAKE_CERTS" generate "$CERTS" --days 400 --renew-before 366
s2=$(state)
check "leaves about to expire are re-issued (serving)" test "$(field tls.crt "$s1")" != "$(field tls.crt "$s2")"
check "leaves about to expire are re-issued (client)" test "$(field audit-client.crt "$s1")" != "$(field audit-client.crt "$s2")"
check "the CA is never replaced without --rotate-ca" test "$(field ca.crt "$s0")" = "$(field ca.crt "$s2")"
check "--days 400 is honoured" openssl x509 -in "$CERTS/tls.crt" -noout -checkend $((399 * 86400))
out=$("$MAKE_CERTS" check "$CERTS" --renew-before 500 2>&1) && rc=0 || rc=$?
check "check exits 2 when a certificate expires within --renew-before" test "$rc" = 2

rm -f "$CERTS/audit-client.crt"
check "a missing leaf is re-created" "$MAKE_CERTS" generate "$CERTS"
check "... and the CA is kept" test "$(fingerprint "$CERTS/ca.crt")" = "$(field ca.crt "$s0")"
check "... and the serving certificate too" test "$(fingerprint "$CERTS/tls.crt")" = "$(field tls.crt "$s2")"

cp "$CERTS/ca.crt" "$WORK/old-ca.crt"
check "generate --rotate-ca" "$MAKE_CERTS" generate "$CERTS" --rotate-ca
check "--rotate-ca makes a new CA" test "$(fingerprint "$CERTS/ca.crt")" != "$(field ca.crt "$s0")"
check "during a rotation ca-bundle.crt holds the new and the previous CA" test "$(certs_in "$CERTS/ca-bundle.crt")" = 2
check "leaves are re-issued by the new CA" openssl verify -CAfile "$CERTS/ca.crt" "$CERTS/tls.crt" "$CERTS/audit-client.crt"
check_not "a second --rotate-ca before finishing the first is refused" "$MAKE_CERTS" generate "$CERTS" --rotate-ca
check "finish-ca-rotation" "$MAKE_CERTS" finish-ca-rotation "$CERTS"
check "after finish-ca-rotation ca-bundle.crt holds only the new CA" test "$(certs_in "$CERTS/ca-bundle.crt")" = 1
check_not "after finish-ca-rotation the previous CA is no longer trusted" cmp -s "$WORK/old-ca.crt" "$CERTS/ca-bundle.crt"

rm -f "$CERTS/ca.crt"
check_not "half a CA (ca.crt gone, ca.key left) is refused, not silently replaced" "$MAKE_CERTS" generate "$CERTS"
rm -rf "$CERTS"
check "generate --dev again into a clean directory" "$MAKE_CERTS" generate "$CERTS" --dev

secret=$("$MAKE_CERTS" secret "$CERTS" 2>&1) || true
b64field() { awk -v k="  $1:" 'index($0, k) == 1 { print $2 }' <<<"$secret"; }
check "secret prints a kubernetes.io/tls Secret" grep -q '^type: kubernetes.io/tls$' <<<"$secret"
check "secret: name midonet-webhook-tls in midonet-system" all_in "$secret" '^  name: midonet-webhook-tls$' '^  namespace: midonet-system$'
check "secret: tls.crt is the serving certificate" test "$(b64field tls.crt | openssl base64 -d -A)" = "$(cat "$CERTS/tls.crt")"
check "secret: tls.key is its key" test "$(b64field tls.key | openssl base64 -d -A)" = "$(cat "$CERTS/tls.key")"
check "secret: ca.crt is the CA bundle (the webhook's --client-ca-file)" test "$(b64field ca.crt | openssl base64 -d -A)" = "$(cat "$CERTS/ca-bundle.crt")"
cabundle=$("$MAKE_CERTS" cabundle "$CERTS")
check "cabundle is one line of base64 of ca-bundle.crt" test "$(openssl base64 -d -A <<<"$cabundle")" = "$(cat "$CERTS/ca-bundle.crt")"

echo "# docs/deployment.md, followed step by step (on a copy of the manifests)"

# The commands the doc tells the operator to type, run here as written: keep them in sync.
# (Single quotes on purpose: these are the literal texts.)
# shellcheck disable=SC2016
DOC_STEPS=(
  'certs/make-certs.sh generate "$CERTS"'
  'certs/make-certs.sh check "$CERTS"'
  'certs/make-certs.sh secret "$CERTS" | kubectl apply -f -'
  'echo "caBundle=$(certs/make-certs.sh cabundle "$CERTS")" > manifests/webhook-ca-bundle.env'
  'sed -i -e "s|newName: midonet-kube|newName: $REGISTRY/midonet-kube|" -e "s|newTag: latest|newTag: $TAG|" manifests/base/kustomization.yaml'
  'kubectl kustomize manifests > midonet-kube.yaml'
  'kubectl apply -k manifests'
)
if [ -f "$DOC" ]; then
  for step in "${DOC_STEPS[@]}"; do
    check "docs/deployment.md has: $step" grep -qF -- "$step" "$DOC"
  done
else
  fail "docs/deployment.md exists"
fi

COPY=$WORK/repo
mkdir -p "$COPY"
cp -R "$ROOT/certs" "$ROOT/manifests" "$COPY/"
DOC_CERTS=$WORK/doc-certs
render_ok=0
if [ "$have_kubectl" = 1 ]; then
  if ( set -e; cd "$COPY"; CERTS=$DOC_CERTS; REGISTRY=registry.example.com/midonet; TAG=0.1.0
       certs/make-certs.sh generate "$CERTS"
       certs/make-certs.sh check "$CERTS"
       certs/make-certs.sh secret "$CERTS" > secret.yaml
       echo "caBundle=$(certs/make-certs.sh cabundle "$CERTS")" > manifests/webhook-ca-bundle.env
       sed -i -e "s|newName: midonet-kube|newName: $REGISTRY/midonet-kube|" -e "s|newTag: latest|newTag: $TAG|" manifests/base/kustomization.yaml
       kubectl kustomize manifests > midonet-kube.yaml
     ) > "$WORK/steps.log" 2>&1; then
    pass "the doc's steps run and kubectl kustomize manifests renders"
    render_ok=1
  else
    fail "the doc's steps run and kubectl kustomize manifests renders" "$(cat "$WORK/steps.log")"
  fi
else
  fail "kubectl is installed (needed for kustomize)"
fi

if [ "$render_ok" = 1 ]; then
  OUT=$COPY/midonet-kube.yaml
  # kindblock KIND: the rendered document of that kind.
  kindblock() { awk -v k="kind: $1" 'BEGIN{RS="\n---\n"} $0 ~ "(^|\n)" k "(\n|$)" { print; exit }' "$OUT"; }
  vwc=$(kindblock ValidatingWebhookConfiguration)
  dep=$(kindblock Deployment)
  svc=$(kindblock Service)

  check "caBundle in the rendered webhook is the one make-certs.sh printed" \
    grep -qF "caBundle: $("$MAKE_CERTS" cabundle "$DOC_CERTS")" <<<"$vwc"
  check_not "no placeholder left in the rendered manifests" grep -qE 'REPLACE-ME|PLACEHOLDER' "$OUT"
  check_not "the local-config caBundle ConfigMap is not rendered" grep -q 'webhook-ca-bundle' "$OUT"
  check "image is the pushed one" grep -q 'image: registry.example.com/midonet/midonet-kube:0.1.0' <<<"$dep"
  for kind in Namespace ServiceAccount ConfigMap Service Deployment PodDisruptionBudget ValidatingWebhookConfiguration ClusterRole ClusterRoleBinding; do
    check "renders a $kind" grep -q "^kind: $kind$" "$OUT"
  done
  check "webhook: failurePolicy: Fail" grep -q '^  failurePolicy: Fail$' <<<"$vwc"
  check "webhook: sideEffects: None" grep -q '^  sideEffects: None$' <<<"$vwc"
  t=$(sed -n 's/^  timeoutSeconds: *//p' <<<"$vwc")
  check "webhook: timeoutSeconds is set and at most 5 (is: ${t:-unset})" test -n "$t" -a "${t:-99}" -le 5 -a "${t:-0}" -ge 1
  check "webhook: admissionReviewVersions v1 then v1beta1" sh -c "grep -A2 'admissionReviewVersions:' | tr -d ' \n' | grep -q -- '-v1-v1beta1'" <<<"$vwc"
  check "webhook: operations CREATE and UPDATE only" test "$(grep -A3 'operations:' <<<"$vwc" | grep -cE -- '- (CREATE|UPDATE)$')" = 4
  check_not "webhook: DELETE is not sent" grep -q -- '- DELETE' <<<"$vwc"
  for r in services endpoints endpointslices; do check "webhook: rules cover $r" grep -qE -- "^    - $r$" <<<"$vwc"; done
  check "webhook: calls Service midonet-webhook.midonet-system port 443 path /validate" \
    all_in "$vwc" '^      name: midonet-webhook$' '^      namespace: midonet-system$' '^      port: 443$' '^      path: /validate$'
  check "webhook: its own namespace is excluded" sh -c "grep -A5 namespaceSelector | grep -q 'NotIn' " <<<"$vwc"
  check "Service: port 443 to the named port https" all_in "$svc" '^    port: 443$' '^    targetPort: https$'
  check "webhook container port https is 8443" sh -c "grep -B1 'name: https' | grep -q 'containerPort: 8443'" <<<"$dep"
  check "Deployment: replicas 1" grep -q '^  replicas: 1$' <<<"$dep"
  check "Deployment: runAsNonRoot: true" grep -q 'runAsNonRoot: true' <<<"$dep"
  check "Deployment: runAsUser 65532" grep -q 'runAsUser: 65532' <<<"$dep"
  check "Deployment: readOnlyRootFilesystem: true in both containers" test "$(grep -c 'readOnlyRootFilesystem: true' <<<"$dep")" = 2
  check "Deployment: allowPrivilegeEscalation: false in both containers" test "$(grep -c 'allowPrivilegeEscalation: false' <<<"$dep")" = 2
  check "Deployment: all capabilities dropped in both containers" test "$(grep -A1 'drop:' <<<"$dep" | grep -c -- '- ALL')" = 2
  check "Deployment: seccomp RuntimeDefault" grep -q 'type: RuntimeDefault' <<<"$dep"
  check "Deployment: both containers mount the store at /var/lib/midonet" test "$(grep -c 'mountPath: /var/lib/midonet$' <<<"$dep")" = 2
  check "Deployment: the store is an emptyDir" sh -c "grep -A2 -- '- emptyDir: {}' | grep -q 'name: store'" <<<"$dep"
  check "Deployment: webhook readiness GET /readyz over HTTPS" sh -c "grep -A4 readinessProbe | grep -q 'path: /readyz' " <<<"$dep"
  check "Deployment: probes use scheme HTTPS for the webhook" test "$(grep -c 'scheme: HTTPS' <<<"$dep")" = 3
  check "Deployment: applier liveness GET /healthz on its metrics port" sh -c "grep -A6 -- 'livenessProbe:' | grep -q 'port: 9090'" <<<"$dep"
  check "Deployment: MidoNet credentials from the Secret midonet-credentials" test "$(grep -c 'name: midonet-credentials' <<<"$dep")" -ge 2
  check "Deployment: requests in both containers" test "$(grep -c 'requests:' <<<"$dep")" = 2
  role=$(kindblock ClusterRole)
  check "ClusterRole: the resync may get and list, in both rules" test "$(grep -A2 '^  verbs:' <<<"$role" | grep -cE '^  - (get|list)$')" = 4
  check_not "ClusterRole: no write or watch verb" grep -qE 'create|update|patch|delete|watch|\*' <<<"$role"
  check "Deployment: no token mounted automatically" grep -q 'automountServiceAccountToken: false' <<<"$dep"
  check "Deployment: the service account token is projected into one container only" \
    test "$(grep -c 'mountPath: /var/run/secrets/kubernetes.io/serviceaccount' <<<"$dep")" = 1
  check "Deployment: the webhook resyncs from kube-apiserver" grep -q -- '--kube-api-server=https://' <<<"$dep"
  check "Deployment: limits in both containers" test "$(grep -c 'limits:' <<<"$dep")" = 2
  check "Deployment: same TENANT source in both containers" test "$(grep -c 'key: TENANT' <<<"$dep")" = 2
  check "Deployment: mounts the TLS Secret midonet-webhook-tls" grep -q 'secretName: midonet-webhook-tls' <<<"$dep"
  check "Deployment: TLS file paths match the Secret's keys" \
    all_in "$dep" '--tls-cert-file=/etc/midonet-webhook/tls/tls.crt$' '--tls-private-key-file=/etc/midonet-webhook/tls/tls.key$' '--client-ca-file=/etc/midonet-webhook/tls/ca.crt$' 'mountPath: /etc/midonet-webhook/tls$'
  check "PodDisruptionBudget: maxUnavailable 1 (drains not blocked with 1 replica)" grep -q 'maxUnavailable: 1' <<<"$(kindblock PodDisruptionBudget)"
  check "secret from the doc's step applies to the namespace the Deployment uses" grep -q '^  namespace: midonet-system$' "$COPY/secret.yaml"

  # The pinning patch of docs/deployment.md ("Several control-plane nodes").
  cat >> "$COPY/manifests/kustomization.yaml" <<'PATCH'
patches:
  - target:
      kind: Deployment
      name: midonet-webhook
    patch: |-
      - op: add
        path: /spec/template/spec/nodeSelector/kubernetes.io~1hostname
        value: cp-1
PATCH
  check "the doc's pinning patch renders" sh -c "kubectl kustomize '$COPY/manifests' | grep -q 'kubernetes.io/hostname: cp-1'"
fi

if [ "$have_kubectl" = 1 ]; then
  # Step 8's test Service, up to the point where it needs a cluster.
  IP=10.1.2.9
  check "the doc's verification Service carries the externalIP" sh -c "kubectl create service clusterip midonet-check --tcp=80:80 --dry-run=client -o yaml |
    kubectl patch --local -f - --type=merge -p '{\"spec\":{\"externalIPs\":[\"$IP\"]}}' -o yaml | grep -q -- '- $IP'"
  # shellcheck disable=SC2016
  check "docs/deployment.md has the verification pipeline" grep -qF 'kubectl patch --local -f - --type=merge -p "{\"spec\":{\"externalIPs\":[\"$IP\"]}}" -o yaml' "$DOC"
fi

echo "# the repository's manifests as committed"
if [ "$have_kubectl" = 1 ]; then
  if out=$(kubectl kustomize "$ROOT/manifests" 2>&1); then
    pass "kubectl kustomize manifests renders (as committed)"
    ph=$(grep 'caBundle:' <<<"$out" | sed 's/.*caBundle: *//')
    check_not "the committed caBundle placeholder is not valid base64 (apply would refuse it)" \
      sh -c "printf '%s' '$ph' | grep -qE '^[A-Za-z0-9+/]+={0,2}$'"
  else
    fail "kubectl kustomize manifests renders (as committed)" "$out"
  fi
  if cm=$(kubectl kustomize "$ROOT/manifests/overlays/cert-manager" 2>&1); then
    pass "kubectl kustomize manifests/overlays/cert-manager renders"
    check "cert-manager: webhook annotated cert-manager.io/inject-ca-from: midonet-system/midonet-webhook-tls" \
      grep -q 'cert-manager.io/inject-ca-from: midonet-system/midonet-webhook-tls' <<<"$cm"
    check_not "cert-manager: no caBundle placeholder (the injector fills it)" grep -q 'caBundle' <<<"$cm"
    check "cert-manager: Issuers and the CA, serving and client Certificates" \
      sh -c "test \$(grep -c '^kind: Certificate$') = 3" <<<"$cm"
    check "cert-manager: serving Certificate writes Secret midonet-webhook-tls" grep -q 'secretName: midonet-webhook-tls' <<<"$cm"
    check "cert-manager: serving Certificate has the .svc name" grep -q -- '- midonet-webhook.midonet-system.svc$' <<<"$cm"
    check "cert-manager: client Certificate has usage client auth" grep -q 'client auth' <<<"$cm"
    check "cert-manager: still failurePolicy Fail, sideEffects None, timeoutSeconds 5" \
      all_in "$cm" 'failurePolicy: Fail$' 'sideEffects: None$' 'timeoutSeconds: 5$'
    check "cert-manager: still readOnlyRootFilesystem and runAsNonRoot" all_in "$cm" 'readOnlyRootFilesystem: true$' 'runAsNonRoot: true$'
  else
    fail "kubectl kustomize manifests/overlays/cert-manager renders" "$cm"
  fi
fi

echo "# the monitoring component (alerts, PodMonitor, the applier's /metrics off loopback)"
if [ "$have_kubectl" = 1 ] && [ "$have_pyyaml" = 1 ]; then
  # Kustomize takes no absolute paths: a kustomization beside a copy of manifests/, as a user's.
  for flavour in manifests manifests/overlays/cert-manager; do
    MON=$WORK/monitoring-$(basename "$flavour")
    mkdir -p "$MON"
    cp -r "$ROOT/manifests" "$MON/"
    printf 'resources:\n  - %s\ncomponents:\n  - manifests/components/monitoring\n' "$flavour" > "$MON/kustomization.yaml"
    if kubectl kustomize "$MON" > "$MON.yaml" 2>&1; then
      pass "$flavour + components/monitoring renders"
      check "$flavour + monitoring: the applier listens on the pod's address, its probes follow, the PodMonitor scrapes both containers" \
        python3 - "$MON.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = {d["kind"] for d in docs}
assert {"PodMonitor", "PrometheusRule"} <= kinds, kinds
deployment = next(d for d in docs if d["kind"] == "Deployment")
containers = {c["name"]: c for c in deployment["spec"]["template"]["spec"]["containers"]}
applier = containers["applier"]
assert "--metrics-listen=$(POD_IP):9090" in applier["args"], applier["args"]
assert not any(a.startswith("--metrics-listen=127.") for a in applier["args"]), applier["args"]
env = {e["name"]: e for e in applier["env"]}
assert env["POD_IP"]["valueFrom"]["fieldRef"]["fieldPath"] == "status.podIP", env["POD_IP"]
for probe in ("startupProbe", "livenessProbe"):
    get = applier[probe]["httpGet"]
    assert "host" not in get and get["port"] == 9090, (probe, get)
assert "--listen=$(POD_IP):8443" in containers["webhook"]["args"], "the webhook container changed"
monitor = next(d for d in docs if d["kind"] == "PodMonitor")
assert monitor["metadata"]["namespace"] == "midonet-system"
assert monitor["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
ports = {p["name"] for c in containers.values() for p in c.get("ports", [])}
endpoints = {e["port"]: e for e in monitor["spec"]["podMetricsEndpoints"]}
assert set(endpoints) == {"https", "metrics"} and set(endpoints) <= ports, (endpoints, ports)
tls = endpoints["https"]["tlsConfig"]
assert endpoints["https"]["scheme"] == "https" and tls["ca"]["secret"] == {"name": "midonet-webhook-tls", "key": "ca.crt"}, tls
assert tls["serverName"] == "midonet-webhook.midonet-system.svc", tls
PY
    else
      fail "$flavour + components/monitoring renders" "$(cat "$MON.yaml")"
    fi
  done
  # The component's `test` operations: a base whose applier flag moved is refused, not mispatched.
  sed -i 's/--metrics-listen=127.0.0.1:9090/--metrics-listen=127.0.0.1:9091/' "$WORK/monitoring-manifests/manifests/base/deployment.yaml"
  check_not "components/monitoring refuses a base whose applier flag is not the one it replaces" kubectl kustomize "$WORK/monitoring-manifests"
fi

echo "# structure (PyYAML)"
if [ "$have_pyyaml" = 1 ] && [ "$render_ok" = 1 ]; then
  check "every rendered and kube-apiserver document has the expected shape" python3 - "$COPY/midonet-kube.yaml" \
    "$ROOT/manifests/apiserver/audit-policy.yaml" "$ROOT/manifests/apiserver/audit-webhook-kubeconfig.yaml" <<'PY'
import sys, yaml
errors = []
def need(cond, msg):
    if not cond: errors.append(msg)

docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    need(isinstance(d.get("apiVersion"), str) and isinstance(d.get("kind"), str), f"no apiVersion/kind: {d}")
    need(isinstance(d.get("metadata", {}).get("name"), str), f"no metadata.name: {d.get('kind')}")
by_kind = {d["kind"]: d for d in docs}
vwc = by_kind["ValidatingWebhookConfiguration"]["webhooks"][0]
need(isinstance(vwc["timeoutSeconds"], int) and 1 <= vwc["timeoutSeconds"] <= 5, "timeoutSeconds not an int in 1..5")
need(vwc["failurePolicy"] == "Fail" and vwc["sideEffects"] == "None", "failurePolicy/sideEffects")
need(vwc["admissionReviewVersions"] == ["v1", "v1beta1"], "admissionReviewVersions")
resources = {r for rule in vwc["rules"] for r in rule["resources"]}
need({"services", "endpoints", "endpointslices"} <= resources, f"rules: {resources}")
need(all(set(rule["operations"]) == {"CREATE", "UPDATE"} for rule in vwc["rules"]), "operations")
need(vwc["namespaceSelector"]["matchExpressions"][0]["values"] == ["midonet-system"], "namespaceSelector")
dep = by_kind["Deployment"]
pod = dep["spec"]["template"]["spec"]
need(pod["securityContext"]["runAsNonRoot"] is True, "runAsNonRoot")
names = [c["name"] for c in pod["containers"]]
need(names == ["webhook", "applier"], f"containers {names}")
for c in pod["containers"]:
    sc = c["securityContext"]
    need(sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False, f"{c['name']} securityContext")
    need(sc["capabilities"]["drop"] == ["ALL"], f"{c['name']} capabilities")
    need("livenessProbe" in c, f"{c['name']} livenessProbe")
    need({"requests", "limits"} <= set(c["resources"]), f"{c['name']} resources")
    need(any(m["mountPath"] == "/var/lib/midonet" and m["name"] == "store" for m in c["volumeMounts"]), f"{c['name']} store mount")
web = pod["containers"][0]
need(web["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "https", "scheme": "HTTPS"}, "readinessProbe")
need(web["livenessProbe"]["httpGet"]["path"] == "/healthz" and web["livenessProbe"]["httpGet"]["scheme"] == "HTTPS", "livenessProbe")
need(any(p["containerPort"] == 8443 and p["name"] == "https" for p in web["ports"]), "port 8443")
need(any(a.startswith("--store=/var/lib/midonet/") for a in web["args"]), "webhook --store")
app = pod["containers"][1]
need(any(a.startswith("--store=/var/lib/midonet/") for a in app["args"]), "applier --store")
store = [v for v in pod["volumes"] if v["name"] == "store"][0]
need("emptyDir" in store, "store volume is an emptyDir")
svc = by_kind["Service"]["spec"]["ports"][0]
need(svc["port"] == 443 and svc["targetPort"] == "https", "Service 443 -> https")
pdb = by_kind["PodDisruptionBudget"]["spec"]
need(pdb.get("maxUnavailable") == 1, "PDB")

policy = yaml.safe_load(open(sys.argv[2]))
need(policy["apiVersion"] == "audit.k8s.io/v1" and policy["kind"] == "Policy", "audit policy kind")
need(set(policy["omitStages"]) == {"RequestReceived", "ResponseStarted", "Panic"}, "audit policy stages: ResponseComplete only")
rr = [r for r in policy["rules"] if r["level"] == "RequestResponse"]
need(len(rr) == 1, "one RequestResponse rule")
logged = {(g.get("group", ""), res) for g in rr[0]["resources"] for res in g["resources"]}
for want in [("", "services"), ("", "endpoints"), ("", "nodes"), ("", "pods"), ("discovery.k8s.io", "endpointslices")]:
    need(want in logged, f"audit policy misses {want}")
need(policy["rules"][-1] == {"level": "None"}, "audit policy ends with level None")
need(all(r["level"] in ("None", "RequestResponse") for r in policy["rules"]), "only None and RequestResponse levels")

kc = yaml.safe_load(open(sys.argv[3]))
cluster = kc["clusters"][0]["cluster"]
user = kc["users"][0]["user"]
need(cluster["server"].startswith("https://") and cluster["server"].endswith("/audit"), "kubeconfig server")
need(cluster["tls-server-name"] == "midonet-webhook.midonet-system.svc", "kubeconfig tls-server-name")
need(cluster["certificate-authority"].endswith("ca-bundle.crt"), "kubeconfig CA")
need(user["client-certificate"].endswith("audit-client.crt") and user["client-key"].endswith("audit-client.key"), "kubeconfig client cert")
ctx = {c["name"]: c["context"] for c in kc["contexts"]}[kc["current-context"]]
need(ctx["cluster"] == kc["clusters"][0]["name"] and ctx["user"] == kc["users"][0]["name"], "kubeconfig context")

if errors:
    print("\n".join(errors)); sys.exit(1)
PY
else
  echo "skip - PyYAML or the rendered manifests missing: structural checks not run"
fi

echo "# repository hygiene"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  check_not "no private keys or certificates committed under certs/, manifests/, docs/" \
    sh -c "cd '$ROOT' && git ls-files certs manifests docs | xargs -r grep -l 'BEGIN [A-Z ]*PRIVATE KEY\|BEGIN CERTIFICATE' | grep -q ."
fi

echo
checks_summary
