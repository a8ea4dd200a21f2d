#!/usr/bin/env bash
# Certificates for midonet-webhook: a private CA, the webhook's serving certificate and
# kube-apiserver's client certificate for the audit backend (mTLS to /audit). OpenSSL only.
# Idempotent: re-running keeps what is still good and re-issues only what is not.
# Run with --help for the usage; certs/README.md explains rotation and the cert-manager alternative.
set -euo pipefail

PROG=${0##*/}

usage() {
  cat <<USAGE
Usage:
  $PROG generate DIR [options]   create or refresh the CA and both leaf certificates in DIR
  $PROG check DIR                print subject, SANs, usage and expiry of every certificate in DIR
  $PROG secret DIR [--name N]    print the kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt) as YAML
  $PROG cabundle DIR             print the caBundle for the ValidatingWebhookConfiguration (base64, one line)
  $PROG finish-ca-rotation DIR   stop trusting the previous CA (after every client uses the new certificates)

generate options:
  --service NAME        Service name (default midonet-webhook)
  --namespace NS        namespace (default midonet-system)
  --days N              validity of the leaf certificates in days (default 365)
  --ca-days N           validity of a new CA in days (default 3650)
  --renew-before N      re-issue a leaf that expires within N days (default 30)
  --dev                 also put localhost and 127.0.0.1 in the serving certificate (local runs)
  --san SAN             an extra subjectAltName, DNS:name or IP:address; repeatable
                        (e.g. a node IP, when kube-apiserver cannot send tls-server-name)
  --rotate-ca           make a new CA (the old one stays trusted until finish-ca-rotation)
                        and re-issue both leaves from it

check options:
  --renew-before N      also flag certificates that expire within N days (default 30)
                        exit status: 0 all valid, 1 something missing, expired or not chaining
                        to the CA, 2 something expires within N days

Files in DIR (keys are mode 0600, DIR is 0700):
  ca.crt ca.key                    the CA (ECDSA P-256)
  ca-bundle.crt                    what peers trust: ca.crt, plus ca.previous.crt during a CA rotation;
                                   the Secret's ca.crt (client CA), the caBundle, the audit kubeconfig's CA
  tls.crt tls.key                  serving certificate: ECDSA P-256, serverAuth, SANs <svc>, <svc>.<ns>,
                                   <svc>.<ns>.svc, <svc>.<ns>.svc.cluster.local
  audit-client.crt audit-client.key  kube-apiserver's audit client certificate: ECDSA P-256, clientAuth
  make-certs.conf                  the service and namespace the certificates were made for
USAGE
}

die() { echo "$PROG: $*" >&2; exit 1; }
say() { echo "$PROG: $*" >&2; }

command -v openssl >/dev/null || die "openssl is not installed"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------
# Small helpers around openssl

new_key() { # FILE: an ECDSA P-256 key (PKCS#8), mode 0600 from birth
  ( umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
      -pkeyopt ec_param_enc:named_curve -out "$1" 2>/dev/null ) || die "cannot create key $1"
  chmod 600 "$1"
}

serial() { echo "0x$(openssl rand -hex 16)"; }

# The public key of a certificate and of a private key, to see that they belong together.
cert_pubkey() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null; }
key_pubkey() { openssl pkey -in "$1" -pubout 2>/dev/null; }
key_matches() { [ -s "$1" ] && [ -s "$2" ] && [ "$(cert_pubkey "$1")" = "$(key_pubkey "$2")" ]; }

# expires_within CERT SECONDS: true when CERT is no longer valid SECONDS from now.
expires_within() { ! openssl x509 -in "$1" -noout -checkend "$2" >/dev/null 2>&1; }

# The subjectAltNames of a certificate, one per line, sorted, as DNS:x / IP:y.
cert_sans() {
  openssl x509 -in "$1" -noout -text 2>/dev/null |
    awk '/X509v3 Subject Alternative Name/ { getline; print; exit }' |
    tr ',' '\n' | sed -e 's/^ *//' -e 's/ *$//' -e 's/^IP Address:/IP:/' | grep -v '^$' | sort -u
}

