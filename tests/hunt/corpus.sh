#!/usr/bin/env bash
# tests/hunt/corpus.sh - `trawl hunt` over all of ../shared/corpus/logs
# (replay, built-in rules) runs with no errors, and with the corpus's
# Sentinel rules (--rules) it does not crash: rules trawl cannot run are
# reported and skipped. Also the command contract (contract-check).
set -u
source "$(dirname "$0")/lib.inc"
shared=$root/../shared
if [ ! -d "$shared/corpus/logs" ]; then
  echo "skip hunt_corpus: ../shared/corpus is absent"
  exit 0
fi

"$TRAWL" hunt --no-config --format jsonl "$shared/corpus/logs" >"$tmp/out" 2>"$tmp/err"
rc=$?
check hunt_corpus_no_errors "exit $rc: $(grep -v '^trawl: ' "$tmp/err" | head -3)" \
  [ $((rc & ~1)) = 0 ]
check hunt_corpus_summary "no summary" grep -q '^trawl hunt: read [1-9][0-9]* files' "$tmp/err"
check hunt_corpus_rules_ran "built-in rule did not run" grep -q 'from 1 rule run' "$tmp/err"

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
# Every alert line is one JSON object of the documented shape.
if command -v python3 >/dev/null; then
  python3 - "$tmp/out" "$tmp/out2" <<'PY' >"$tmp/shape" 2>&1
import json, sys
for path in sys.argv[1:]:
    for line in open(path):
        a = json.loads(line)
        assert list(a) == ["rule", "window", "row"], a
        assert list(a["rule"]) == ["id", "name", "severity", "tactics", "techniques"], a
        assert list(a["window"]) == ["start", "end"], a
PY
  check hunt_jsonl_shape "$(tail -2 "$tmp/shape")" [ ! -s "$tmp/shape" ]
fi

cc=$shared/tools/contract-check/contract-check
if [ -x "$cc" ] && command -v python3 >/dev/null; then
  "$cc" "$TRAWL" >"$tmp/cc" 2>&1
  for n in "hunt --now --format jsonl" "hunt --rules DIR (Sentinel YAML)"; do
    check "contract_${n// /_}" "$(grep -F "$n" "$tmp/cc")" grep -qF "PASSED   $n" "$tmp/cc"
  done
else
  echo "skip contract_hunt: contract-check or python3 absent"
fi
exit $failed
