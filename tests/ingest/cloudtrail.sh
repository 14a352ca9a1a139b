#!/usr/bin/env bash
# tests/ingest/cloudtrail.sh - CloudTrail records as AWSCloudTrail rows.
#
#  1. A raw ConsoleLogin record rebuilt from a row of the real Sentinel
#     export (../shared/corpus/logs/sentinel-sample-data) must map to that
#     same row, column by column (TenantId aside: it is the workspace id).
#  2. Spot checks of column values of a real trail file of the corpus.
#  3. Fixtures for the CloudTrail pitfalls of log-formats.md section 6.
set -u
TRAWL=${TRAWL:-build/trawl}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$root/../shared/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v python3 >/dev/null; then
  echo "skip cloudtrail: python3 is needed"
  exit 0
fi

# check NAME FILE PYTHON-EXPR... : rows = list of dicts from trawl cat;
# each expression must be true.
check() {
  local name=$1 file=$2
  shift 2
  "$TRAWL" cat -v --table AWSCloudTrail "$file" >"$tmp/out" 2>"$tmp/err"
  echo $? >"$tmp/rc"
  python3 - "$name" "$tmp/out" "$tmp/err" "$tmp/rc" "$@" <<'PY'
import json, sys
name, out, err, rcf = sys.argv[1:5]
rows = [json.loads(l) for l in open(out, encoding="utf-8") if l.strip()]
err = open(err, encoding="utf-8", errors="replace").read()
rc = int(open(rcf).read())
bad = []
for e in sys.argv[5:]:
    try:
        ok = eval(e)
    except Exception as x:
        ok = False
        e += " (%s)" % x
    if not ok:
        bad.append(e)
print(("FAIL %s: %s" % (name, "; ".join(bad)[:400])) if bad else "ok " + name)
PY
}

# --- 1. raw record -> the row Sentinel stored
sample=$corpus/logs/sentinel-sample-data/AWS_CloudTrail_Authentication_IngestedLogs.EXCERPT.csv
if [ -f "$sample" ]; then
  cat >"$tmp/login.json" <<'JSON'
{"Records":[{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDARB2PKUDQYPON37SS4","arn":"arn:aws:iam::072643944673:user/CATTeamIDC","accountId":"072643944673","userName":"CATTeamIDC"},"eventTime":"2025-04-21T09:45:54Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"167.220.238.89","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36 Edg/134.0.0.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://us-east-1.console.aws.amazon.com/iam/home?hashArgs=%23%2Froles%2Fdetails%2FAWS_Server_ACCESS_Logs_Role%3Fsection%3Dpermissions\u0026isauthcode=true\u0026oauthStart=1745228745031\u0026region=eu-central-1\u0026state=hashArgsFromTB_us-east-1_f6246b795a9839a5","MobileVersion":"No","MFAUsed":"No"},"eventID":"190150da-f77d-428f-b699-78e570f2dae3","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"072643944673","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"signin.aws.amazon.com"}}]}
JSON
  "$TRAWL" cat --table AWSCloudTrail "$tmp/login.json" >"$tmp/raw.out" 2>/dev/null
  "$TRAWL" cat --table AWSCloudTrail --day-first "$sample" >"$tmp/csv.out" 2>/dev/null
  python3 - "$tmp/raw.out" "$tmp/csv.out" <<'PY'
import json, sys
raw = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
csv = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
want = [r for r in csv if r.get("AwsEventId") == "190150da-f77d-428f-b699-78e570f2dae3"]
if len(raw) != 1 or len(want) != 1:
    print("FAIL sentinel-row-match: %d raw rows, %d matching export rows" % (len(raw), len(want)))
    sys.exit(0)
r, w = raw[0], want[0]
diff = [c for c in w if c != "TenantId" and r.get(c) != w[c]]
if list(r) != list(w):
    print("FAIL sentinel-row-columns: column order differs")
elif diff:
    print("FAIL sentinel-row-match: " + "; ".join("%s: %r vs export %r" % (c, r.get(c), w[c]) for c in diff)[:600])
