#!/bin/sh
# tests/exec/limits.sh - bad queries never crash and run in bounded time
# and memory (issue 3 item 7), end to end through `trawl query`:
# 10,000 nested parentheses, a 1 MB query, a 100,000-item has_any (and
# in) list over a corpus file, a bad regex in extract() and in matches
# regex (a positioned error). Each run is capped at 20 s and 1 GiB of
# address space (ASan builds: time only); a signal, a sanitizer report or
# a missing position fails.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/trawl-limits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if ! command -v python3 >/dev/null 2>&1; then
  echo "skip limits: python3 is missing (query generator)"
  exit 0
fi

# The input: a CloudTrail file of the shared corpus, else a small one.
corpus=$root/../shared/corpus/logs/aws-cloudtrail/otrf-security-datasets
if [ -e "$corpus" ]; then
  input=$corpus
else
  input=$tmp/ct.json
  printf '%s\n' '{"Records":[{"eventVersion":"1.08","eventTime":"2026-01-01T13:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-north-1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333"}}]}' > "$input"
fi

asan=0
case $(ls "$build" 2>/dev/null) in *asan*) asan=1 ;; esac
case $build in *asan*) asan=1 ;; esac

# run NAME FILE.kql [PATH]: runs the query; sets rc, out, err.
run() {
  name=$1 q=$2; shift 2
  if [ $asan -eq 1 ]; then
    timeout 60 "$trawl" query -q -f "$q" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    (ulimit -v 1048576; timeout 20 "$trawl" query -q -f "$q" "$@") \
      >"$tmp/out" 2>"$tmp/err"
  fi
  rc=$?
  [ -n "${LIMITS_VERBOSE:-}" ] && echo "# $name: rc $rc $(head -c 150 "$tmp/err")" >&2
}

# sane NAME: no crash, no timeout, no sanitizer report.
sane() {
  if [ $rc -ge 124 ]; then
    echo "FAIL $1: exit $rc (crash or timeout): $(head -c 300 "$tmp/err")"
    return 1
  fi
  if grep -q "Sanitizer\|runtime error:" "$tmp/err"; then
    echo "FAIL $1: sanitizer: $(grep -m1 "Sanitizer\|runtime error:" "$tmp/err")"
    return 1
  fi
  return 0
}

# positioned NAME: exit 2 with `query:LINE:COL:`.
positioned() {
  if ! sane "$1"; then return; fi
  if [ $rc -eq 2 ] && grep -q "query:[0-9]*:[0-9]*:" "$tmp/err"; then
    echo "ok $1"
  else
    echo "FAIL $1: exit $rc, want a positioned error: $(head -c 300 "$tmp/err")"
  fi
}

# error_or_rows NAME WANT: a positioned error, or exit 0 with output WANT.
error_or_rows() {
  if ! sane "$1"; then return; fi
  if [ $rc -eq 2 ] && grep -q "query:[0-9]*:[0-9]*:" "$tmp/err"; then
    echo "ok $1"
  elif [ $rc -eq 0 ] && [ "$(cat "$tmp/out")" = "$2" ]; then
    echo "ok $1"
  else
    echo "FAIL $1: exit $rc, output $(head -c 200 "$tmp/out"): $(head -c 300 "$tmp/err")"
  fi
}

gen() { python3 -c "$1" > "$2"; }

gen "print('print x=' + '('*10000 + '1' + ')'*10000)" "$tmp/nest.kql"
run nest "$tmp/nest.kql"
error_or_rows nested-parentheses-10000 '{"x":1}'

gen "print('AWSCloudTrail | where ' + '('*10000 + 'EventName == \"x\"' + ')'*10000 + ' | count')" "$tmp/nestw.kql"
run nestw "$tmp/nestw.kql" "$input"
error_or_rows nested-parentheses-10000-in-where '{"Count":0}'

gen "print('print x=' + '-'*10000 + '1')" "$tmp/minus.kql"
run minus "$tmp/minus.kql"
error_or_rows nested-unary-minus-10000 '{"x":1}'

# 1 MB: a long or-chain (deep left-nested tree) and a long string literal.
gen "print('AWSCloudTrail | where ' + ' or '.join('EventName == \"ev%d\"' % i for i in range(40000)) + ' | count')" "$tmp/or.kql"
run or "$tmp/or.kql" "$input"
error_or_rows query-1mb-or-chain '{"Count":0}'

gen "print('print n=strlen(\"' + 'a'*1048576 + '\")')" "$tmp/str.kql"
run str "$tmp/str.kql"
error_or_rows query-1mb-string-literal '{"n":1048576}'

gen "print('AWSCloudTrail | where EventName !in (' + ','.join('\"ev%d\"' % i for i in range(90000)) + ') | summarize n=count() by Source=\"x\" | project n = n > 0')" "$tmp/notin.kql"
run notin "$tmp/notin.kql" "$input"
error_or_rows query-1mb-not-in-list '{"n":true}'

# 100,000-item lists over a corpus file: has_any and in~.
gen "print('AWSCloudTrail | where EventName has_any (' + ','.join('\"ev%d\"' % i for i in range(100000)) + ', \"DescribeInstances\") | summarize n=count() | project ok = n > 0')" "$tmp/hasany.kql"
run hasany "$tmp/hasany.kql" "$input"
error_or_rows has-any-100000 '{"ok":true}'

gen "print('let L = dynamic([' + ','.join('\"ev%d\"' % i for i in range(100000)) + ', \"describeinstances\"]);\nAWSCloudTrail | where EventName in~ (L) | summarize n=count() | project ok = n > 0')" "$tmp/inci.kql"
run inci "$tmp/inci.kql" "$input"
error_or_rows in-ci-100000-dynamic '{"ok":true}'

# Bad regular expressions: positioned errors, also over rows.
printf '%s\n' 'print a=extract("(unclosed", 1, "abc")' > "$tmp/rx1.kql"
run rx1 "$tmp/rx1.kql"
positioned bad-regex-extract

printf '%s\n' 'AWSCloudTrail | where EventName matches regex "[a-" | count' > "$tmp/rx2.kql"
run rx2 "$tmp/rx2.kql" "$input"
positioned bad-regex-matches-over-rows

printf '%s\n' 'AWSCloudTrail | extend r = strcat("(", EventName) | where EventName matches regex r | count' > "$tmp/rx3.kql"
run rx3 "$tmp/rx3.kql" "$input"
if sane bad-regex-per-row; then
  if [ $rc -eq 2 ] && grep -q "query:[0-9]*:[0-9]*:" "$tmp/err"; then
    echo "ok bad-regex-per-row"
  else
    echo "FAIL bad-regex-per-row: exit $rc: $(head -c 300 "$tmp/err")"
  fi
fi

# A catastrophic-backtracking pattern over a long string ends in bounded time.
gen "print('print m = strcat(\"' + 'a'*5000 + '\", \"!\") matches regex \"^(a+)+\$\"')" "$tmp/rx4.kql"
run rx4 "$tmp/rx4.kql"
error_or_rows regex-backtracking-bounded '{"m":false}'

# take stops a huge range source (no 10^11-row loop).
printf '%s\n' 'range x from 1 to 100000000000 step 1 | take 2 | summarize n=count()' > "$tmp/range.kql"
run range "$tmp/range.kql"
error_or_rows take-stops-huge-range '{"n":2}'
