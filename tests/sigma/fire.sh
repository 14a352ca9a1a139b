#!/usr/bin/env bash
# tests/sigma/fire.sh - SigmaHQ rules (and a few hand-written ones) loaded
# with `trawl hunt --rules RULE.yml --now ...` alert on constructed
# native-format events and stay quiet on near misses.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$root/../shared/corpus/sigma-rules
TRAWL=${TRAWL:-$root/build/trawl}
if [ ! -d "$corpus" ]; then
  echo "skip sigma-fire: ../shared/corpus/sigma-rules is absent"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now=2026-03-02T10:30:00Z

ev() {  # ev ID NAME SOURCE EXTRA-JSON-MEMBERS
  printf '{"eventVersion":"1.08","eventTime":"2026-03-02T10:%02d:00Z","eventID":"%s","eventName":"%s","eventSource":"%s","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"%s","eventType":"AwsApiCall","recipientAccountId":"111122223333"%s}' \
    "5" "$1" "$2" "$3" "${UA:-aws-cli/2.15}" "$4"
}
alice=',"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"}'
inst=',"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc","accountId":"111122223333"}'
{
  echo '{"Records":['
  ev stop-hit StopLogging cloudtrail.amazonaws.com "$alice"; echo ,
  ev stop-miss StartLogging cloudtrail.amazonaws.com "$alice"; echo ,
  ev stop-miss2 StopLogging cloudtrail.example.com "$alice"; echo ,
  ev imds-hit DescribeInstances ec2.amazonaws.com "$inst"; echo ,
  ev imds-miss UpdateInstanceInformation ssm.amazonaws.com "$inst"; echo ,
  ev userdata-hit ModifyInstanceAttribute ec2.amazonaws.com "$alice"',"requestParameters":{"instanceId":"i-1","attribute":"userData"}'; echo ,
  ev userdata-miss ModifyInstanceAttribute ec2.amazonaws.com "$alice"',"requestParameters":{"instanceId":"i-1","attribute":"instanceType"}'; echo ,
  ev nomfa-hit ConsoleLogin signin.amazonaws.com "$alice"',"additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"}'; echo ,
  ev nomfa-miss ConsoleLogin signin.amazonaws.com "$alice"',"additionalEventData":{"MFAUsed":"Yes"},"responseElements":{"ConsoleLogin":"Success"}'; echo ,
  ev ssm-hit SendCommand ssm.amazonaws.com "$alice"; echo ,
  ev ssm-miss SendCommand ssm.amazonaws.com "$alice"',"errorCode":"AccessDenied"'; echo ,
  ev getsig-hit GetSigninToken signin.amazonaws.com "$alice"; echo ,
  UA='Jersey/${project.version} (HttpUrlConnection)' ev getsig-miss GetSigninToken signin.amazonaws.com "$alice"
  echo ']}'
} >"$tmp/ct.json"

az() {  # az CORRELATION OPERATION
  printf '{"time":"2026-03-02T10:05:00Z","resourceId":"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG1/PROVIDERS/MICROSOFT.KUBERNETES/CONNECTEDCLUSTERS/c1","operationName":"%s","category":"Administrative","resultType":"Success","correlationId":"%s","callerIpAddress":"198.51.100.7","level":"Information","identity":{"claims":{"upn":"bob@example.com"}},"properties":{"message":"x"}}\n' "$2" "$1"
}
{
  az cron-hit microsoft.kubernetes/connectedClusters/batch/cronjobs/write
  az cron-miss MICROSOFT.KUBERNETES/CONNECTEDCLUSTERS/BATCH/CRONJOBS/READ
  az cron-miss2 MICROSOFT.KUBERNETES/CONNECTEDCLUSTERS/APPS/CRONJOBS/WRITE
} >"$tmp/PT1H.json"

