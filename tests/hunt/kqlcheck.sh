#!/bin/sh
# asan: skip
# tests/hunt/kqlcheck.sh - the built-in rules (rules/*.yaml) pass Microsoft's
# KQL parser and binder (../shared/tools/kql-check), and `trawl check`
# gives the same result columns. kql-check is installed into
# $TRAWL_BUILD/kql-check as tests/kql-check/agree.sh does.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}
src=$shared/tools/kql-check
if [ ! -d "$src" ]; then
  echo "skip builtin_rules_kql_check: ../shared is absent"
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "skip builtin_rules_kql_check: node or npm is missing"
  exit 0
fi
kc=$build/kql-check
mkdir -p "$kc"
if [ ! -f "$kc/node_modules/@kusto/language-service-next/package.json" ] ||
   ! cmp -s "$src/package-lock.json" "$kc/package-lock.json"; then
  cp "$src/package.json" "$src/package-lock.json" "$kc/" || exit 1
  if ! (cd "$kc" && npm ci --no-audit --no-fund >/dev/null 2>&1); then
    echo "skip builtin_rules_kql_check: npm ci failed (registry unreachable?)"
    exit 0
  fi
fi
cp "$src/kql-check.js" "$kc/kql-check.js"
cd "$root" || exit 1
fail=0
for f in rules/*.yaml; do
  name=builtin_rules_kql_check_$(basename "$f" .yaml)
  want=$(node "$kc/kql-check.js" --schema "$src/schema.json" --json "$f" 2>/dev/null)
  got=$("$trawl" check --format jsonl "$f" 2>/dev/null)
  ok=$(node -e '
    const [w, g] = process.argv.slice(1).map((s) => JSON.parse(s));
    const cols = (r) => JSON.stringify(r.columns);
    if (!w.ok) console.log("kql-check rejects it: " + JSON.stringify(w.errors).slice(0, 200));
    else if (!g.ok) console.log("trawl check rejects it: " + JSON.stringify(g.errors).slice(0, 200));
    else if (cols(w) !== cols(g)) console.log("columns differ: " + cols(w) + " vs " + cols(g));
    else console.log("ok");' "$want" "$got" 2>&1)
  if [ "$ok" = ok ]; then
    echo "ok $name"
  else
    echo "FAIL $name: $ok"
    fail=1
  fi
done
exit $fail
