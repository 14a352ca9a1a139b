#!/bin/sh
# tests/query/chains.sh - long flat chains of `or`, `and` and `+` are not
# nesting: `trawl check` accepts 1,200 terms and `trawl query` runs 10,000
# and 100,000-term chains over a small file without exhausting the stack
# (the parser balances them; the binder, printer and executor recurse only
# log2 n deep). Chains of other operators are still bounded by the depth
# limit with a positioned error. Runs in the ASan pass too.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}
t=$(mktemp -d "${TMPDIR:-/tmp}/trawl-chains.XXXXXX")
trap 'rm -rf "$t"' EXIT
pass() { echo "ok chains $1"; }
fail() { echo "FAIL chains $1: $2"; }

if ! command -v python3 >/dev/null 2>&1; then
  echo "skip chains: python3 is missing (query generator)"
  exit 0
fi

rec() {
  printf '{"eventVersion":"1.08","eventTime":"2026-01-01T13:00:0%sZ","eventSource":"ec2.amazonaws.com","eventName":"%s","awsRegion":"eu-north-1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333"}}' "$1" "$2"
}
printf '{"Records":[%s,%s,%s]}\n' "$(rec 1 RunInstances)" \
  "$(rec 2 DescribeInstances)" "$(rec 3 e9999)" > "$t/ct.json"

gen() { python3 -c "$1" > "$2"; }

# run NAME FILE WANT: trawl query -f FILE over the file gives WANT.
run() {
  out=$(timeout 120 "$trawl" query -q --format jsonl -f "$2" "$t/ct.json" \
        2>"$t/err"); rc=$?
  if [ $rc -eq 0 ] && [ "$out" = "$3" ]; then
    pass "$1"
  else
    fail "$1" "rc=$rc out=$(printf '%s' "$out" | head -c 200) err=$(head -c 300 "$t/err")"
  fi
}

gen "print('AWSCloudTrail | where ' + ' or '.join('EventName == \"e%d\"' % i for i in range(1200)) + ' | count')" "$t/or1200.kql"
out=$("$trawl" check "$t/or1200.kql" 2>&1); rc=$?
[ $rc -eq 0 ] && pass check-or-1200 || fail check-or-1200 "rc=$rc $out"

gen "print('AWSCloudTrail | where ' + ' or '.join('EventName == \"e%d\"' % i for i in range(10000)) + ' | count')" "$t/or10k.kql"
run or-10000 "$t/or10k.kql" '{"Count":1}'

gen "print('AWSCloudTrail | where ' + ' or '.join('EventName == \"e%d\"' % i for i in range(100000)) + ' or EventName == \"RunInstances\" | count')" "$t/or100k.kql"
run or-100000 "$t/or100k.kql" '{"Count":2}'

gen "print('AWSCloudTrail | where ' + ' and '.join('EventName != \"x%d\"' % i for i in range(10000)) + ' | extend b = ' + ' or '.join('EventName == \"e%d\"' % i for i in range(10000)) + ' | summarize n = count(), m = countif(b)')" "$t/and10k.kql"
run and-or-10000-extend "$t/and10k.kql" '{"n":3,"m":1}'

gen "print('print x = ' + ' + '.join('%d' % i for i in range(10000)) + ', y = ' + ' + '.join(['1d'] * 10000))" "$t/add10k.kql"
run add-10000 "$t/add10k.kql" '{"x":49995000,"y":"10000.00:00:00"}'

gen "print('let f = (s:string) { ' + ' or '.join('s == \"e%d\"' % i for i in range(10000)) + ' }; AWSCloudTrail | where f(EventName) | project EventName')" "$t/fn10k.kql"
run function-body-10000 "$t/fn10k.kql" '{"EventName":"e9999"}'

# `-` does not associate: a 5,000-term chain is too deep, a clean error.
gen "print('print x = ' + ' - '.join('1' for i in range(5000)))" "$t/sub5k.kql"
out=$("$trawl" check "$t/sub5k.kql" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q 'nested too deeply' &&
  pass sub-5000-bounded || fail sub-5000-bounded "rc=$rc $(printf '%s' "$out" | head -c 300)"
