#!/usr/bin/env bash
# tests/query/query.sh - `trawl query` as a user runs it: the seed query
# from a file, --now, --set (and a --set naming no let), output formats,
# stdin with -, positioned query errors with a caret, run-time
# "not supported" errors, skipped input and exit codes.
set -u
T=${TRAWL:?TRAWL is the binary under test}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; }
bad() { echo "FAIL $1: $2"; }
check() { if eval "$2"; then ok "$1"; else bad "$1" "$3"; fi; }

ct() {  # ct TIME NAME REGION USER
  printf '{"eventVersion":"1.08","eventTime":"%s","eventSource":"ec2.amazonaws.com","eventName":"%s","awsRegion":"%s","sourceIPAddress":"203.0.113.5","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/%s"},"eventType":"AwsApiCall","recipientAccountId":"1"}\n' "$@"
}
{
  ct 2026-01-01T13:00:00Z RunInstances eu-north-1 dave
  ct 2026-01-01T12:00:00Z RunInstances us-east-1 erin
  ct 2025-12-30T12:00:00Z RunInstances eu-north-1 old
} >"$tmp/ct.json"
NOW=2026-01-02T00:00:00Z

seed=../shared/seed/t1535-seed.kql
if [ -f "$seed" ]; then
  "$T" query --now $NOW -f "$seed" "$tmp/ct.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check seed-file '[ $rc -eq 0 ] && [ $(wc -l <"$tmp/out") -eq 1 ] && grep -q "user/dave" "$tmp/out" && grep -q "Compute instance in unapproved region" "$tmp/out"' "exit $rc: $(cat "$tmp/err")"
  check seed-summary 'grep -q "^trawl query: read 1 file" "$tmp/err"' "no summary: $(cat "$tmp/err")"
  "$T" query --now $NOW --set 'ApprovedAWSRegions=dynamic(["eu-north-1"])' -f "$seed" "$tmp/ct.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check seed-set '[ $rc -eq 0 ] && grep -q "user/erin" "$tmp/out" && ! grep -q "user/dave" "$tmp/out"' "exit $rc: $(cat "$tmp/out" "$tmp/err")"
else
  echo "skip seed-file: ../shared is absent"
  echo "skip seed-set: ../shared is absent"
fi

"$T" query --now $NOW --set 'Nope=1' 'let A = 1; print a = A' >"$tmp/out" 2>"$tmp/err"; rc=$?
check set-unknown-let '[ $rc -eq 2 ] && grep -q "Nope" "$tmp/err"' "exit $rc: $(cat "$tmp/err")"

"$T" query --now $NOW 'let A = 1; print a = A' >"$tmp/out" 2>&1; rc=$?
check set-default '[ $rc -eq 0 ] && grep -q "{\"a\":1}" "$tmp/out"' "exit $rc"
"$T" query --now $NOW --set 'A=41 + 1' 'let A = 1; print a = A' >"$tmp/out" 2>&1; rc=$?
check set-expression '[ $rc -eq 0 ] && grep -q "{\"a\":42}" "$tmp/out"' "exit $rc: $(cat "$tmp/out")"

# --now drives ago(): a day later nothing is inside 24 h
"$T" query --now 2026-01-03T00:00:00Z 'AWSCloudTrail | where TimeGenerated > ago(24h)' "$tmp/ct.json" >"$tmp/out" 2>/dev/null; rc=$?
check now-later '[ $rc -eq 0 ] && [ ! -s "$tmp/out" ]' "exit $rc"
"$T" query --now $NOW 'AWSCloudTrail | where TimeGenerated > ago(24h) | count' "$tmp/ct.json" >"$tmp/out" 2>/dev/null
check now-count 'grep -q "{\"Count\":2}" "$tmp/out"' "$(cat "$tmp/out")"

# formats
"$T" query --format csv 'print a=1, b="=cmd()"' >"$tmp/out" 2>/dev/null; rc=$?
check format-csv '[ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^a,b" ' "exit $rc: $(cat "$tmp/out")"
"$T" query --format table 'print a=1, b="x"' >"$tmp/out" 2>/dev/null; rc=$?
check format-table '[ $rc -eq 0 ] && grep -q "^a" "$tmp/out" && grep -q "^-" "$tmp/out"' "exit $rc: $(cat "$tmp/out")"
"$T" query --format xml 'print a=1' >/dev/null 2>&1; rc=$?
check format-bad '[ $rc -eq 2 ]' "exit $rc"

# stdin with -
"$T" query --now $NOW 'AWSCloudTrail | project EventName | take 1' - <"$tmp/ct.json" >"$tmp/out" 2>/dev/null; rc=$?
check stdin-dash '[ $rc -eq 0 ] && grep -q RunInstances "$tmp/out"' "exit $rc"

# a query error: positioned, the line and a caret
printf 'AWSCloudTrail\n| where Nope == 1\n' >"$tmp/bad.kql"
"$T" query -f "$tmp/bad.kql" "$tmp/ct.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
check error-exit-2 '[ $rc -eq 2 ]' "exit $rc"
check error-position 'grep -q "^trawl: query:2:9: " "$tmp/err"' "$(cat "$tmp/err")"
check error-caret 'grep -q "^  | where Nope == 1$" "$tmp/err" && grep -q "^          ^~~~$" "$tmp/err"' "$(cat "$tmp/err")"
"$T" query 'print x = ' >/dev/null 2>"$tmp/err"; rc=$?
check syntax-error '[ $rc -eq 2 ] && grep -q "^trawl: query:1:" "$tmp/err"' "exit $rc: $(cat "$tmp/err")"

# an operator that binds but cannot run yet: fails at run time, naming it
"$T" query 'print x=1 | sample 1' >/dev/null 2>"$tmp/err"; rc=$?
check unsupported-named '[ $rc -eq 2 ] && grep -q "sample" "$tmp/err" && grep -q "not supported" "$tmp/err"' "exit $rc: $(cat "$tmp/err")"

# broken input: reported as FILE:offset, the rest is processed, exit 4
{ cat "$tmp/ct.json"; echo '{"eventVersion":"1.08", broken'; } >"$tmp/broken.json"
"$T" query --now $NOW 'AWSCloudTrail | count' "$tmp/broken.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
check skipped-exit-4 '[ $rc -eq 4 ] && grep -q "{\"Count\":3}" "$tmp/out"' "exit $rc: $(cat "$tmp/out" "$tmp/err")"
check skipped-message 'grep -q "broken.json:offset" "$tmp/err"' "$(cat "$tmp/err")"

"$T" query 'AWSCloudTrail' "$tmp/does-not-exist.json" >/dev/null 2>"$tmp/err"; rc=$?
check missing-file-exit-2 '[ $rc -eq 2 ]' "exit $rc: $(cat "$tmp/err")"
"$T" query >/dev/null 2>&1; rc=$?
check no-query-exit-2 '[ $rc -eq 2 ]' "exit $rc"
