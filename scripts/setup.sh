#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine (run as root).
# Idempotent: does nothing when everything is present.
set -euo pipefail
packages=(
  libssl-dev libnghttp2-dev libsqlite3-dev pkg-config   # build: OpenSSL, nghttp2, SQLite (GRDB)
  curl nghttp2-client openssl python3 python3-h2        # tests: real peers
  nginx-light golang-go sqlite3 procps valgrind         # benchmarks and tooling
  sslscan                                               # reliability suite: weak protocols and ciphers
  python3-yaml                                          # deployment and alert tests
)
# Installed without their recommends: promtool comes in Debian's prometheus package, and its
# recommends are exporters and disk tools that tests do not need.
lean_packages=(
  prometheus                                            # promtool: the alert rules' tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
lean_missing=()
for p in "${lean_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || lean_missing+=("$p")
done
if [ $((${#missing[@]} + ${#lean_missing[@]})) -gt 0 ]; then
  echo "setup: installing ${missing[*]} ${lean_missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "setup: run as root to install packages" >&2; exit 1; fi
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#lean_missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean_missing[@]}" >/dev/null
  fi
fi
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected /opt/swift)" >&2; exit 1; }