else:
    print("ok sentinel-row-match (%d columns equal to the real export)" % (len(w) - 1))
PY
else
  echo "skip sentinel-row-match: ../shared/corpus is absent"
fi

# --- 2. spot checks on a real trail file (trailscraper)
ts=$corpus/logs/aws-cloudtrail/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json
if [ -f "$ts" ]; then
  check spot-trailscraper "$ts" \
    'len(rows) == 2' \
    'rows[0]["TimeGenerated"] == "2017-12-11T15:01:51Z"' \
    'rows[0]["AwsEventId"] == "a0ed971f-389f-406a-9fcf-887c5ca6903a"' \
    'rows[0]["EventVersion"] == "1.05"' \
    'rows[0]["EventSource"] == "autoscaling.amazonaws.com"' \
    'rows[0]["EventName"] == "DescribeLaunchConfigurations"' \
    'rows[0]["EventTypeName"] == "AwsApiCall"' \
    'rows[0]["UserIdentityType"] == "AssumedRole"' \
    'rows[0]["UserIdentityPrincipalid"] == "AAAAAAAAAAAAAAAAAAAAA:AutoScalingDescribeHandlerSession"' \
    'rows[0]["UserIdentityArn"] == "arn:aws:sts::111111111111:assumed-role/someRole/AutoScalingDescribeHandlerSession"' \
    'rows[0]["UserIdentityAccountId"] == "111111111111"' \
    'rows[0]["UserIdentityInvokedBy"] == "config.amazonaws.com"' \
    'rows[0]["UserIdentityAccessKeyId"] == "AAAAAAAAAAAAAAAAAAAAA"' \
    'rows[0]["UserIdentityUserName"] == ""' \
    'rows[0]["SessionMfaAuthenticated"] is False' \
    'rows[0]["SessionCreationDate"] == "2017-11-18T00:21:51Z"' \
    'rows[0]["SessionIssuerType"] == "Role"' \
    'rows[0]["SessionIssuerArn"] == "arn:aws:iam::111111111111:role/someRole"' \
    'rows[0]["SessionIssuerUserName"] == "someRole"' \
    'rows[0]["AWSRegion"] == "eu-central-1"' \
    'rows[0]["SourceIpAddress"] == "config.amazonaws.com"' \
    'rows[0]["RequestParameters"] == "" and rows[0]["ResponseElements"] == ""' \
    'rows[0]["AwsRequestId_"] == "796142d4-cbf6-11e7-8c53-9fdb2434bfb9"' \
    'rows[0]["RecipientAccountId"] == "111111111111"' \
    'rows[0]["ReadOnly"] is None and rows[0]["ManagementEvent"] is None' \
    'rows[0]["ErrorCode"] == "" and rows[0]["ErrorMessage"] == ""' \
    'rows[0]["OperationName"] == "" and rows[0]["Category"] == ""' \
    'rows[0]["Type"] == "AWSCloudTrail"' \
    'rows[1]["UserIdentityType"] == "AWSService" and rows[1]["UserIdentityArn"] == ""' \
    'json.loads(rows[1]["RequestParameters"])["roleSessionName"] == "AutoScalingDescribeHandlerSession"' \
    'json.loads(rows[1]["Resources"])[0]["ARN"] == "arn:aws:iam::111111111111:role/someRole"' \
    'rows[1]["SharedEventId"] == "61742ed6-324a-4133-a3ee-1ead9cd1b75c"'
else
  echo "skip spot-trailscraper: ../shared/corpus is absent"
fi

# --- 3. pitfalls (log-formats.md section 6)
R='"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","awsRegion":"us-east-1","eventType":"AwsApiCall"'

