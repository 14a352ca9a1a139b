#!/usr/bin/env bash
# tests/hunt/t1535.sh - trawl's T1535 rule (t1535-unused-regions) on the
# seed's four atomic tests and on benign activity, in native log formats
# (tests/data/hunt: a CloudTrail S3 object, an Azure storage-export
# PT1H.json tree, an `az monitor activity-log list` array), with --now.
set -u
source "$(dirname "$0")/lib.inc"
NOW=2026-12-03T12:00:00Z
hunt all --now $NOW --format jsonl "$D/aws" "$D/azure"

check exit_code_alerts "exit $rc, want 1 (alerts)" [ "$rc" = 1 ]
rule='"rule": {"id": "t1535-unused-regions", "name": "Cloud resources created in unapproved regions (T1535)", "severity": "High", "tactics": ["DefenseEvasion"], "techniques": ["T1535"]}'
check alert_shape "rule object differs" [ "$(alerts_with all "$rule")" = "$(nalerts all)" ]
check window_is_now "window end is not --now" \
  [ "$(alerts_with all '"window": {"start": "2026-12-02T12:00:00Z", "end": "2026-12-03T12:00:00Z"}')" = "$(nalerts all)" ]

# has ID REGION: one alert with this event id and ResourceLocation.
has() { grep -F -- "$1" "$tmp/all" | grep -qF -- "\"ResourceLocation\": \"$2\""; }
# Test 1: EC2 RunInstances in ap-southeast-1.
check atomic_ec2_runinstances "no alert for RunInstances in ap-southeast-1" \
  has '"AwsEventId": "11111111-0000-4000-8000-000000000001"' ap-southeast-1
check atomic_ec2_risk "RiskIndicators of the EC2 alert" \
  grep -qF '"RiskIndicators": "Compute instance in unapproved region"' "$tmp/all"
# Test 2: S3 CreateBucket in sa-east-1 (LocationConstraint).
check atomic_s3_createbucket "no alert for CreateBucket in sa-east-1" \
  has '"AwsEventId": "11111111-0000-4000-8000-000000000002"' sa-east-1
# A bucket created in ap-south-1 through the us-east-1 endpoint.
check s3_location_constraint "bucket region not taken from LocationConstraint" \
  has '"AwsEventId": "11111111-0000-4000-8000-000000000003"' ap-south-1
# Test 3: CreateUser + CreateAccessKey by the principal that launched in
# ap-southeast-1 (IAM logs us-east-1; the alert names the correlated region
# and the related event ids).
iam_has() {  # iam_has ID: the IAM alert names all three unapproved regions
  local line
  line=$(grep -F "\"AwsEventId\": \"11111111-0000-4000-8000-00000000000$1\"" "$tmp/all") || return 1
  line=${line#*\"ResourceLocation\": \"}
  line=${line%%\"*}
  case ", $line," in *", ap-southeast-1,"*) ;; *) return 1 ;; esac
  case ", $line," in *", sa-east-1,"*) ;; *) return 1 ;; esac
  case ", $line," in *", ap-south-1,"*) ;; *) return 1 ;; esac
}
for id in 4 5; do
  check atomic_iam_$id "no correlated IAM alert for event $id" iam_has $id
done
check atomic_iam_related "IAM alert does not list the related events" \
  grep -qF '"RelatedEventIds": ["11111111-0000-4000-8000-000000000001","11111111-0000-4000-8000-000000000002","11111111-0000-4000-8000-000000000003"]' "$tmp/all"
check atomic_iam_risk "IAM RiskIndicators" \
  [ "$(alerts_with all '"RiskIndicators": "IAM identity created by a principal active in an unapproved region"')" = 2 ]
# Test 4: resource group in japaneast, region only in the escaped requestbody.
check atomic_azure_resource_group "no alert for the RG write in japaneast" \
  has '"CorrelationId": "aaaaaaaa-0000-4000-8000-000000000001"' japaneast
