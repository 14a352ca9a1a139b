#!/bin/sh
# tests/kql-docs/examples.sh - fidelity to Microsoft's documented results.
#
# Runs every self-contained example of ../shared/corpus/kql-docs/
# examples.jsonl (print, datatable, range, let: no input files) through
# `trawl query --format jsonl` and compares the result columns (names and
# types, from `trawl check --format jsonl`) and rows with the documented
# ones (tests/kql-docs/compare.py says how cells are normalised). Examples
# known to differ are listed in tests/kql-docs/known.tsv with a reason;
# only the others FAIL. Prints the summary counts and pass rate; every
# verdict goes to $TRAWL_BUILD/kql-docs/results.tsv.
#
#   tests/kql-docs/examples.sh [ID...]     (ID as abs-function#1)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}
ex=$shared/corpus/kql-docs/examples.jsonl

if [ ! -f "$ex" ]; then
  echo "skip kql-docs-summary: ../shared is absent"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "skip kql-docs-summary: python3 is missing"
  exit 0
fi
if [ ! -x "$trawl" ]; then
  echo "FAIL kql-docs-summary: no trawl binary at $trawl"
  exit 0
fi
exec python3 "$root/tests/kql-docs/compare.py" "$trawl" "$ex" \
  "$root/tests/kql-docs/known.tsv" "$build/kql-docs" "$@"