cert_ekus() {
  openssl x509 -in "$1" -noout -text 2>/dev/null |
    awk '/X509v3 Extended Key Usage/ { getline; print; exit }' | sed -e 's/^ *//'
}

# verifies CERT against the CA file (which may hold two CAs during a rotation).
chains_to_ca() { openssl verify -CAfile "$2" "$1" >/dev/null 2>&1; }

enddate() { openssl x509 -in "$1" -noout -enddate 2>/dev/null | sed 's/^notAfter=//'; }

days_left() { # CERT -> whole days until notAfter (negative when expired); empty if date can't parse
  local end secs now
  end=$(enddate "$1")
  if secs=$(date -u -d "$end" +%s 2>/dev/null); then :
  elif secs=$(date -u -j -f '%b %e %T %Y %Z' "$end" +%s 2>/dev/null); then :
  else return 0; fi
  now=$(date -u +%s)
  echo $(( (secs - now) / 86400 ))
}

b64() { openssl base64 -A < "$1"; }

# issue_leaf KEY CERT SUBJECT_CN EXTENSIONS DAYS: a fresh key and a certificate for it, signed by the
# CA in $DIR. A renewal gets a new key too: a key lives no longer than its certificate.
issue_leaf() {
  local key=$1 cert=$2 cn=$3 ext=$4 days=$5 tmp
  tmp=$(mktemp -d "$WORK/leaf.XXXXXX")
  printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = %s\n' "$cn" > "$tmp/req.cnf"
  printf '[leaf]\n%s\n' "$ext" > "$tmp/ext.cnf"
  new_key "$tmp/leaf.key"
  openssl req -new -config "$tmp/req.cnf" -key "$tmp/leaf.key" -out "$tmp/req.csr" 2>/dev/null ||
    die "cannot make a request for $cert"
  openssl x509 -req -in "$tmp/req.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" \
    -set_serial "$(serial)" -days "$days" -sha256 \
    -extfile "$tmp/ext.cnf" -extensions leaf -out "$tmp/leaf.crt" 2>/dev/null ||
    die "cannot sign $cert"
  chmod 644 "$tmp/leaf.crt"
  # Each file is replaced atomically (rename); the webhook re-reads them when they change and keeps
  # its previous certificate while the pair does not match yet.
  mv -f "$tmp/leaf.key" "$key"
  mv -f "$tmp/leaf.crt" "$cert"
}

# ---------------------------------------------------------------------------------------------
# generate

SERVICE=midonet-webhook
NAMESPACE=midonet-system
DAYS=365
CA_DAYS=3650
RENEW_BEFORE=30
DEV=0
ROTATE_CA=0
EXTRA_SANS=()
SECRET_NAME=midonet-webhook-tls

is_number() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }

wanted_sans() {
  {
    echo "DNS:$SERVICE"
    echo "DNS:$SERVICE.$NAMESPACE"
    echo "DNS:$SERVICE.$NAMESPACE.svc"
    echo "DNS:$SERVICE.$NAMESPACE.svc.cluster.local"
    if [ "$DEV" = 1 ]; then echo "DNS:localhost"; echo "IP:127.0.0.1"; fi
    for s in ${EXTRA_SANS[@]+"${EXTRA_SANS[@]}"}; do echo "$s"; done
  } | sort -u
}

make_ca() {
  local tmp
  tmp=$(mktemp -d "$WORK/ca.XXXXXX")
  cat > "$tmp/ca.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
x509_extensions = ca
[dn]
CN = $SERVICE.$NAMESPACE CA
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
CNF
  new_key "$tmp/ca.key"
  openssl req -x509 -new -config "$tmp/ca.cnf" -key "$tmp/ca.key" -sha256 \
    -days "$CA_DAYS" -set_serial "$(serial)" -out "$tmp/ca.crt" 2>/dev/null || die "cannot make the CA"
  chmod 644 "$tmp/ca.crt"
  mv -f "$tmp/ca.key" "$DIR/ca.key"
  mv -f "$tmp/ca.crt" "$DIR/ca.crt"
}

