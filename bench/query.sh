#!/usr/bin/env bash
# bench/query.sh - MB/s and peak RSS of `trawl query -f seed` (the T1535
# seed query, verbatim) over a generated CloudTrail corpus (gen_cloudtrail:
# one {"Records":[...]} file of SIZE, default 1G, uncompressed and .gz),
# with 1 reader thread and all cores. Files go to $TMPDIR (default /tmp)
# and are deleted after.
#
#   bench/query.sh [SIZE]        e.g. bench/query.sh 256M
set -eu
size=${1:-1G}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TRAWL_BUILD:-$root/build}
seed=${SEED_KQL:-$root/../shared/seed/t1535-seed.kql}
if [ ! -f "$seed" ]; then
  echo "bench/query.sh: $seed not found (set SEED_KQL)" >&2
  exit 2
fi
make -s -C "$root" "build/gen_cloudtrail" "build/trawl" >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/trawl-qbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "generating $size of CloudTrail records..."
"$build/gen_cloudtrail" "$size" "$dir/ct.json"
"$build/gen_cloudtrail" "$size" "$dir/ct.json.gz"
bytes=$(stat -c %s "$dir/ct.json")
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# now = the corpus' last day, so the 24 h window keeps part of it
now=${NOW:-$(grep -o '"eventTime":"[^"]*"' "$dir/ct.json" | tail -1 | cut -d'"' -f4)}
echo "now = $now"

for f in ct.json ct.json.gz; do
  for t in 1 $(nproc); do
    start=$(date +%s.%N)
    /usr/bin/time -f "%M %U %S" -o "$dir/rss" \
      "$build/trawl" query --threads "$t" --now "$now" -f "$seed" \
      "$dir/$f" >"$dir/out" 2>"$dir/err" || { cat "$dir/err"; exit 1; }
    end=$(date +%s.%N)
    rows=$(wc -l <"$dir/out")
    read -r rss usr sys <"$dir/rss"
    awk -v b="$bytes" -v s="$start" -v e="$end" -v f="$f" -v t="$t" \
        -v rss="$rss" -v cpu="$(awk -v u="$usr" -v y="$sys" 'BEGIN{print u+y}')" \
        -v rows="$rows" 'BEGIN {
      w = e - s; if (cpu <= 0) cpu = 0.01
      printf "%-11s threads %-2s %6.2fs wall %7.1f MB/s  %6.2fs cpu %7.1f MB/s per cpu-second  peak RSS %6.1f MB  %d rows\n",
        f, t, w, b / 1e6 / w, cpu, b / 1e6 / cpu, rss / 1024, rows }'
  done
done