# expect NAME RULE INPUT HITS... : exactly these event ids alert
expect() {
  local name=$1 rule=$2 input=$3; shift 3
  local out got want
  out=$("$TRAWL" hunt --no-config -q --format jsonl --rules "$rule" --now "$now" "$input" 2>"$tmp/err")
  local rc=$?
  got=$(grep -o '"\(AwsEventId\|CorrelationId\)": "[^"]*"' <<<"$out" | sed 's/.*: "//; s/"$//' | sort | tr '\n' ' ')
  want=""
  [ $# -gt 0 ] && want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  local want_rc=0
  [ $# -gt 0 ] && want_rc=1
  if [ "$got" = "$want" ] && [ $rc -eq $want_rc ]; then
    echo "ok sigma-fire/$name"
  else
    echo "FAIL sigma-fire/$name: alerts [$got] want [$want] (exit $rc) $(head -2 "$tmp/err")"
  fi
}

ct=$corpus/aws_cloudtrail
expect disable-logging "$ct/aws_cloudtrail_disable_logging.yml" "$tmp/ct.json" stop-hit
expect imds-outside-ssm "$ct/aws_cloudtrail_imds_malicious_usage.yml" "$tmp/ct.json" imds-hit
expect startup-script "$ct/aws_ec2_startup_script_change.yml" "$tmp/ct.json" userdata-hit
expect login-without-mfa "$ct/aws_cloudtrail_console_login_success_without_mfa.yml" "$tmp/ct.json" nomfa-hit
expect ssm-send-command "$ct/aws_cloudtrail_ssm_malicious_usage.yml" "$tmp/ct.json" ssm-hit
expect getsignintoken "$ct/aws_console_getsignintoken.yml" "$tmp/ct.json" getsig-hit
expect k8s-cronjob "$corpus/azure_activity_logs/azure_kubernetes_cronjob.yml" "$tmp/PT1H.json" cron-hit

# Aggregation: aws_enum_storage is "selection | count() > 5" in 10m, so
# the rule's queryPeriod is 10m. Six S3 listings in the window alert once;
# five do not.
s3() {  # s3 ID MINUTE
  printf '{"eventVersion":"1.08","eventTime":"2026-03-02T10:%02d:00Z","eventID":"%s","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"x","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/eve"}}\n' "$2" "$1"
}
for i in 1 2 3 4 5 6; do s3 "s3-$i" $((20 + i)); done >"$tmp/s3six.jsonl"
for i in 1 2 3 4 5; do s3 "s3-$i" $((20 + i)); s3 "old-$i" $((5 + i)); done >"$tmp/s3five.jsonl"
agg_count() {
  "$TRAWL" hunt --no-config -q --format jsonl --rules "$corpus/extra/aws_enum_storage.yml" --now "$now" "$1" 2>/dev/null | grep -c '"Count": 6'
}
if [ "$(agg_count "$tmp/s3six.jsonl")" = 1 ] && [ "$(agg_count "$tmp/s3five.jsonl")" = 0 ]; then
  echo "ok sigma-fire/count-aggregation"
else
  echo "FAIL sigma-fire/count-aggregation: six -> $(agg_count "$tmp/s3six.jsonl") alerts with Count 6, five (+5 outside the 10m window) -> $(agg_count "$tmp/s3five.jsonl")"
fi

# Hand-written rules: modifiers end to end.
cat >"$tmp/mods.yml" <<'YML'
title: Modifier mix
id: 0f0e0d0c-0000-4000-8000-000000000001
level: low
tags: [attack.discovery, attack.t1580]
logsource:
  product: aws
  service: cloudtrail
detection:
  sel_ua:
    userAgent|contains|all: ['AWS-CLI', '/2.']
  sel_net:
    sourceIPAddress|cidr: 203.0.113.0/24
  sel_name:
    eventName: 'Stop?ogg*'
  condition: all of sel_*
YML
expect modifiers "$tmp/mods.yml" "$tmp/ct.json" stop-hit stop-miss2
sed 's/203.0.113.0\/24/10.0.0.0\/8/' "$tmp/mods.yml" >"$tmp/mods2.yml"
expect modifiers-cidr-miss "$tmp/mods2.yml" "$tmp/ct.json"

# trawl test-style listing: metadata from the Sigma header
if "$TRAWL" hunt --no-config --rules "$tmp/mods.yml" --list 2>/dev/null | grep -q "0f0e0d0c-0000-4000-8000-000000000001"; then
  echo "ok sigma-fire/list"
else
  echo "FAIL sigma-fire/list: rule not listed"
fi