# ca-bundle.crt: what peers trust = the CA, then the previous CA while a rotation is in progress.
# It is the Secret's ca.crt (the webhook's --client-ca-file), the caBundle, and the audit
# kubeconfig's certificate-authority.
write_bundle() {
  local tmp
  tmp=$(mktemp "$WORK/bundle.XXXXXX")
  cat "$DIR/ca.crt" > "$tmp"
  if [ -s "$DIR/ca.previous.crt" ]; then cat "$DIR/ca.previous.crt" >> "$tmp"; fi
  if [ -f "$DIR/ca-bundle.crt" ] && cmp -s "$tmp" "$DIR/ca-bundle.crt"; then return; fi
  chmod 644 "$tmp"
  mv -f "$tmp" "$DIR/ca-bundle.crt"
}

# why_reissue CERT KEY [SANS]: prints the reason the leaf must be (re)issued, nothing if it is fine.
why_reissue() {
  local cert=$1 key=$2 sans=${3-}
  if [ ! -s "$cert" ] || [ ! -s "$key" ]; then echo "missing"; return; fi
  if ! key_matches "$cert" "$key"; then echo "key does not match the certificate"; return; fi
  if ! chains_to_ca "$cert" "$DIR/ca.crt"; then echo "not issued by the current CA"; return; fi
  if expires_within "$cert" 0; then echo "expired"; return; fi
  if expires_within "$cert" $((RENEW_BEFORE * 86400)); then echo "expires within $RENEW_BEFORE days"; return; fi
  if [ -n "$sans" ] && [ "$(cert_sans "$cert")" != "$sans" ]; then echo "subjectAltNames changed"; return; fi
}

cmd_generate() {
  [ -n "${DIR-}" ] || die "generate needs a directory (see --help)"
  # A leaf must outlive the renewal threshold, or every run would re-issue it.
  [ "$DAYS" -gt "$RENEW_BEFORE" ] || die "--days ($DAYS) must be greater than --renew-before ($RENEW_BEFORE)"
  [ "$CA_DAYS" -gt "$DAYS" ] || die "--ca-days ($CA_DAYS) must be greater than --days ($DAYS)"
  mkdir -p "$DIR"
  chmod 700 "$DIR"

  # The CA: made once, replaced only with --rotate-ca.
  if [ "$ROTATE_CA" = 1 ]; then
    [ ! -e "$DIR/ca.previous.crt" ] ||
      die "a CA rotation is already in progress; finish it first ('$PROG finish-ca-rotation $DIR')"
    if [ -s "$DIR/ca.crt" ]; then
      cp -f "$DIR/ca.crt" "$DIR/ca.previous.crt"
      say "CA: rotating; the previous CA stays trusted (ca-bundle.crt) until '$PROG finish-ca-rotation $DIR'"
    fi
    make_ca
    say "CA: created (valid $CA_DAYS days)"
  elif [ -s "$DIR/ca.key" ] && [ -s "$DIR/ca.crt" ]; then
    key_matches "$DIR/ca.crt" "$DIR/ca.key" || die "$DIR/ca.key does not match $DIR/ca.crt; restore them or use --rotate-ca"
    if expires_within "$DIR/ca.crt" 0; then
      die "the CA has expired ($(enddate "$DIR/ca.crt")); use --rotate-ca"
    elif expires_within "$DIR/ca.crt" $((DAYS * 86400)); then
      # openssl signs past the CA's own expiry, but such a chain stops verifying with the CA.
      say "WARNING: the CA expires $(enddate "$DIR/ca.crt"), before leaves issued now; plan a --rotate-ca (certs/README.md)"
    fi
    say "CA: kept (until $(enddate "$DIR/ca.crt"))"
  elif [ -e "$DIR/ca.key" ] || [ -e "$DIR/ca.crt" ]; then
    die "$DIR has half a CA (ca.key or ca.crt is missing or empty); restore it or use --rotate-ca"
  else
    make_ca
    say "CA: created (valid $CA_DAYS days)"
  fi
  chmod 600 "$DIR/ca.key"
  write_bundle

  local sans reason ext
  sans=$(wanted_sans)
  reason=$(why_reissue "$DIR/tls.crt" "$DIR/tls.key" "$sans")
  if [ -n "$reason" ]; then
    ext="basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $(echo "$sans" | paste -sd, - | sed 's/,/, /g')"
    issue_leaf "$DIR/tls.key" "$DIR/tls.crt" "$SERVICE.$NAMESPACE.svc" "$ext" "$DAYS"
    say "serving certificate: issued ($reason), valid $DAYS days, SANs: $(echo "$sans" | paste -sd' ' -)"
  else
    say "serving certificate: kept (until $(enddate "$DIR/tls.crt"))"
  fi

  reason=$(why_reissue "$DIR/audit-client.crt" "$DIR/audit-client.key")
  if [ -n "$reason" ]; then
    ext="basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"
    issue_leaf "$DIR/audit-client.key" "$DIR/audit-client.crt" "kube-apiserver-audit" "$ext" "$DAYS"
    say "audit client certificate: issued ($reason), valid $DAYS days"
  else
    say "audit client certificate: kept (until $(enddate "$DIR/audit-client.crt"))"
  fi
  chmod 600 "$DIR/tls.key" "$DIR/audit-client.key"

  printf 'SERVICE=%s\nNAMESPACE=%s\n' "$SERVICE" "$NAMESPACE" > "$DIR/make-certs.conf"
}

