#!/usr/bin/env bash
# tests/hunt/corpus.sh - `trawl hunt` over all of ../shared/corpus/logs
# (replay, built-in rules) runs with no errors and prints alerts of the
# documented shape; and the command contract (contract-check). The corpus's
# own Sentinel rules: corpus_rules.sh.
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

# Every alert line is one JSON object of the documented shape.
if command -v python3 >/dev/null; then
  python3 - "$tmp/out" <<'PY' >"$tmp/shape" 2>&1
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
