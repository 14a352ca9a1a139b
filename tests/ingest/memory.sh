#!/usr/bin/env bash
# asan: skip
# tests/ingest/memory.sh - the reader streams: a large single-line
# {"Records":[...]} file (plain and gzip) is read with peak RSS < 100 MiB.
# The file is generated on the fly in /tmp and deleted afterwards.
# TRAWL_MEM_MB sets its size (default 256; the figure is 1024).
set -u
TRAWL=${TRAWL:-build/trawl}
TRAWL_BUILD=${TRAWL_BUILD:-$(dirname "$TRAWL")}
gen=$TRAWL_BUILD/gen_cloudtrail
mb=${TRAWL_MEM_MB:-256}
if [ ! -x "$gen" ]; then
  echo "skip memory-bound: $gen is not built"
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "skip memory-bound: /usr/bin/time is not installed"
  exit 0
fi
tmp=$(mktemp -d /tmp/trawl-mem.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$gen" "${mb}M" "$tmp/big.json" 2>/dev/null
"$gen" "${mb}M" "$tmp/big.json.gz" 2>/dev/null

for f in big.json big.json.gz; do
  /usr/bin/time -f '%M' -o "$tmp/rss" "$TRAWL" cat --format jsonl "$tmp/$f" \
    >/dev/null 2>"$tmp/err"
  rc=$?
  rss_kb=$(tail -1 "$tmp/rss")
  rows=$(grep -o 'AWSCloudTrail [0-9]*' "$tmp/err" | grep -o '[0-9]*$')
  if [ "$rc" != 0 ]; then
    echo "FAIL memory-bound-$f: exit $rc"
  elif [ "${rows:-0}" -lt $((mb * 800)) ]; then
    echo "FAIL memory-bound-$f: only ${rows:-0} rows"
  elif [ "$rss_kb" -ge $((100 * 1024)) ]; then
    echo "FAIL memory-bound-$f: peak RSS ${rss_kb} KB for ${mb} MiB"
  else
    echo "ok memory-bound-$f (${mb} MiB, peak RSS $((rss_kb / 1024)) MiB, $rows rows)"
  fi
done
exit 0