# ---------------------------------------------------------------------------------------------
# check, secret, cabundle, finish-ca-rotation

load_conf() {
  [ -n "${DIR-}" ] || die "a directory is needed (see --help)"
  [ -d "$DIR" ] || die "$DIR: no such directory"
  if [ -f "$DIR/make-certs.conf" ]; then
    SERVICE=$(sed -n 's/^SERVICE=//p' "$DIR/make-certs.conf")
    NAMESPACE=$(sed -n 's/^NAMESPACE=//p' "$DIR/make-certs.conf")
  fi
}

cmd_check() {
  load_conf
  local status=0 f left label
  for f in ca.crt ca.previous.crt tls.crt audit-client.crt; do
    case $f in
      ca.crt) label="CA" ;;
      ca.previous.crt) label="previous CA (still trusted)"; [ -s "$DIR/$f" ] || continue ;;
      tls.crt) label="serving certificate" ;;
      audit-client.crt) label="audit client certificate" ;;
    esac
    if [ ! -s "$DIR/$f" ]; then
      echo "$label: MISSING ($DIR/$f)"; status=1; continue
    fi
    left=$(days_left "$DIR/$f")
    echo "$label: $DIR/$f"
    echo "  subject:   $(openssl x509 -in "$DIR/$f" -noout -subject | sed 's/^subject= *//')"
    echo "  notBefore: $(openssl x509 -in "$DIR/$f" -noout -startdate | sed 's/^notBefore=//')"
    echo "  notAfter:  $(enddate "$DIR/$f")${left:+ ($left days left)}"
    case $f in
      tls.crt|audit-client.crt)
        [ "$f" = tls.crt ] && echo "  SANs:      $(cert_sans "$DIR/$f" | paste -sd' ' -)"
        echo "  usage:     $(cert_ekus "$DIR/$f")"
        if ! chains_to_ca "$DIR/$f" "$DIR/ca.crt"; then echo "  ERROR: not issued by $DIR/ca.crt"; status=1; fi
        local keyf=${f%.crt}.key
        if ! key_matches "$DIR/$f" "$DIR/$keyf"; then echo "  ERROR: $keyf missing or not matching"; status=1; fi
        ;;
    esac
    if expires_within "$DIR/$f" 0; then
      echo "  ERROR: expired"; status=1
    elif expires_within "$DIR/$f" $((RENEW_BEFORE * 86400)); then
      echo "  WARNING: expires within $RENEW_BEFORE days"; [ "$status" = 1 ] || status=2
    fi
  done
  return "$status"
}

