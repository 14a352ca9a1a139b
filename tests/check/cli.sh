#!/bin/sh
# tests/check/cli.sh - `trawl check`: result schemas in text and jsonl, the
# first error with line, column and caret, exit codes, YAML rule files.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass() { echo "ok check-cli $1"; }
fail() { echo "FAIL check-cli $1: $2"; }

printf 'AzureActivity\n| summarize n = count() by Caller\n' > "$t/ok.kql"
printf 'AzureActivity\n| where Nope == 1\n' > "$t/bad.kql"
cat > "$t/rule.yaml" <<'Y'
id: 00000000-0000-0000-0000-000000000000
name: test rule
query: |
  AWSCloudTrail
  | where EventName == "RunInstances"
  | project TimeGenerated, EventName
Y
printf 'name: no query here\n' > "$t/noquery.yaml"

out=$("$TRAWL" check "$t/ok.kql"); rc=$?
[ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q '^  Caller: string$' &&
  printf '%s\n' "$out" | grep -q '^  n: long$' && pass text-schema ||
  fail text-schema "rc=$rc out=$out"

out=$("$TRAWL" check "$t/bad.kql"); rc=$?
line1=$(printf '%s\n' "$out" | sed -n 1p)
caret=$(printf '%s\n' "$out" | sed -n 3p)
case $line1 in
  *bad.kql:2:9:\ error:\ The\ name\ \'Nope\'\ does\ not\ refer*) ok1=1 ;;
  *) ok1=0 ;;
esac
[ $rc -eq 2 ] && [ $ok1 -eq 1 ] && [ "$caret" = "          ^~~~" ] &&
  pass text-error || fail text-error "rc=$rc out=$out"

out=$("$TRAWL" check --format jsonl "$t/rule.yaml" 2>/dev/null); rc=$?
want="{\"file\":\"$t/rule.yaml\",\"ok\":true,\"errors\":[],\"columns\":[[\"TimeGenerated\",\"datetime\"],[\"EventName\",\"string\"]]}"
[ $rc -eq 0 ] && [ "$out" = "$want" ] && pass jsonl-yaml ||
  fail jsonl-yaml "rc=$rc out=$out"

out=$("$TRAWL" check --format jsonl "$t/bad.kql" 2>/dev/null); rc=$?
want="{\"file\":\"$t/bad.kql\",\"ok\":false,\"errors\":[{\"offset\":22,\"length\":4,\"message\":\"The name 'Nope' does not refer to any known column, table, variable or function.\"}],\"columns\":[]}"
[ $rc -eq 2 ] && [ "$out" = "$want" ] && pass jsonl-error ||
  fail jsonl-error "rc=$rc out=$out"

"$TRAWL" check "$t/ok.kql" "$t/bad.kql" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass exit-any-error || fail exit-any-error "rc=$rc"

out=$("$TRAWL" check "$t/noquery.yaml" "$t/missing.kql" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q 'no query field' &&
  printf '%s\n' "$out" | grep -q 'missing.kql' && pass unreadable ||
  fail unreadable "rc=$rc out=$out"

"$TRAWL" check >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass usage || fail usage "rc=$rc"

seed=../shared/seed/t1535-seed.kql
cd "$(dirname "$0")/../.." || exit 1
if [ -f "$seed" ]; then
  out=$("$TRAWL" check --format jsonl "$seed" 2>/dev/null)
  case $out in
    *'"columns":[["TimeGenerated","datetime"],["Caller","string"],["CallerIpAddress","string"],["OperationNameValue","string"],["ResourceLocation","string"],["ResourceGroup","string"],["SubscriptionId","string"],["CorrelationId","string"],["CloudProvider","string"],["RiskIndicators","string"]]}')
      pass seed ;;
    *) fail seed "$out" ;;
  esac
else
  echo "skip check-cli seed: ../shared is absent"
fi