# P1 digest file, by content (and not an error)
printf '{"awsAccountId":"111111111111","digestStartTime":"2025-01-02T00:00:00Z","digestEndTime":"2025-01-02T01:00:00Z","digestS3Bucket":"b","digestS3Object":"AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2025/01/02/x.json.gz","logFiles":[]}' | gzip -c >"$tmp/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20250102T010000Z.json.gz"
check P1-digest "$tmp/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20250102T010000Z.json.gz" \
  'len(rows) == 0' 'rc == 0' '"digest file" in err' '"1 digest file" in err'

# Insights records: counted, no rows
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","awsRegion":"us-east-1","eventID":"i1","eventType":"AwsCloudTrailInsight","recipientAccountId":"1","sharedEventID":"s","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{}},"eventCategory":"Insight"}]}' >"$tmp/insight.json"
check insights "$tmp/insight.json" 'len(rows) == 0' 'rc == 0' '"1 Insights record" in err'

# P7 errorMessage without errorCode
printf '{"Records":[{%s,"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"},"errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},"eventID":"p7"}]}' "$R" >"$tmp/p7.json"
check P7-error-message-only "$tmp/p7.json" \
  'rows[0]["ErrorCode"] == ""' 'rows[0]["ErrorMessage"] == "Failed authentication"' \
  'rows[0]["ResponseElements"] == "{\"ConsoleLogin\":\"Failure\"}"' \
  'rows[0]["UserIdentityUserName"] == "HIDDEN_DUE_TO_SECURITY_REASONS"'

# P8 missing requestID / recipientAccountId / userAgent
printf '{"Records":[{%s,"eventSource":"signin.amazonaws.com","eventName":"SwitchRole","userIdentity":{"type":"AssumedRole"},"eventID":"p8"}]}' "$R" >"$tmp/p8.json"
check P8-missing-fields "$tmp/p8.json" 'len(rows) == 1' \
  'rows[0]["AwsRequestId_"] == "" and rows[0]["RecipientAccountId"] == "" and rows[0]["UserAgent"] == ""'

# P9 userIdentity variants
printf '{"Records":[{%s,"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventID":"a"},{%s,"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":"true"},"ec2RoleDelivery":"2.0"}},"eventID":"b"},{%s,"eventSource":"sso.amazonaws.com","eventName":"ListAccounts","userIdentity":{"type":"IdentityCenterUser","accountId":"111111111111","onBehalfOf":{"userId":"9067-abc","identityStoreArn":"arn:aws:identitystore::111111111111:identitystore/d-1234"}},"eventID":"c"}]}' "$R" "$R" "$R" >"$tmp/p9.json"
check P9-identity-variants "$tmp/p9.json" 'len(rows) == 3' \
  'rows[0]["UserIdentityInvokedBy"] == "ec2.amazonaws.com" and rows[0]["UserIdentityPrincipalid"] == ""' \
  'rows[1]["SessionIssuerUserName"] == "" and rows[1]["SessionMfaAuthenticated"] is True' \
  'rows[1]["SessionCreationDate"] == "2013-11-02T01:06:28Z"' \
  'rows[1]["EC2RoleDelivery"] == "2.0"' \
  'rows[2]["UserIdentityUserId"] == "9067-abc"' \
  'rows[2]["UserIdentityStoreArn"] == "arn:aws:identitystore::111111111111:identitystore/d-1234"'

# P10 polymorphic requestParameters; P11 apiVersion forms
printf '{"Records":[{%s,"eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition","requestParameters":{"environment":[{"name":"A","value":"1"}]},"apiVersion":"2012-10-17","eventID":"a"},{%s,"eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition","requestParameters":{"environment":"HIDDEN_DUE_TO_SECURITY_REASONS"},"apiVersion":"20141031","eventID":"b"},{%s,"eventSource":"x.amazonaws.com","eventName":"X","requestParameters":"HIDDEN_DUE_TO_SECURITY_REASONS","apiVersion":20141031,"eventID":"c"}]}' "$R" "$R" "$R" >"$tmp/p10.json"
check P10-P11-polymorphic "$tmp/p10.json" 'len(rows) == 3' \
  'rows[0]["RequestParameters"] == "{\"environment\":[{\"name\":\"A\",\"value\":\"1\"}]}"' \
  'rows[1]["RequestParameters"] == "{\"environment\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}"' \
  'rows[2]["RequestParameters"] == "HIDDEN_DUE_TO_SECURITY_REASONS"' \
  'rows[0]["APIVersion"] == "2012-10-17" and rows[1]["APIVersion"] == "20141031" and rows[2]["APIVersion"] == "20141031"'

