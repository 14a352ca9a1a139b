#!/usr/bin/env bash
# tests/corpus/fixtures.sh - Azure, Sentinel-row and CSV fixtures of our own
# through `trawl cat`: the log-formats.md section 6 pitfalls that apply
# (escaped and object bodies, display-name locations, Accept status, status
# words, numeric level, off-spec time, tenant-level ids, resource logs in
# the same stream, a partial last line), REST pages, rows keyed by
# Sentinel column names, and CSV date order (auto, --day-first).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TRAWL=${TRAWL:-$root/build/trawl}
fx=$here/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# has NAME FILE ROW-TEXT VALUE-TEXT: a row holding ROW-TEXT also holds VALUE-TEXT
has() {
  if grep -F -- "$3" "$2" | grep -qF -- "$4"; then
    echo "ok $1"
  else
    echo "FAIL $1: row $3 lacks ${4:0:160}"
  fi
}
count() {  # count NAME FILE PATTERN WANT
  local n
  n=$(grep -c -- "$3" "$2")
  if [ "$n" = "$4" ]; then echo "ok $1"; else echo "FAIL $1: $n, want $4"; fi
}

"$TRAWL" cat -v --format jsonl "$fx/azure-pitfalls.PT1H.json" </dev/null \
  >"$tmp/p.out" 2>"$tmp/p.err"
count pitfalls-rows "$tmp/p.out" '^{"ActivityStatus":' 3
count pitfalls-not-event "$tmp/p.err" 'PT1H.json:.*line 4.*not a CloudTrail or Azure Activity' 1
count pitfalls-partial-line "$tmp/p.err" 'PT1H.json:.*line 5' 1
S=c0000000-0000-0000-0000-000000000001
has pitfalls-requestbody-escaped "$tmp/p.out" "$S\",\"EventDataId\":\"\",\"EventSubmissionTimestamp\":null,\"Hierarchy\":\"t/s\"" \
  '"Properties":"{\"requestbody\":\"{\\\"location\\\":\\\"East US\\\",'
has pitfalls-requestbody-dynamic-string "$tmp/p.out" '"ActivityStatusValue":"Start"' \
  '"Properties_d":{"requestbody":"{\"location\":\"East US\",'
has pitfalls-added-keys "$tmp/p.out" '"ActivityStatusValue":"Start"' \
  '\"caller\":\"alice@example.com\",\"httpRequest\":\"{\\\"clientIpAddress\\\":\\\"203.0.113.10\\\"}\",\"resource\":\"vm1\",\"resourceGroup\":\"RG-ONE\",\"resourceProviderValue\":\"MICROSOFT.COMPUTE\",\"subscriptionId\":\"11111111-AAAA-1111-AAAA-111111111111\",\"activityStatusValue\":\"Start\"}"'
has pitfalls-subscription-lower "$tmp/p.out" '"ActivityStatusValue":"Start"' \
  '"SubscriptionId":"11111111-aaaa-1111-aaaa-111111111111"'
has pitfalls-group-case "$tmp/p.out" '"ActivityStatusValue":"Start"' '"ResourceGroup":"RG-ONE"'
has pitfalls-accept "$tmp/p.out" '"ActivityStatusValue":"Accept"' '"ActivitySubstatusValue":"Created"'
has pitfalls-response-escaped "$tmp/p.out" '"ActivityStatusValue":"Accept"' \
  '\"responseBody\":\"{\\\"location\\\":\\\"eastus\\\",\\\"name\\\":\\\"vm1\\\"}\"'
has pitfalls-level-number "$tmp/p.out" '"ActivityStatusValue":"Accept"' '"Level":"4"'
has pitfalls-upper-operation "$tmp/p.out" '"ActivityStatusValue":"Accept"' \
  '"OperationNameValue":"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE"'
has pitfalls-succeeded-kept "$tmp/p.out" 000000000003 '"ActivityStatusValue":"Succeeded"'
has pitfalls-us-time "$tmp/p.out" 000000000003 '"TimeGenerated":"2007-01-09T09:41:00Z"'
has pitfalls-response-object "$tmp/p.out" 000000000003 \
  '"Properties":"{\"responseBody\":{\"location\":\"westeurope\"},'
has pitfalls-tenant-id "$tmp/p.out" 000000000003 \
  '"ResourceGroup":"","ResourceId":"","_ResourceId":"/tenants/33333333-3333-3333-3333-333333333333/providers/microsoft.aadiam","ResourceProvider":"","ResourceProviderValue":"Microsoft.aadiam","SourceSystem":"Azure","SubscriptionId":""'

"$TRAWL" cat --format jsonl "$fx/activity-rest.json" </dev/null >"$tmp/r.out" 2>/dev/null
count rest-rows "$tmp/r.out" '^{"ActivityStatus":' 2
has rest-legacy-columns "$tmp/r.out" 0000000000a1 \
  '"ActivityStatus":"Succeeded","ActivityStatusValue":"Succeeded","ActivitySubstatus":"Created (HTTP Status Code: 201)","ActivitySubstatusValue":"Created"'
has rest-operation "$tmp/r.out" 0000000000a1 \
  '"OperationName":"Create or Update Network Security Group","OperationNameValue":"Microsoft.Network/networkSecurityGroups/write"'
has rest-http "$tmp/r.out" 0000000000a1 '"CallerIpAddress":"192.0.2.5"'
has rest-submission "$tmp/r.out" 0000000000a1 '"EventSubmissionTimestamp":"2018-01-29T20:42:50.0724829Z"'
has rest-resource "$tmp/r.out" 0000000000a1 '"Resource":"myNSG","ResourceGroup":"myResourceGroup"'
has rest-null-substatus "$tmp/r.out" 0000000000a2 '"ActivityStatusValue":"Started","ActivitySubstatus":"","ActivitySubstatusValue":""'

"$TRAWL" cat --format jsonl "$fx/sentinel-rows.json" </dev/null >"$tmp/s.out" 2>/dev/null
count sentinel-rows-aws "$tmp/s.out" '^{"TimeGenerated":' 1
count sentinel-rows-azure "$tmp/s.out" '^{"ActivityStatus":' 1
has sentinel-rows-bool "$tmp/s.out" a0000000-0000-0000-0000-000000000001 '"SessionMfaAuthenticated":false'
has sentinel-rows-dynamic "$tmp/s.out" 0000000000b1 '"Properties_d":{"resource":"okta-new"}'
has sentinel-rows-time "$tmp/s.out" 0000000000b1 '"TimeGenerated":"2021-04-28T14:32:14.0298107Z"'

"$TRAWL" cat --format jsonl "$fx/ambiguous-dates.csv" </dev/null >"$tmp/c.out" 2>/dev/null
"$TRAWL" cat --day-first --format jsonl "$fx/ambiguous-dates.csv" </dev/null >"$tmp/d.out" 2>/dev/null
count csv-rows "$tmp/c.out" '^{"ActivityStatus":' 2
has csv-month-first "$tmp/c.out" 0000000000c1 '"TimeGenerated":"2025-03-04T10:00:00Z"'
has csv-day-first "$tmp/d.out" 0000000000c1 '"TimeGenerated":"2025-04-03T10:00:00Z"'
has csv-multiline-cell "$tmp/c.out" 0000000000c1 '"Properties":"{\r\n  \"k\": \"v\"\r\n}"'
has csv-type "$tmp/c.out" 0000000000c2 '"Type":"AzureActivity"'
exit 0
