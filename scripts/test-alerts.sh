#!/usr/bin/env bash
# Tests of the alerts in manifests/components/monitoring/prometheusrule.yaml: promtool checks the rule file
# (its `spec`, templates included), runs the unit tests of Tests/Monitoring/alerts.test.yaml on
# the expressions, and every metric the rules name must be one that Sources/ exports (a metric
# renamed in the code would otherwise leave an alert that can never fire).
# Needs promtool (Debian's prometheus package) and python3-yaml; prints "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
RULES=manifests/components/monitoring/prometheusrule.yaml
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# shellcheck source=lib/checks.sh
. scripts/lib/checks.sh

# The PrometheusRule's spec is a Prometheus rule file; the unit tests get it without annotations
# (promtool compares them too, and `check rules` has checked their templates).
python3 - "$RULES" "$WORK" <<'PY'
import sys, yaml
rule, work = sys.argv[1], sys.argv[2]
document = yaml.safe_load(open(rule))
assert document["kind"] == "PrometheusRule", document["kind"]
spec = document["spec"]
yaml.safe_dump(spec, open(f"{work}/full.yaml", "w"), sort_keys=False)
for group in spec["groups"]:
    for r in group["rules"]:
        r.pop("annotations", None)
yaml.safe_dump(spec, open(f"{work}/rules.yaml", "w"), sort_keys=False)
PY
check "promtool check rules: the PrometheusRule's spec is a valid rule file" promtool check rules "$WORK/full.yaml"
cp Tests/Monitoring/alerts.test.yaml "$WORK/"
check "promtool test rules: every alert fires when it should and not when it should not" promtool test rules "$WORK/alerts.test.yaml"

# Metrics the rules read, without a histogram's suffixes, against the names Sources/ registers.
exported=$(grep -rhoE '"midonet_[a-z0-9_]+"' Sources | tr -d '"' | sort -u)
missing=()
for name in $(grep -oE 'midonet_[a-z0-9_]+' "$RULES" | sed -E 's/_(bucket|sum|count)$//' | sort -u); do
  grep -qx "$name" <<<"$exported" || missing+=("$name")
done
if [ ${#missing[@]} -eq 0 ]; then
  pass "every metric the rules read is one the webhook or the applier exports"
else
  fail "every metric the rules read is one the webhook or the applier exports" "not exported: ${missing[*]}"
fi
alerts=$(grep -cE '^\s+- alert:' "$RULES")
tested=$(grep -oE 'alertname: [A-Za-z]+' Tests/Monitoring/alerts.test.yaml | sort -u | wc -l)
named=$(grep -oE 'alert: [A-Za-z]+' "$RULES" | sort -u | wc -l)
if [ "$tested" -eq "$named" ]; then
  pass "each of the $named alert names ($alerts rules) has a unit test"
else
  fail "each alert name has a unit test" "$tested of $named tested"
fi

checks_summary