# P12 timestamps: fractions kept, no fraction printed when zero
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05.123Z","eventSource":"s3.amazonaws.com","eventName":"A","eventID":"a"},{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05.000Z","eventSource":"s3.amazonaws.com","eventName":"B","eventID":"b"},{"eventVersion":"1.08","eventTime":"not a time","eventSource":"s3.amazonaws.com","eventName":"C","eventID":"c"}]}' >"$tmp/p12.json"
check P12-timestamps "$tmp/p12.json" \
  'rows[0]["TimeGenerated"] == "2025-01-02T03:04:05.1230000Z"' \
  'rows[1]["TimeGenerated"] == "2025-01-02T03:04:05Z"' 'rows[2]["TimeGenerated"] is None'

# P13 event time, not delivery time; P14 duplicates stay
mkdir -p "$tmp/AWSLogs/111111111111/CloudTrail/us-east-1/2025/01/02"
f13=$tmp/AWSLogs/111111111111/CloudTrail/us-east-1/2025/01/02/111111111111_CloudTrail_us-east-1_20250102T0005Z_abc.json.gz
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-01T23:59:58Z","eventSource":"s3.amazonaws.com","eventName":"A","eventID":"dup"},{"eventVersion":"1.08","eventTime":"2025-01-01T23:59:58Z","eventSource":"s3.amazonaws.com","eventName":"A","eventID":"dup"}]}' | gzip -c >"$f13"
check P13-P14-time-duplicates "$tmp/AWSLogs" 'len(rows) == 2' \
  'rows[0]["TimeGenerated"] == "2025-01-01T23:59:58Z"' 'rows[0] == rows[1]'

# P20 look-alike envelopes: S3 notification, EventBridge, LookupEvents, JSON lines
printf '{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2025-01-02T03:04:05.000Z","eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:X"},"s3":{"bucket":{"name":"b"}}}]}' >"$tmp/s3.json"
check P20-s3-notification "$tmp/s3.json" 'len(rows) == 0' 'rc == 0' '"S3" in err' '"record 1 is" in err'
printf '{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"1","time":"2025-01-02T03:04:05Z","region":"us-east-1","resources":[],"detail":{%s,"eventSource":"iam.amazonaws.com","eventName":"CreateUser","userIdentity":{"type":"Root"},"eventID":"eb"}}\n' "$R" >"$tmp/eb.json"
check P20-eventbridge "$tmp/eb.json" 'len(rows) == 1' 'rows[0]["EventName"] == "CreateUser"' 'rows[0]["UserIdentityType"] == "Root"'
python3 - "$tmp/lookup.json" <<'PY'
import json, sys
rec = {"eventVersion": "1.08", "eventTime": "2025-01-02T03:04:05Z", "eventSource": "ec2.amazonaws.com",
       "eventName": "StopInstances", "userIdentity": {"type": "IAMUser", "userName": "alice"}, "eventID": "lk"}
doc = {"Events": [{"EventId": "lk", "EventName": "StopInstances", "ReadOnly": "false",
                   "CloudTrailEvent": json.dumps(rec)}]}
open(sys.argv[1], "w").write(json.dumps(doc, indent=2))
PY
check P20-lookup-events "$tmp/lookup.json" 'len(rows) == 1' 'rows[0]["UserIdentityUserName"] == "alice"'

