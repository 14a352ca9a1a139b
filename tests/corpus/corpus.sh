#!/usr/bin/env bash
# tests/corpus/corpus.sh - `trawl cat` over every file of the shared corpus.
#
# For every file of ../shared/corpus/logs/ and ../shared/corpus/logs-invalid/
# (expected.tsv has one line per file) it checks the rows per table and that
# every record that is not an event (or not valid JSON) is reported on
# stderr with the file, the place and the reason; then the whole logs/ tree
# in one run; then the column values of spot.tsv. Prints ok/FAIL/skip lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$root/../shared/corpus
if [ ! -d "$corpus/logs" ]; then
  echo "skip corpus: ../shared/corpus is absent"
  exit 0
fi
TRAWL=${TRAWL:-$root/build/trawl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
say_fail() { echo "FAIL $1"; fail=1; }

# Run `trawl cat` once per file; outputs cached under $tmp by a file index.
declare -A out_of=()
ncat=0
run_cat() {  # run_cat <path under corpus> -> sets $o (stdout file), $e, $rc
  local p=$1 key
  key=${out_of[$p]:-}
  if [ -z "$key" ]; then
    ncat=$((ncat + 1))
    key=$tmp/$ncat
    out_of[$p]=$key
    "$TRAWL" cat -v --format jsonl "$corpus/$p" </dev/null >"$key.out" 2>"$key.err"
    echo $? >"$key.rc"
  fi
  o=$key.out e=$key.err rc=$(cat "$key.rc")
}

# Every corpus file must have an expectation.
listed=$(grep -v '^#' "$here/expected.tsv" | cut -f1 | sort)
actual=$(cd "$corpus" && find logs logs-invalid -type f ! -name README.md | sort)
missing=$(comm -13 <(echo "$listed") <(echo "$actual"))
if [ -n "$missing" ]; then
  say_fail "corpus-listed: no line in expected.tsv for: $(echo $missing)"
else
  echo "ok corpus-listed"
fi

sum_aws=0 sum_az=0
while IFS=$'\t' read -r path aws az reported reason places; do
  case $path in '#'* | '') continue ;; esac
  name="corpus $path"
  if [ ! -f "$corpus/$path" ]; then
    say_fail "$name: file is gone from the corpus"
    continue
  fi
  case $path in logs/*) sum_aws=$((sum_aws + aws)) sum_az=$((sum_az + az)) ;; esac
  run_cat "$path"
  why=""
  if [ "$rc" -ge 128 ]; then
    why="crashed (exit $rc)"
  fi
  got_aws=$(grep -c '^{"TimeGenerated":' "$o")
  got_az=$(grep -c '^{"ActivityStatus":' "$o")
  [ "$got_aws" = "$aws" ] || why="$why; AWSCloudTrail rows $got_aws, want $aws"
  [ "$got_az" = "$az" ] || why="$why; AzureActivity rows $got_az, want $az"
  # Reports about this file: stderr lines that name it. A report names one
  # record and its place ("offset N (line L, record R)"), or, past the
  # reader's cap on repeated notes, a count ("N more records ...").
  # Notes about values of records that are still read ("the record is
  # read": a missing eventTime, a value of the wrong type) are not skips.
  grep -F -- "$corpus/$path" "$e" | grep -vF 'the record is read' >"$o.rep"
  nrep=0
  while IFS= read -r r; do
    if [[ $r =~ ([0-9]+)\ more\ record ]]; then
      nrep=$((nrep + BASH_REMATCH[1]))
      continue
    fi
    nrep=$((nrep + 1))
    if ! [[ $r =~ (offset|line)\ [0-9]+ ]]; then
      why="$why; a report names no place: ${r:0:120}"
    fi
    if [ "$places" != "-" ]; then
      [[ $r =~ line\ ([0-9]+) ]] || continue
      case " $places " in
        *" ${BASH_REMATCH[1]} "*) ;;
        *) why="$why; line ${BASH_REMATCH[1]} reported, which is an event" ;;
      esac
    fi
  done <"$o.rep"
  case $reported in
    *+) [ "$nrep" -ge "${reported%+}" ] ||
          why="$why; $nrep records reported, want at least ${reported%+}" ;;
    *) [ "$nrep" = "$reported" ] ||
         why="$why; $nrep records reported, want $reported" ;;
  esac
  if [ "$reason" != "-" ]; then
    nr=$(grep -ciF -- "$reason" "$o.rep")
    [ "$nr" = "$(wc -l <"$o.rep")" ] ||
      why="$why; a report does not say \"$reason\""
  fi
  if [ -n "$why" ]; then
    say_fail "$name: ${why#; }"
    head -3 "$e" | sed 's/^/    /' >&2
  else
    echo "ok $name"
  fi
done <"$here/expected.tsv"

# The whole tree in one run gives the same rows.
"$TRAWL" cat --format jsonl "$corpus/logs" >"$tmp/all.out" 2>"$tmp/all.err"
rc=$?
got_aws=$(grep -c '^{"TimeGenerated":' "$tmp/all.out")
got_az=$(grep -c '^{"ActivityStatus":' "$tmp/all.out")
if [ "$rc" -lt 128 ] && [ "$got_aws" = "$sum_aws" ] && [ "$got_az" = "$sum_az" ]; then
  echo "ok corpus-tree"
else
  say_fail "corpus-tree: exit $rc, AWSCloudTrail $got_aws (want $sum_aws), AzureActivity $got_az (want $sum_az)"
fi

# Table filter.
"$TRAWL" cat --table AzureActivity --format jsonl "$corpus/logs" >"$tmp/az.out" 2>/dev/null
if [ "$(grep -c . "$tmp/az.out")" = "$sum_az" ] &&
   ! grep -q '^{"TimeGenerated":' "$tmp/az.out"; then
  echo "ok corpus-table-filter"
else
  say_fail "corpus-table-filter: --table AzureActivity gave $(grep -c . "$tmp/az.out") lines, want $sum_az"
fi

# Spot checks of column values.
n=0
while IFS=$'\t' read -r path sel frag; do
  case $path in '#'* | '') continue ;; esac
  n=$((n + 1))
  run_cat "$path"
  if grep -F -- "$sel" "$o" | grep -qF -- "$frag"; then
    echo "ok spot-$n"
  else
    say_fail "spot-$n: $path row $sel lacks ${frag:0:160}"
  fi
done <"$here/spot.tsv"
exit 0
