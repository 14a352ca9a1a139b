#!/usr/bin/env bash
# tests/hunt/seed.sh - the seed rule shipped verbatim (t1535-seed) behaves
# as Kusto would on the same logs, blind spots included, and trawl's rule
# catches what it misses.
set -u
source "$(dirname "$0")/lib.inc"
NOW=2026-12-03T12:00:00Z

# Off by default.
hunt list --list
check seed_off_by_default "t1535-seed is not listed off" grep -q '^off t1535-seed ' "$tmp/list"
check own_rule_on "t1535-unused-regions is not on" grep -q '^on  t1535-unused-regions ' "$tmp/list"

hunt seed --only t1535-seed --now $NOW --format jsonl "$D/aws" "$D/azure"
check seed_exit "exit $rc, want 1" [ "$rc" = 1 ]
# The AWS leg works for endpoint-region events: EC2 and S3 on a regional
# endpoint. Kusto's array_strcat keeps the empty strings of pack_array, so
# the RiskIndicators text has empty entries: ", Compute instance in
# unapproved region, " and ", , ". CorrelationId is EventTypeName.
check seed_ec2 "no seed alert for RunInstances in ap-southeast-1" \
  grep -qF '"OperationNameValue": "RunInstances", "ResourceLocation": "ap-southeast-1", "ResourceGroup": "111122223333", "SubscriptionId": "111122223333", "CorrelationId": "AwsApiCall", "CloudProvider": "AWS", "RiskIndicators": ", Compute instance in unapproved region, "' "$tmp/seed"
check seed_s3 "no seed alert for CreateBucket in sa-east-1" \
  grep -qF '"OperationNameValue": "CreateBucket", "ResourceLocation": "sa-east-1", "ResourceGroup": "111122223333", "SubscriptionId": "111122223333", "CorrelationId": "AwsApiCall", "CloudProvider": "AWS", "RiskIndicators": ", , "' "$tmp/seed"
# Everything else is missed:
# - the bucket placed in ap-south-1 through the us-east-1 endpoint
#   (awsRegion us-east-1 is approved; the seed never reads LocationConstraint);
# - IAM CreateUser/CreateAccessKey: IAM always logs us-east-1, approved;
# - every Azure event: exported records say "Success"/"Accept" (not
#   "Succeeded"), the real operation is .../subscriptions/resourceGroups/write
#   (has_any needs the seed's shorter string as a term sequence), and in the
#   az-cli record that does say "Succeeded" the region sits in responseBody,
#   a JSON *string*: inside the Properties text it reads
#   {...\"location\":\"japaneast\"...}, so the regex '"location":"([^"]+)"'
#   finds no '"location":"' and ResourceLocation is empty.
check seed_misses_rest "seed alerted $(nalerts seed), want exactly the 2 AWS alerts" [ "$(nalerts seed)" = 2 ]
check seed_misses_azure "the seed alerted on Azure" [ "$(alerts_with seed '"CloudProvider": "Azure"')" = 0 ]

# The same regex does match hand-made data whose body is a nested object
# instead of a string (how synthetic test data is often written, and why
# the seed looks right in tests but is blind on real logs).
hunt synth --only t1535-seed --now $NOW --format jsonl "$D/synthetic"
check seed_matches_synthetic "no seed alert on the nested-object body" \
  grep -qF '"ResourceLocation": "japaneast"' "$tmp/synth"
# trawl's rule reads both shapes.
hunt own --only t1535-unused-regions --now $NOW --format jsonl "$D/synthetic" "$D/azure/az-activity-log-list.json"
check own_reads_both_shapes "trawl's rule: $(nalerts own) alerts, want 2" [ "$(nalerts own)" = 2 ]

# Without us-east-1 in the approved list the seed flags every IAM call,
# including bob's benign CreateUser; trawl's rule only the correlated ones.
set_list='ApprovedAWSRegions=dynamic(["us-west-2","eu-west-1","eu-central-1"])'
hunt seediam --only t1535-seed --now $NOW --format jsonl --set "$set_list" "$D/aws"
check seed_flags_all_iam "seed did not flag bob's CreateUser" \
  grep -qF '"Caller": "arn:aws:iam::111122223333:user/bob", "CallerIpAddress": "198.51.100.23", "OperationNameValue": "CreateUser"' "$tmp/seediam"
hunt owniam --only t1535-unused-regions --now $NOW --format jsonl --set "$set_list" "$D/aws"
check own_iam_correlated "trawl's rule flagged bob's CreateUser" \
  [ "$(alerts_with owniam 'user/bob')" = 0 ]
check own_iam_kept "trawl's rule lost alice's IAM alerts" \
  [ "$(alerts_with owniam '"OperationNameValue": "CreateUser"')" = 1 ]

# Both rules together: --enable adds the seed to the default set.
hunt both --enable t1535-seed --now $NOW --format jsonl "$D/aws" "$D/azure"
check enable_seed "both rules: $(nalerts both) alerts, want 10" [ "$(nalerts both)" = 10 ]
exit $failed
