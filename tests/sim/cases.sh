#!/usr/bin/env bash
# tests/sim/cases.sh - the shipped rule test cases pass: `trawl test
# tests/cases` (atomic tests, benign activity, false positives with their
# silencing configs, blind spots, the seed rule verbatim).
set -u
cd "$(dirname "$0")/../.."
out=$("$TRAWL" test tests/cases 2>&1); rc=$?
last=$(tail -1 <<<"$out")
if [ $rc -eq 0 ] && [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
  echo "ok shipped_cases_pass"
elif grep -q 'not supported yet\|not implemented yet' <<<"$out"; then
  echo "skip shipped_cases_pass: the engine cannot run every rule yet ($last)"
else
  echo "FAIL shipped_cases_pass: exit $rc, $last; $(grep -m3 '^FAIL' <<<"$out" | tr '\n' ' ')"
fi
# The seed rule runs on the engine as it is; its cases must pass on their own.
out=$("$TRAWL" test tests/cases/t1535-seed 2>&1); rc=$?
if [ $rc -eq 0 ]; then
  echo "ok seed_rule_cases_pass"
elif grep -q 'not supported yet\|not implemented yet' <<<"$out"; then
  echo "skip seed_rule_cases_pass: the engine cannot run the seed rule yet"
else
  echo "FAIL seed_rule_cases_pass: exit $rc; $(grep -m3 -A3 '^FAIL' <<<"$out" | tr '\n' ' ' | cut -c1-400)"
fi
# Every built-in rule has cases.
missing=""
for r in rules/*.yaml; do
  id=$(sed -n 's/^id: *//p' "$r" | head -1)
  grep -rqs "^rule: $id\$" tests/cases || missing="$missing $id"
done
if [ -z "$missing" ]; then echo "ok every_builtin_rule_has_cases"; else echo "FAIL every_builtin_rule_has_cases: no cases for$missing"; fi