cmd_secret() {
  load_conf
  local f
  for f in tls.crt tls.key ca-bundle.crt; do [ -s "$DIR/$f" ] || die "$DIR/$f is missing; run '$PROG generate $DIR' first"; done
  cat <<YAML
# The webhook's serving certificate and, as ca.crt, the CA that client certificates on /audit must
# chain to (--client-ca-file). Made by certs/make-certs.sh; apply with: kubectl apply -f -
apiVersion: v1
kind: Secret
metadata:
  name: $SECRET_NAME
  namespace: $NAMESPACE
  labels:
    app.kubernetes.io/name: midonet-webhook
    app.kubernetes.io/part-of: midonet-kube
type: kubernetes.io/tls
data:
  tls.crt: $(b64 "$DIR/tls.crt")
  tls.key: $(b64 "$DIR/tls.key")
  ca.crt: $(b64 "$DIR/ca-bundle.crt")
YAML
}

cmd_cabundle() {
  load_conf
  [ -s "$DIR/ca-bundle.crt" ] || die "$DIR/ca-bundle.crt is missing; run '$PROG generate $DIR' first"
  b64 "$DIR/ca-bundle.crt"
  echo
}

cmd_finish_ca_rotation() {
  load_conf
  [ -s "$DIR/ca.crt" ] || die "$DIR has no CA"
  if [ -e "$DIR/ca.previous.crt" ]; then
    rm -f "$DIR/ca.previous.crt"
    write_bundle
    say "the previous CA is no longer trusted; re-apply the Secret and the caBundle, re-copy ca-bundle.crt"
  else
    say "no CA rotation in progress"
  fi
}

# ---------------------------------------------------------------------------------------------

[ $# -gt 0 ] || { usage >&2; exit 2; }
COMMAND=$1; shift
case $COMMAND in
  -h|--help|help) usage; exit 0 ;;
  generate|check|secret|cabundle|finish-ca-rotation) ;;
  *) usage >&2; die "unknown command: $COMMAND" ;;
esac

DIR=
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --service) SERVICE=${2:?--service needs a value}; shift ;;
    --namespace) NAMESPACE=${2:?--namespace needs a value}; shift ;;
    --days) DAYS=${2:?--days needs a value}; shift ;;
    --ca-days) CA_DAYS=${2:?--ca-days needs a value}; shift ;;
    --renew-before) RENEW_BEFORE=${2:?--renew-before needs a value}; shift ;;
    --san) EXTRA_SANS+=("${2:?--san needs a value}"); shift ;;
    --name) SECRET_NAME=${2:?--name needs a value}; shift ;;
    --dev) DEV=1 ;;
    --rotate-ca) ROTATE_CA=1 ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [ -z "$DIR" ] || die "one directory only (got '$DIR' and '$1')"; DIR=$1 ;;
  esac
  shift
done

is_number "$DAYS" || die "--days must be a positive number"
is_number "$CA_DAYS" || die "--ca-days must be a positive number"
[[ $RENEW_BEFORE =~ ^[0-9]+$ ]] || die "--renew-before must be a number of days"
[[ $SERVICE =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--service must be a DNS label: $SERVICE"
[[ $NAMESPACE =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--namespace must be a DNS label: $NAMESPACE"
for s in ${EXTRA_SANS[@]+"${EXTRA_SANS[@]}"}; do
  [[ $s =~ ^(DNS:[A-Za-z0-9*]([-A-Za-z0-9.]*[A-Za-z0-9])?|IP:[0-9A-Fa-f:.]+)$ ]] || die "--san must be DNS:name or IP:address: $s"
done

case $COMMAND in
  generate) cmd_generate ;;
  check) cmd_check ;;
  secret) cmd_secret ;;
  cabundle) cmd_cabundle ;;
  finish-ca-rotation) cmd_finish_ca_rotation ;;
esac
