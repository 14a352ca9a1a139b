#!/usr/bin/env bash
# tests/kql-parse/corpus.sh - the parser against the shared corpora:
#  - every Sentinel rule in ../shared/corpus/sentinel-rules parses (the
#    rules kql-check rejects are rejected for names only, not syntax) and
#    round-trips: parse(print(parse(q))) == parse(q);
#  - the kql-docs queries: trawl's accept/reject agrees with Microsoft's
#    parser verdict (kusto_syntax_ok) on at least MIN_AGREE percent;
#  - the seed query parses.
# Uses $TRAWL_BUILD/kqlparse (tests/tools/kqlparse.c).
set -u
cd "$(dirname "$0")/../.."
shared=../shared
tool=${TRAWL_BUILD:-build}/kqlparse
MIN_AGREE=${MIN_AGREE:-98}

if [ ! -d "$shared/corpus" ]; then
  echo "skip kql-parse-rules: ../shared is absent"
  echo "skip kql-parse-docs: ../shared is absent"
  echo "skip kql-parse-seed: ../shared is absent"
  exit 0
fi
if [ ! -x "$tool" ]; then
  echo "FAIL kql-parse-rules: $tool is missing"
  exit 1
fi

# Rules: parse and round trip
rules=()
while IFS= read -r -d '' f; do rules+=("$f"); done \
  < <(find "$shared/corpus/sentinel-rules" -name '*.yaml' -print0 | sort -z)
out=$("$tool" --roundtrip "${rules[@]}" 2>/dev/null)
nok=$(grep -c '^ok ' <<<"$out")
nbad=$(grep -c '^FAIL ' <<<"$out")
if [ "$nbad" -eq 0 ] && [ "$nok" -eq "${#rules[@]}" ]; then
  echo "ok kql-parse-rules ($nok of ${#rules[@]} parse and round-trip)"
else
  echo "FAIL kql-parse-rules: $nbad of ${#rules[@]} fail: $(grep '^FAIL' <<<"$out" | head -3 | tr '\n' ' ')"
fi

# Docs: agreement with Microsoft's parser verdict
docs=$shared/corpus/kql-docs/syntax.jsonl
if [ -f "$docs" ]; then
  summary=$("$tool" --jsonl --verdict --quiet "$docs" 2>&1 >/dev/null | tail -1)
  pct=$(sed -n 's/.*(\([0-9]*\)\.[0-9]*%).*/\1/p' <<<"$summary")
  if [ -n "$pct" ] && [ "$pct" -ge "$MIN_AGREE" ]; then
    echo "ok kql-parse-docs ($summary)"
  else
    echo "FAIL kql-parse-docs: $summary (want >= $MIN_AGREE%)"
  fi
  # every docs query that parses also round-trips
  rt=$("$tool" --jsonl --roundtrip "$docs" 2>/dev/null | grep -E '^FAIL .*(round trip|reparse|print)' | head -3)
  if [ -z "$rt" ]; then
    echo "ok kql-parse-docs-roundtrip"
  else
    echo "FAIL kql-parse-docs-roundtrip: $(tr '\n' ' ' <<<"$rt")"
  fi
else
  echo "skip kql-parse-docs: $docs is absent"
fi

# Seed
if out=$("$tool" "$shared/seed/t1535-seed.kql") && grep -q '^ok ' <<<"$out"; then
  echo "ok kql-parse-seed"
else
  echo "FAIL kql-parse-seed: $out"
fi
