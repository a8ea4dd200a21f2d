# One line per check and a count, for the shell test scripts (test-deploy.sh, test-alerts.sh):
# `check NAME COMMAND...` passes when the command succeeds, `check_not` when it fails; the
# script ends with `checks_summary`, which prints "N passed, M failed" and fails if any did.
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; [ -z "${2-}" ] || printf '%s\n' "$2" | sed 's/^/       /' | head -40; }
check() { local name=$1; shift; local out; if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi; }
check_not() { local name=$1; shift; local out; if out=$("$@" 2>&1); then fail "$name" "$out"; else pass "$name"; fi; }
checks_summary() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }
