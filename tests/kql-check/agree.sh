#!/bin/sh
# asan: skip
# tests/kql-check/agree.sh - fidelity to Microsoft's KQL parser and binder.
#
# For every Sentinel rule in ../shared/corpus/sentinel-rules/ and every .kql
# file under tests/, `trawl check --format jsonl` and kql-check --json
# (Kusto.Language from npm, ../shared/tools/kql-check) must agree on accept
# or reject and, for accepted queries, on the result columns: names, order
# and types. kql-check is installed once into $TRAWL_BUILD/kql-check (shared
# is read-only) and its answers are cached there, keyed by the inputs.
# Prints one line per file and a closing count on stderr.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
build=${TRAWL_BUILD:-$root/build}
trawl=${TRAWL:-$build/trawl}
name=kql-check-agree

if [ ! -d "$shared/corpus/sentinel-rules" ] || [ ! -d "$shared/tools/kql-check" ]; then
  echo "skip $name: ../shared is absent"
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "skip $name: node or npm is missing"
  exit 0
fi

kc=$build/kql-check
src=$shared/tools/kql-check
mkdir -p "$kc"
if [ ! -f "$kc/node_modules/@kusto/language-service-next/package.json" ] ||
   ! cmp -s "$src/package-lock.json" "$kc/package-lock.json"; then
  cp "$src/package.json" "$src/package-lock.json" "$kc/" || exit 1
  if ! (cd "$kc" && npm ci --no-audit --no-fund >/dev/null 2>&1); then
    echo "skip $name: npm ci failed (registry unreachable?)"
    exit 0
  fi
fi
cp "$src/kql-check.js" "$kc/kql-check.js"

# The files, as paths relative to the repo root (both tools print them).
cd "$root" || exit 1
list=$kc/files.txt
{ find ../shared/corpus/sentinel-rules -name '*.yaml' -type f
  find tests -name '*.kql' -type f; } | LC_ALL=C sort > "$list"
if [ ! -s "$list" ]; then
  echo "skip $name: no rule files found"
  exit 0
fi

# kql-check's answers, cached by a digest of everything they depend on.
key=$( { cat "$list"; tr '\n' '\0' < "$list" | xargs -0 cat;
         cat "$src/kql-check.js" "$src/schema.json" "$src/package-lock.json"; } |
       cksum | cut -d' ' -f1)
want=$kc/answers-$key.jsonl
if [ ! -s "$want" ]; then
  rm -f "$kc"/answers-*.jsonl
  tr '\n' '\0' < "$list" |
    xargs -0 node "$kc/kql-check.js" --schema "$src/schema.json" --json \
      > "$want.tmp" 2>/dev/null
  mv "$want.tmp" "$want"
fi

got=$kc/trawl.jsonl
tr '\n' '\0' < "$list" | xargs -0 "$trawl" check --format jsonl \
  > "$got" 2>/dev/null

node - "$want" "$got" "$list" <<'JS'
const fs = require('fs');
const [want, got, list] = process.argv.slice(2);
const load = (f) => {
  const m = new Map();
  for (const l of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    try { const r = JSON.parse(l); m.set(r.file, r); } catch (e) { /* bad line */ }
  }
  return m;
};
const a = load(want), b = load(got);
const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
let agree = 0, acc = 0, rej = 0, sameoff = 0;
const fmt = (cols) => cols.map(([n, t]) => n + ':' + t).join(', ');
for (const f of files) {
  const x = a.get(f), y = b.get(f);
  const name = 'kql-check-agree ' + f.replace(/^\.\.\/shared\/corpus\//, '');
  if (!x) { console.log(`skip ${name}: kql-check gave no answer`); continue; }
  if (x.ok) acc++;
  if (!y) { console.log(`FAIL ${name}: trawl check gave no answer`); continue; }
  if (x.ok !== y.ok) {
    const why = x.ok ? 'trawl rejects: ' + (y.errors[0] || {}).message
                     : 'trawl accepts; kql-check: ' + (x.errors[0] || {}).message;
    console.log(`FAIL ${name}: ${why}`);
    continue;
  }
  if (!x.ok) {
    rej++;
    if ((x.errors[0] || {}).offset === (y.errors[0] || {}).offset) sameoff++;
  }
  if (x.ok && JSON.stringify(x.columns) !== JSON.stringify(y.columns)) {
    console.log(`FAIL ${name}: columns differ: kql-check [${fmt(x.columns)}] trawl [${fmt(y.columns)}]`);
    continue;
  }
  agree++;
  console.log(`ok ${name}`);
}
console.error(`kql-check-agree: ${agree} of ${files.length} agree ` +
              `(kql-check accepts ${acc}; ${sameoff} of ${rej} rejections ` +
              `at the same offset)`);
JS
