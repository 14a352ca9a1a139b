#!/usr/bin/env bash
# tests/sim/case_errors.sh - broken test cases are reported as errors that
# say what and where (line numbers), never crash, and count as failed;
# a folder's non-case YAML (configs) is ignored.
set -u
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ev='events:
  - {eventVersion: "1.10", eventName: ListBuckets, eventSource: s3.amazonaws.com, awsRegion: us-east-1, eventTime: 2026-03-02T10:00:00Z, eventID: e-1, eventType: AwsApiCall, userIdentity: {type: Root}, requestParameters: null, responseElements: null}'
expect_error() {  # expect_error NAME PATTERN CASE-TEXT
  local name=$1 pat=$2
  printf '%s\n' "$3" >"$T/$name.yaml"
  local out rc
  out=$("$TRAWL" test "$T/$name.yaml" 2>&1); rc=$?
  if [ $rc -eq 1 ] && grep -q "^FAIL" <<<"$out" && grep -q -- "$pat" <<<"$out" &&
     [ "$(tail -1 <<<"$out")" = "0 passed, 1 failed" ]; then
    echo "ok $name"
  else
    echo "FAIL $name: exit $rc; $(tr '\n' '|' <<<"$out" | cut -c1-300)"
  fi
}
expect_error unknown_key "line 2: unknown key 'expected'" "name: k
expected: {alerts: 0}
expect: {alerts: 0}
rule: t1535-seed
$ev"
expect_error unknown_rule "no built-in rule 'nope'" "name: r
rule: nope
now: 2026-03-02T12:00:00Z
$ev
expect: {alerts: 0}"
expect_error bad_now "line 3: \`now\` is an ISO 8601 time" "name: n
rule: t1535-seed
now: yesterday
$ev
expect: {alerts: 0}"
expect_error now_and_replay "not both" "name: nr
rule: t1535-seed
now: 2026-03-02T12:00:00Z
replay: true
$ev
expect: {alerts: 0}"
expect_error missing_input "input .*nowhere" "name: mi
rule: t1535-seed
inputs: [nowhere/logs]
expect: {alerts: 0}"
expect_error no_inputs "no \`inputs\` and no \`events\`" "name: ni
rule: t1535-seed
expect: {alerts: 0}"
expect_error bad_config "config: " "name: bc
rule: t1535-seed
now: 2026-03-02T12:00:00Z
config: {approved_regions: {aws: [us-east1]}}
$ev
expect: {alerts: 0}"
expect_error bad_match "expect.match values must be scalars" "name: bm
rule: t1535-seed
now: 2026-03-02T12:00:00Z
$ev
expect:
  match:
    - {Caller: [a, b]}"
expect_error bad_count "expect.alerts is a count" "name: bn
rule: t1535-seed
now: 2026-03-02T12:00:00Z
$ev
expect: {alerts: many}"
expect_error bad_yaml "YAML error at line" "name: y
rule: [unclosed
expect: {alerts: 0}"
expect_error not_a_case "not a test case" "approved_regions: {aws: [us-east-1]}"
expect_error broken_rule_file "rule missing.yaml" "name: rf
rule: missing.yaml
now: 2026-03-02T12:00:00Z
$ev
expect: {alerts: 0}"

# In a folder, YAML without \`expect\` (a config) is not a case.
mkdir -p "$T/dir/configs"
printf 'approved_regions: {aws: [us-east-1]}\n' >"$T/dir/configs/c.yaml"
printf 'name: ok-case\nrule: t1535-seed\nnow: 2026-03-02T12:00:00Z\n%s\nexpect: {alerts: 0}\n' "$ev" >"$T/dir/case.yaml"
out=$("$TRAWL" test "$T/dir" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ "$(tail -1 <<<"$out")" = "1 passed, 0 failed" ]; then echo "ok folder_skips_non_cases"
else echo "FAIL folder_skips_non_cases: exit $rc; $(tr '\n' '|' <<<"$out" | cut -c1-300)"; fi
out=$("$TRAWL" test --filter nomatch "$T/dir" 2>&1); rc=$?
if [ $rc -eq 2 ]; then echo "ok filter_matching_nothing_is_usage_error"; else echo "FAIL filter_matching_nothing_is_usage_error: exit $rc"; fi
