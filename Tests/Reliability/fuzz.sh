#!/usr/bin/env bash
# Runs each libFuzzer target for $1 seconds (default 30), seeded from the hostile corpus.
# New coverage goes to a temporary directory; crashes, leaks and timeouts are written to
# Tests/Reliability/corpus/fuzz-crashes/<target>-* (commit them as regression inputs).
set -uo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-30}
BIN=.build-fuzz/debug
CRASHES=Tests/Reliability/corpus/fuzz-crashes
mkdir -p "$CRASHES"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
run() { # target seed-dir...
  local target=$1; shift
  mkdir -p "$WORK/$target"
  echo "# $target: ${SECONDS_EACH}s from $*"
  if "$BIN/$target" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$CRASHES/$target-" "$WORK/$target" "$@" "$CRASHES" >"$WORK/$target.log" 2>&1; then
    echo "ok   - $target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$WORK/$target.log" | awk '{print substr($1, 2)}') runs, $(grep -oE 'cov: [0-9]+' "$WORK/$target.log" | tail -1), no crash"
  else
    status=1
    echo "FAIL - $target"; grep -E 'ERROR|SUMMARY|Test unit written' "$WORK/$target.log" | head -5 | sed 's/^/       /'
  fi
}
C=Tests/Reliability/corpus
run FuzzHTTP1 "$C/h1" "$C/h1-ctl"
run FuzzAdmissionReview "$C/validate"
run FuzzAuditTranslate "$C/audit"
exit $status
