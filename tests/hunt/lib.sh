# tests/hunt/lib.sh - helpers sourced by the tests/hunt/*.sh scripts (not a
# test itself: it has no .sh test body and prints nothing).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TRAWL=${TRAWL:-$root/build/trawl}
D=$root/tests/data/hunt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failed=1; }
check() {  # check NAME WHY COMMAND...: ok when the command succeeds
  local name=$1 why=$2
  shift 2
  if "$@"; then ok "$name"; else fail "$name" "$why"; fi
}

# hunt OUT ARGS...: run `trawl hunt --no-config ARGS`, stdout to $tmp/OUT,
# stderr to $tmp/OUT.err; sets $rc.
hunt() {
  local out=$1
  shift
  "$TRAWL" hunt --no-config "$@" >"$tmp/$out" 2>"$tmp/$out.err"
  rc=$?
}

# alerts_with FILE PATTERN: number of alert lines containing PATTERN.
alerts_with() { grep -cF -- "$2" "$tmp/$1"; }
nalerts() { grep -c '^{"rule"' "$tmp/$1"; }