# A VM create that completes as Accept(ed) without a body: the region comes
# from its Start record (same CorrelationId) and is a display name.
check azure_accepted_display_name "no alert for the accepted VM create in Australia East" \
  has '"CorrelationId": "aaaaaaaa-0000-4000-8000-000000000002"' australiaeast
check azure_start_not_alerted "the Start record itself alerted" \
  [ "$(alerts_with all '"CorrelationId": "aaaaaaaa-0000-4000-8000-000000000002"')" = 1 ]
# REST/az format: status Succeeded, region in the escaped responseBody.
check azure_rest_succeeded "no alert for the az-cli VM write in japaneast" \
  has '"EventDataId": "dddddddd-0000-4000-8000-000000000001"' japaneast
# Nothing else: approved regions, failed calls, reads, benign IAM.
check no_benign_alerts "benign events alerted" \
  [ "$(grep -cE '22222222-0000|bbbbbbbb-0000' "$tmp/all")" = 0 ]
check alert_count "$(nalerts all) alerts, want 8" [ "$(nalerts all)" = 8 ]
check clean_risk_indicators "empty entries in RiskIndicators" \
  [ "$(grep -cE '"RiskIndicators": "(|, .*|.*, |.*, , .*)"' "$tmp/all")" = 0 ]
check ids_in_every_alert "an alert lacks AwsEventId/EventDataId/CorrelationId" \
  [ "$(grep -F '"AwsEventId": ' "$tmp/all" | grep -F '"EventDataId": ' | grep -cF '"CorrelationId": ')" = 8 ]
check summary_on_stderr "no summary" grep -q '^trawl hunt: 8 alerts (High 8)' "$tmp/all.err"

# Approving the regions by --set removes the alerts (and the IAM ones with them).
hunt approved --now $NOW --format jsonl \
  --set 'ApprovedAWSRegions=dynamic(["us-east-1","us-west-2","eu-west-1","ap-southeast-1","sa-east-1","ap-south-1"])' \
  --set 'ApprovedAzureRegions=dynamic(["westeurope","japaneast","australiaeast"])' "$D/aws" "$D/azure"
check set_approves "exit $rc / $(nalerts approved) alerts after approving" [ "$rc" = 0 ] && [ "$(nalerts approved)" = 0 ]
hunt badset --now $NOW --set NoSuchLet=1 "$D/aws"
check set_unknown_let "exit $rc" [ "$rc" = 2 ] && grep -q NoSuchLet "$tmp/badset.err"

# CSV and table.
hunt csv --now $NOW --format csv "$D/aws"
check csv_header "CSV header" grep -q '^RuleId,RuleName,Severity,Tactics,Techniques,WindowStart,WindowEnd,TimeGenerated,.*,Caller,.*ResourceLocation,.*,Row.$' "$tmp/csv"
check csv_columns "CSV alert values under their own columns" grep -q ',ap-southeast-1,' "$tmp/csv"
check csv_rows "CSV rows" [ "$(grep -c '^t1535-unused-regions,' "$tmp/csv")" = 5 ]
hunt table --now $NOW --format table "$D/aws"
check table_output "table output" grep -q '^== Cloud resources created in unapproved regions (T1535) \[High\] t1535-unused-regions' "$tmp/table"
check table_no_color "colour codes when stdout is not a terminal" [ "$(grep -c $'\033' "$tmp/table")" = 0 ]
# On a terminal: a table by default, the severity in colour.
if command -v script >/dev/null 2>&1; then
  script -qc "'$TRAWL' hunt --no-config --now $NOW '$D/aws'" /dev/null >"$tmp/tty" 2>&1
  check tty_table_colour "no coloured table on a terminal" \
    grep -qF $'\033[1;31m== Cloud resources created in unapproved regions (T1535) [High]' "$tmp/tty"
else
  echo "skip tty_table_colour: no script(1)"
fi
exit $failed
