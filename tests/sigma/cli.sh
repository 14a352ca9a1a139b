#!/usr/bin/env bash
# tests/sigma/cli.sh - Sigma through the command line: `trawl sigma`
# (kql and jsonl), `trawl check` on a Sigma .yml, `trawl test` with a
# Sigma rule file, errors with path:line:column.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
TRAWL=${TRAWL:-$root/build/trawl}
rule=$root/tests/sigma/rules/trawl_test_stop_logging.yml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t() {  # t NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then echo "ok sigma-cli/$name"; else echo "FAIL sigma-cli/$name"; fi
}

out=$("$TRAWL" sigma "$rule"); rc=$?
t kql [ $rc -eq 0 ]
t kql-text [ "$out" = 'AWSCloudTrail
| where ((EventSource =~ "cloudtrail.amazonaws.com" and (EventName endswith "Logging" or EventName endswith "Trail")) and not((EventName startswith "Start" or UserIdentityArn contains "role/automation/")))' ]
out=$("$TRAWL" sigma --format jsonl "$rule")
t jsonl grep -q '"severity":"High","tactics":\["DefenseEvasion"\],"techniques":\["T1562.008"\]' <<<"$out"

printf 'title: x\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: A\n  condition: sel or (nope\n' >"$tmp/bad.yml"
"$TRAWL" sigma "$tmp/bad.yml" >/dev/null 2>"$tmp/err"; rc=$?
t error-exit [ $rc -eq 2 ]
t error-position grep -q "bad.yml:8:21: missing ')' for this '('" "$tmp/err"
"$TRAWL" check "$tmp/bad.yml" >/dev/null 2>&1; rc=$?
t check-error [ $rc -ne 0 ]

"$TRAWL" check "$rule" >"$tmp/check" 2>&1; rc=$?
t check-ok [ $rc -eq 0 ]
t check-schema grep -q "AwsEventId: string" "$tmp/check"

"$TRAWL" test "$root/tests/sigma/cases" >"$tmp/test" 2>&1; rc=$?
t trawl-test [ $rc -eq 0 ]
"$TRAWL" hunt --no-config --rules "$root/tests/sigma/rules" --list >"$tmp/list" 2>&1
t hunt-list grep -q "5b0c7a55-0000-4000-8000-00000000a001" "$tmp/list"
