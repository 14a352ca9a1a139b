#!/bin/sh
# tests/check/cli.sh - `trawl check`: result schemas in text and jsonl, the
# first error with line, column and caret, exit codes, YAML rule files.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass() { echo "ok check-cli $1"; }
fail() { echo "FAIL check-cli $1: $2"; }

printf 'AzureActivity\n| summarize n = count() by Caller\n' > "$t/ok.kql"
printf 'AzureActivity\n| where Nope == 1\n' > "$t/bad.kql"
cat > "$t/rule.yaml" <<'Y'
id: 00000000-0000-0000-0000-000000000000
name: test rule
query: |
  AWSCloudTrail
  | where EventName == "RunInstances"
  | project TimeGenerated, EventName
Y
printf 'name: no query here\n' > "$t/noquery.yaml"

out=$("$TRAWL" check "$t/ok.kql"); rc=$?
[ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q '^  Caller: string$' &&
  printf '%s\n' "$out" | grep -q '^  n: long$' && pass text-schema ||
  fail text-schema "rc=$rc out=$out"

out=$("$TRAWL" check "$t/bad.kql"); rc=$?
line1=$(printf '%s\n' "$out" | sed -n 1p)
caret=$(printf '%s\n' "$out" | sed -n 3p)
case $line1 in
  *bad.kql:2:9:\ error:\ The\ name\ \'Nope\'\ does\ not\ refer*) ok1=1 ;;
  *) ok1=0 ;;
esac
[ $rc -eq 2 ] && [ $ok1 -eq 1 ] && [ "$caret" = "          ^~~~" ] &&
  pass text-error || fail text-error "rc=$rc out=$out"

out=$("$TRAWL" check --format jsonl "$t/rule.yaml" 2>/dev/null); rc=$?
want="{\"file\":\"$t/rule.yaml\",\"ok\":true,\"errors\":[],\"columns\":[[\"TimeGenerated\",\"datetime\"],[\"EventName\",\"string\"]]}"
[ $rc -eq 0 ] && [ "$out" = "$want" ] && pass jsonl-yaml ||
  fail jsonl-yaml "rc=$rc out=$out"

out=$("$TRAWL" check --format jsonl "$t/bad.kql" 2>/dev/null); rc=$?
want="{\"file\":\"$t/bad.kql\",\"ok\":false,\"errors\":[{\"offset\":22,\"length\":4,\"message\":\"The name 'Nope' does not refer to any known column, table, variable or function.\"}],\"columns\":[]}"
[ $rc -eq 2 ] && [ "$out" = "$want" ] && pass jsonl-error ||
  fail jsonl-error "rc=$rc out=$out"

"$TRAWL" check "$t/ok.kql" "$t/bad.kql" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass exit-any-error || fail exit-any-error "rc=$rc"

out=$("$TRAWL" check "$t/noquery.yaml" "$t/missing.kql" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q 'no query field' &&
  printf '%s\n' "$out" | grep -q 'missing.kql' && pass unreadable ||
  fail unreadable "rc=$rc out=$out"

"$TRAWL" check >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass usage || fail usage "rc=$rc"

seed=../shared/seed/t1535-seed.kql
cd "$(dirname "$0")/../.." || exit 1
if [ -f "$seed" ]; then
  out=$("$TRAWL" check --format jsonl "$seed" 2>/dev/null)
  case $out in
    *'"columns":[["TimeGenerated","datetime"],["Caller","string"],["CallerIpAddress","string"],["OperationNameValue","string"],["ResourceLocation","string"],["ResourceGroup","string"],["SubscriptionId","string"],["CorrelationId","string"],["CloudProvider","string"],["RiskIndicators","string"]]}')
      pass seed ;;
    *) fail seed "$out" ;;
  esac
else
  echo "skip check-cli seed: ../shared is absent"
fi

# A YAML rule's errors are at file lines and columns (the block scalar
# starts on the line after `query: |`, indented); jsonl keeps the offset
# into the query text.
cat > "$t/bq.yaml" <<'Y'
id: x
query: |
  AWSCloudTrail
  | where Nope == 1
name: y
Y
printf 'id: x\nquery: "AWSCloudTrail | where Nope == 1"\n' > "$t/bq2.yaml"
printf 'id: x\nquery: |-   # c\n\n    AWSCloudTrail\n    | where Nope == 1\n' \
  > "$t/bq3.yaml"
out=$("$TRAWL" check "$t/bq.yaml" "$t/bq2.yaml" "$t/bq3.yaml" 2>/dev/null)
l1=$(printf '%s\n' "$out" | grep -c "bq.yaml:4:11: error: The name 'Nope'")
l2=$(printf '%s\n' "$out" | grep -c "bq2.yaml:2:31: error: The name 'Nope'")
l3=$(printf '%s\n' "$out" | grep -c "bq3.yaml:5:13: error: The name 'Nope'")
[ "$l1$l2$l3" = 111 ] && pass yaml-file-positions ||
  fail yaml-file-positions "$out"
out=$("$TRAWL" check --format jsonl "$t/bq.yaml" 2>/dev/null)
case $out in
  *'"errors":[{"offset":22,"length":4,'*) pass yaml-jsonl-offset ;;
  *) fail yaml-jsonl-offset "$out" ;;
esac

# A directory: every .kql/.yaml/.yml file under it, sorted.
mkdir -p "$t/dir/sub" "$t/empty"
cp "$t/ok.kql" "$t/dir/sub/b.kql"
cp "$t/bq.yaml" "$t/dir/a.yaml"
echo notes > "$t/dir/notes.txt"
out=$("$TRAWL" check "$t/dir" 2>&1); rc=$?
first=$(printf '%s\n' "$out" | grep -n 'a.yaml:4:11' | cut -d: -f1)
second=$(printf '%s\n' "$out" | grep -n 'sub/b.kql: ok' | cut -d: -f1)
[ $rc -eq 2 ] && [ -n "$first" ] && [ -n "$second" ] &&
  [ "$first" -lt "$second" ] && printf '%s\n' "$out" |
  grep -q '1 ok, 1 with errors' && pass directory ||
  fail directory "rc=$rc out=$out"
out=$("$TRAWL" check "$t/empty" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q 'no .kql, .yaml or .yml' &&
  pass directory-empty || fail directory-empty "rc=$rc out=$out"
