#!/bin/sh
# tests/query/frontend.sh - front-end fixes checked end to end through
# `trawl query`: extend items all read the input row (as the binder types
# them, and as Kusto does), typed integer literals Kusto accepts
# (long(1.5), int(2147483648)), a user function used as a table source
# from another function.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}

# q NAME QUERY WANT: the jsonl output of QUERY (no input) is WANT.
q() {
  out=$("$trawl" query --format jsonl "$2" 2>&1); rc=$?
  if [ $rc -eq 0 ] && [ "$out" = "$3" ]; then
    echo "ok frontend $1"
  else
    echo "FAIL frontend $1: rc=$rc got $out, want $3"
  fi
}

q extend-reads-input 'print A="s" | extend A = 2, B = A' '{"A":2,"B":"s"}'
q extend-replaced-column 'print A=1 | extend A = A + 1, B = A * 10' \
  '{"A":2,"B":10}'
q serialize-reads-input 'print A=1 | serialize A = A + 1, B = A * 10' \
  '{"A":2,"B":10}'
q typed-literals 'print a = long(1.5), b = int(2147483648), c = long(-1.5)' \
  '{"a":1,"b":null,"c":-1}'
q function-as-source 'let foo1 = (_start:long, _end:long, _step:long) { range x from _start to _end step _step}; let foo2 = (_step:long) { foo1(1, 100, _step)}; foo2(2) | count' \
  '{"Count":50}'
