#!/usr/bin/env bash
# tests/sim/broken_rule.sh - a deliberately broken copy of a rule, given
# with --rules, makes the shipped cases fail with a clear diff (which
# expected alert is missing, the closest alert, the fields that differ).
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# The seed rule with ap-southeast-1 approved: test 1 no longer alerts.
sed 's/let ApprovedAWSRegions = dynamic(\["us-east-1"/let ApprovedAWSRegions = dynamic(["ap-southeast-1", "us-east-1"/' \
  rules/t1535-seed.yaml >"$T/seed-broken.yaml"
if cmp -s rules/t1535-seed.yaml "$T/seed-broken.yaml"; then
  echo "FAIL broken_seed_rule_fails_cases: could not break the rule (pattern not found)"
else
  out=$("$TRAWL" test --rules "$T/seed-broken.yaml" tests/cases/t1535-seed 2>&1); rc=$?
  if grep -q 'not supported yet' <<<"$out"; then
    echo "skip broken_seed_rule_fails_cases: the engine cannot run the seed rule yet"
  elif [ $rc -eq 1 ] && grep -q '^FAIL seed-atomic-1-ec2-runinstances' <<<"$out" &&
       grep -q 'missing alert (expect.match #1' <<<"$out" &&
       grep -q 'expected 1 alert, got 0' <<<"$out" && grep -q '^PASS seed-atomic-2' <<<"$out" &&
       [[ $(tail -1 <<<"$out") =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]]; then
    echo "ok broken_seed_rule_fails_cases"
  else
    echo "FAIL broken_seed_rule_fails_cases: exit $rc; $(head -c 300 <<<"$out")"
  fi
fi

# trawl's rule reading the bucket region from awsRegion again (the seed's
# blind spot): the LocationConstraint cases fail and say which field.
sed 's/EventName !~ "CreateBucket", AWSRegion,/true, AWSRegion,/' \
  rules/t1535-unused-regions.yaml >"$T/trawl-broken.yaml"
if cmp -s rules/t1535-unused-regions.yaml "$T/trawl-broken.yaml"; then
  echo "skip broken_trawl_rule_fails_cases: the rule changed; pattern to break not found"
else
  out=$("$TRAWL" test --rules "$T/trawl-broken.yaml" tests/cases/t1535-unused-regions/blind-spots.yaml 2>&1); rc=$?
  if grep -q 'not supported yet' <<<"$out"; then
    echo "skip broken_trawl_rule_fails_cases: the engine cannot run the rule yet"
  elif [ $rc -eq 1 ] && grep -q '^FAIL blind-s3-bucket-region-in-location-constraint' <<<"$out" &&
       grep -q '^PASS blind-azure-display-name-region' <<<"$out"; then
    echo "ok broken_trawl_rule_fails_cases"
  else
    echo "FAIL broken_trawl_rule_fails_cases: exit $rc; $(head -c 300 <<<"$out")"
  fi
fi

# The intact rules pass the same cases when given with --rules.
out=$("$TRAWL" test --rules rules/t1535-seed.yaml tests/cases/t1535-seed 2>&1); rc=$?
if grep -q 'not supported yet' <<<"$out"; then
  echo "skip intact_rule_via_rules_passes: the engine cannot run the seed rule yet"
elif [ $rc -eq 0 ]; then echo "ok intact_rule_via_rules_passes"
else echo "FAIL intact_rule_via_rules_passes: exit $rc; $(head -c 300 <<<"$out")"; fi