# P21 sourceIPAddress not an IP; P22 partitions; security-group columns
printf '{"Records":[{%s,"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","sourceIPAddress":"cloudformation.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws-us-gov:iam::111111111111:user/x"},"requestParameters":{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"groups":{},"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}},"eventID":"sg"}]}' "$R" >"$tmp/p21.json"
check P21-P22-sg "$tmp/p21.json" \
  'rows[0]["SourceIpAddress"] == "cloudformation.amazonaws.com"' \
  'rows[0]["UserIdentityArn"].startswith("arn:aws-us-gov:")' \
  'rows[0]["IpProtocol"] == "tcp" and rows[0]["SourcePort"] == "22" and rows[0]["DestinationPort"] == "22"' \
  'rows[0]["CidrIp"] == "0.0.0.0/0"'

# readOnly / managementEvent as strings (LookupEvents style) and booleans
printf '{"Records":[{%s,"eventSource":"s3.amazonaws.com","eventName":"A","readOnly":"false","managementEvent":"TRUE","eventID":"a"},{%s,"eventSource":"s3.amazonaws.com","eventName":"B","readOnly":true,"managementEvent":false,"eventID":"b"}]}' "$R" "$R" >"$tmp/bools.json"
check bool-columns "$tmp/bools.json" \
  'rows[0]["ReadOnly"] is False and rows[0]["ManagementEvent"] is True' \
  'rows[1]["ReadOnly"] is True and rows[1]["ManagementEvent"] is False'

# escapes: string columns decoded, JSON-text columns keep the source text
printf '{"Records":[{%s,"eventSource":"s3.amazonaws.com","eventName":"A\\u0026B","userAgent":"x \\"y\\" \\u00e9","requestParameters":{"k":"a\\u0026b","n":1.50},"eventID":"e"}]}' "$R" >"$tmp/esc.json"
check escapes "$tmp/esc.json" \
  'rows[0]["EventName"] == "A&B"' 'rows[0]["UserAgent"] == "x \"y\" \u00e9"' \
  'rows[0]["RequestParameters"] == "{\"k\":\"a\\u0026b\",\"n\":1.50}"'

# Records shipped through logstash: eventTime renamed @timestamp; noted
# once per file, the records are read (exit 0)
printf '{"eventVersion":"1.05","@timestamp":"2020-09-14T00:44:23.000Z","eventSource":"ec2.amazonaws.com","eventName":"A"}\n{"eventVersion":"1.05","@timestamp":"2020-09-14T00:44:24.000Z","eventSource":"ec2.amazonaws.com","eventName":"B"}\n{"eventVersion":"1.05","eventSource":"ec2.amazonaws.com","eventName":"C"}\n' >"$tmp/ls.json"
check logstash-timestamp "$tmp/ls.json" 'len(rows) == 3' 'rc == 0' \
  'rows[0]["TimeGenerated"] == "2020-09-14T00:44:23Z"' \
  'rows[1]["TimeGenerated"] == "2020-09-14T00:44:24Z"' \
  'rows[2]["TimeGenerated"] is None' \
  'err.count("taken from @timestamp") == 1' \
  '"(line 1, record 1): note: record 1: no eventTime; TimeGenerated is taken from @timestamp" in err' \
  '"(line 3, record 3): note: record 3: no eventTime (nor @timestamp); TimeGenerated is null" in err'

# Values of the wrong JSON type are mapped as before and noted once per
# file with the first place
printf '{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","eventSource":"s","eventName":"A","awsRegion":{"x":1},"readOnly":"maybe"}\n{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","eventSource":"s","eventName":5,"awsRegion":{"y":1}}\n' >"$tmp/types.json"
check wrong-types "$tmp/types.json" 'len(rows) == 2' 'rc == 0' \
  'rows[0]["AWSRegion"] == "{\"x\":1}"' 'rows[0]["ReadOnly"] is None' \
  'rows[1]["EventName"] == "5"' \
  'err.count("an object or array where CloudTrail has a string") == 1' \
  '"(line 1, record 1): note: record 1: an object or array" in err' \
  '"(line 2, record 2): note: record 2: a number or boolean where CloudTrail has a string" in err'

exit 0
