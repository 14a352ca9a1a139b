#!/usr/bin/env bash
# tests/hunt/corpus_rules.sh - `trawl hunt --rules` with every Sentinel rule
# of ../shared/corpus/sentinel-rules over all of ../shared/corpus/logs does
# not crash: the rules trawl cannot run are reported by id and skipped, the
# others run.
set -u
source "$(dirname "$0")/lib.inc"
shared=$root/../shared
if [ ! -d "$shared/corpus/logs" ] || [ ! -d "$shared/corpus/sentinel-rules" ]; then
  echo "skip hunt_sentinel_rules: ../shared/corpus is absent"
  exit 0
fi
# Every rule of the corpus, all logs: no crash, skipped rules named.
"$TRAWL" hunt --no-config --rules "$shared/corpus/sentinel-rules" --format jsonl \
  "$shared/corpus/logs" >"$tmp/out2" 2>"$tmp/err2"
rc=$?
check hunt_sentinel_rules_no_crash "exit $rc" [ "$rc" -lt 8 ]
check hunt_sentinel_rules_loaded "no rules ran: $(tail -3 "$tmp/err2")" \
  grep -qE 'from [1-9][0-9]* rules run' "$tmp/err2"
if [ $((rc & 2)) != 0 ]; then
  check hunt_sentinel_skips_named "skipped rules not named" grep -q 'skipped: ' "$tmp/err2"
fi
if command -v python3 >/dev/null; then
  python3 - "$tmp/out2" <<'PY' >"$tmp/shape" 2>&1
import json, sys
for line in open(sys.argv[1]):
    a = json.loads(line)
    assert list(a) == ["rule", "window", "row"], a
PY
  check hunt_sentinel_rules_jsonl "$(tail -2 "$tmp/shape")" [ ! -s "$tmp/shape" ]
fi
exit $failed
