#!/usr/bin/env bash
# tests/cli/cli.sh - the trawl command as a script sees it: help, unknown
# commands, exit codes, stdin with -, output formats.
set -u
T=${TRAWL:?TRAWL is the binary under test}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; }
bad() { echo "FAIL $1: $2"; }
check() { if eval "$2"; then ok "$1"; else bad "$1" "$3"; fi; }

rec='{"eventVersion":"1.08","eventTime":"2026-12-03T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"ap-southeast-1","eventID":"e1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/x"}}'
printf '{"Records":[%s]}' "$rec" >"$tmp/one.json"

"$T" --help >"$tmp/out" 2>&1; rc=$?
check help-exit-0 '[ $rc -eq 0 ]' "exit $rc"
check help-lists-commands 'grep -q hunt "$tmp/out" && grep -q query "$tmp/out" && grep -q "exit codes" "$tmp/out"' "help text incomplete"
"$T" >/dev/null 2>&1; rc=$?
check no-args-exit-2 '[ $rc -eq 2 ]' "exit $rc"
"$T" frobnicate 2>"$tmp/err"; rc=$?
check unknown-command '[ $rc -eq 2 ] && grep -q "unknown command" "$tmp/err"' "exit $rc"
for c in cat query check hunt init simulate test; do
  "$T" $c --help >"$tmp/out" 2>&1; rc=$?
  check "help-$c" '[ $rc -eq 0 ] && grep -q "trawl $c" "$tmp/out"' "trawl $c --help exit $rc"
done
"$T" --version >"$tmp/out"; check version 'grep -q "^trawl [0-9]" "$tmp/out"' "no version"

# stdin with -
printf '{"Records":[%s]}' "$rec" | "$T" cat --table AWSCloudTrail - >"$tmp/out" 2>/dev/null; rc=$?
check stdin-dash '[ $rc -eq 0 ] && grep -q "\"AwsEventId\":\"e1\"" "$tmp/out"' "exit $rc"

# formats
"$T" query --format csv 'AWSCloudTrail | project EventName, AWSRegion' "$tmp/one.json" >"$tmp/out" 2>/dev/null
check query-csv '[ "$(cat "$tmp/out")" = "$(printf "EventName,AWSRegion\r\nRunInstances,ap-southeast-1\r")" ]' "$(head -c 200 "$tmp/out")"
"$T" query --format table 'AWSCloudTrail | project EventName' "$tmp/one.json" >"$tmp/out" 2>/dev/null
check query-table 'grep -q "^EventName" "$tmp/out" && grep -q "^RunInstances" "$tmp/out"' "$(head -c 200 "$tmp/out")"

# exit codes: query error 2, missing file 4 or 2, skipped input 4
"$T" query 'AWSCloudTrail | where Nope == 1' "$tmp/one.json" >/dev/null 2>"$tmp/err"; rc=$?
check query-error-exit-2 '[ $rc -eq 2 ] && grep -q "Nope" "$tmp/err"' "exit $rc"
check query-error-positioned 'grep -q "1:" "$tmp/err" && grep -q "\^" "$tmp/err"' "$(head -c 300 "$tmp/err")"
printf '{"Records":[%s]}\n{broken\n' "$rec" >"$tmp/broken.json"
"$T" cat "$tmp/broken.json" "$tmp/one.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
check skipped-input-exit-4 '[ $((rc & 4)) -ne 0 ] && [ $((rc & 2)) -eq 0 ]' "exit $rc"
check skipped-input-rest-read '[ "$(grep -c AwsEventId "$tmp/out")" -ge 2 ]' "rows: $(grep -c AwsEventId "$tmp/out")"
check skipped-input-named 'grep -q "broken.json" "$tmp/err"' "$(head -c 300 "$tmp/err")"
"$T" cat "$tmp/does-not-exist.json" >/dev/null 2>"$tmp/err"; rc=$?
check missing-file-reported '[ $rc -ne 0 ] && grep -q "does-not-exist.json" "$tmp/err"' "exit $rc"

# hunt: alerts -> 1, no alerts -> 0
"$T" hunt --no-config --now 2026-12-03T12:00:00Z --format jsonl "$tmp/one.json" >"$tmp/out" 2>/dev/null; rc=$?
check hunt-alert-exit-1 '[ $rc -eq 1 ] && grep -q "\"t1535-unused-regions\"" "$tmp/out"' "exit $rc"
"$T" hunt --no-config --now 2026-12-05T12:00:00Z --format jsonl "$tmp/one.json" >"$tmp/out" 2>/dev/null; rc=$?
check hunt-no-alert-exit-0 '[ $rc -eq 0 ] && [ ! -s "$tmp/out" ]' "exit $rc"
exit 0
