#!/usr/bin/env bash
# tests/sim/strict.sh - `trawl test` must not pass a case that checks
# nothing: a `none:` entry naming a column the alerts do not have, or a case
# whose `expect:` is misspelt, found in a folder.
set -u
T=${TRAWL:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$(dirname "$0")/../.."
src=tests/cases/t1535-unused-regions/false-positives.yaml
# The third document: one alerting event (111122223333) and one silenced.
awk '/^---/{doc++} doc==3' "$src" | sed '1d' >"$tmp/case.yaml"
if ! "$T" test "$tmp/case.yaml" >/dev/null 2>&1; then
  echo "skip strict: the base case does not pass"; exit 0
fi
sed 's/^  - AwsEventId: 6f1c0e2a-0311/  - AwsEvntId: 6f1c0e2a-0311/' "$tmp/case.yaml" >"$tmp/typo.yaml"
if grep -q AwsEvntId "$tmp/typo.yaml"; then
  "$T" test "$tmp/typo.yaml" >"$tmp/out" 2>&1; rc=$?
  if [ $rc -eq 1 ] && grep -q "AwsEvntId" "$tmp/out"; then
    echo "ok none-typo-fails"
  else
    echo "FAIL none-typo-fails: exit $rc: $(head -c 300 "$tmp/out")"
  fi
else
  echo "skip none-typo-fails: the base case has no none entry to misspell"
fi
mkdir "$tmp/dir"
cp "$tmp/case.yaml" "$tmp/dir/a.yaml"
sed 's/^expect:/expct:/' "$tmp/case.yaml" >"$tmp/dir/b.yaml"
"$T" test "$tmp/dir" >"$tmp/out" 2>&1; rc=$?
if [ $rc -ne 0 ] && grep -q "b.yaml" "$tmp/out"; then
  echo "ok misspelt-expect-in-folder-reported"
else
  echo "FAIL misspelt-expect-in-folder-reported: exit $rc: $(tail -3 "$tmp/out")"
fi
