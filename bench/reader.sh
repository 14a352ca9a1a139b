#!/usr/bin/env bash
# bench/reader.sh - the reader's MB/s and peak RSS on a generated CloudTrail
# corpus: one {"Records":[...]} file of SIZE (default 1G) as .json and as
# .json.gz, read by bench_reader (all columns / a few / a few plus a
# prefilter, 1 thread and all cores) and by `trawl cat` (every column
# printed as JSON lines), with `jq -c '.Records[]'` for comparison when jq
# is installed (jq holds the whole document: ~6.5 GB of RAM and minutes for
# 1 GiB; BENCH_NO_JQ=1 skips it). Files go to $TMPDIR (default /tmp) and are
# deleted after. MB/s per core is bytes over CPU seconds: on a busy machine
# it is the figure to compare, wall-clock MB/s depends on the load.
#
#   bench/reader.sh [SIZE]        e.g. bench/reader.sh 256M
set -eu
size=${1:-1G}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TRAWL_BUILD:-$root/build}
make -s -C "$root" "build/gen_cloudtrail" "build/bench_reader" "build/trawl" >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/trawl-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "generating $size of CloudTrail records..."
"$build/gen_cloudtrail" "$size" "$dir/ct.json"
"$build/gen_cloudtrail" "$size" "$dir/ct.json.gz"
ls -l "$dir"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

for f in ct.json ct.json.gz; do
  echo "== $f"
  for t in 1 0; do
    for m in few prefilter all; do
      "$build/bench_reader" --mode "$m" --threads "$t" "$dir/$f"
    done
  done
  /usr/bin/time -f "trawl cat (all columns, JSON lines to /dev/null): %es wall, %MKB peak RSS" \
    "$build/trawl" cat --format jsonl "$dir/$f" >/dev/null 2>"$dir/err" || true
  tail -1 "$dir/err"
  if [ "${BENCH_NO_JQ:-0}" != 1 ] && command -v jq >/dev/null; then
    if [ "$f" = ct.json ]; then
      /usr/bin/time -f "jq -c '.Records[]': %es wall, %MKB peak RSS" \
        jq -c '.Records[]' "$dir/$f" >/dev/null 2>"$dir/err" || true
    else
      /usr/bin/time -f "zcat | jq -c '.Records[]': %es wall, %MKB peak RSS" \
        sh -c "zcat '$dir/$f' | jq -c '.Records[]'" >/dev/null 2>"$dir/err" || true
    fi
    tail -1 "$dir/err"
  fi
done
