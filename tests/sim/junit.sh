#!/usr/bin/env bash
# tests/sim/junit.sh - `trawl test --junit FILE` writes valid JUnit XML:
# testsuites/testsuite/testcase, failure elements for failed cases, text
# XML-escaped; the console output ends with "N passed, N failed".
set -u
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
command -v python3 >/dev/null || { echo "skip junit_parses: python3 not installed"; exit 0; }

# A tiny rule that runs on any engine state, and three cases: one passes,
# one fails with markup characters in its name and diff, one cannot run.
cat >"$T/rule.yaml" <<'Y'
id: junit-demo
name: JUnit demo rule
severity: Low
queryFrequency: 1h
queryPeriod: 1h
tactics: [DefenseEvasion]
relevantTechniques: [T1535]
query: |
  AWSCloudTrail
  | where AWSRegion == "ap-southeast-1"
  | project TimeGenerated, AwsEventId, OperationNameValue = EventName, ResourceLocation = AWSRegion
Y
cat >"$T/cases.yaml" <<'Y'
name: passes
rule: rule.yaml
now: 2026-03-02T15:00:00Z
events:
  - eventVersion: "1.10"
    userIdentity: {type: IAMUser, arn: "arn:aws:iam::111122223333:user/ci", accountId: "111122223333", userName: ci}
    eventTime: 2026-03-02T14:07:12Z
    eventSource: ec2.amazonaws.com
    eventName: RunInstances
    awsRegion: ap-southeast-1
    sourceIPAddress: 203.0.113.45
    userAgent: aws-cli/2.15.30
    requestParameters: {instanceType: t3.micro}
    responseElements: null
    requestID: req-1
    eventID: 6f1c0e2a-0001-4000-8000-000000000001
    eventType: AwsApiCall
    recipientAccountId: "111122223333"
expect:
  alerts: 1
  match:
    - AwsEventId: 6f1c0e2a-0001-4000-8000-000000000001
---
name: fails <&"'> escaped
rule: rule.yaml
now: 2026-03-02T15:00:00Z
events:
  - eventVersion: "1.10"
    userIdentity: {type: IAMUser, arn: "arn:aws:iam::111122223333:user/ci", accountId: "111122223333", userName: ci}
    eventTime: 2026-03-02T14:07:12Z
    eventSource: ec2.amazonaws.com
    eventName: RunInstances
    awsRegion: ap-southeast-1
    sourceIPAddress: 203.0.113.45
    userAgent: aws-cli/2.15.30
    requestParameters: {instanceType: t3.micro}
    responseElements: null
    requestID: req-1
    eventID: 6f1c0e2a-0001-4000-8000-000000000001
    eventType: AwsApiCall
    recipientAccountId: "111122223333"
expect:
  alerts: 0
  match:
    - ResourceLocation: "<sa-east-1 & \"more\">"
---
name: cannot run
rule: no-such-rule-id
now: 2026-03-02T15:00:00Z
events:
  - eventVersion: "1.10"
    userIdentity: {type: IAMUser, arn: "arn:aws:iam::111122223333:user/ci", accountId: "111122223333", userName: ci}
    eventTime: 2026-03-02T14:07:12Z
    eventSource: ec2.amazonaws.com
    eventName: RunInstances
    awsRegion: ap-southeast-1
    sourceIPAddress: 203.0.113.45
    userAgent: aws-cli/2.15.30
    requestParameters: {instanceType: t3.micro}
    responseElements: null
    requestID: req-1
    eventID: 6f1c0e2a-0001-4000-8000-000000000001
    eventType: AwsApiCall
    recipientAccountId: "111122223333"
expect: {alerts: 0}
Y
out=$("$TRAWL" test --junit "$T/j.xml" "$T/cases.yaml" 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(tail -1 <<<"$out")" = "1 passed, 2 failed" ] &&
   grep -q '^PASS passes$' <<<"$out" && grep -q '^FAIL fails <&"'"'"'> escaped' <<<"$out"; then
  echo "ok test_console_summary"
else
  echo "FAIL test_console_summary: exit $rc; $(tr '\n' '|' <<<"$out" | cut -c1-300)"
fi
res=$(python3 - "$T/j.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception as e:
    print("does not parse: %s" % e); sys.exit()
p = []
if root.tag != "testsuites": p.append("root " + root.tag)
suites = root.findall("testsuite")
cases = [c for s in suites for c in s.findall("testcase")]
if len(suites) != 1 or len(cases) != 3: p.append("%d suites %d cases" % (len(suites), len(cases)))
names = [c.get("name") for c in cases]
if names != ["passes", "fails <&\"'> escaped", "cannot run"]: p.append("names %s" % names)
if cases and (cases[0].find("failure") is not None or cases[0].find("error") is not None): p.append("pass has failure")
f = cases[1].find("failure") if len(cases) > 1 else None
if f is None or "<sa-east-1 & \"more\">" not in (f.text or "") or not f.get("message"): p.append("failure text")
e = cases[2].find("error") if len(cases) > 2 else None
if e is None or "no-such-rule-id" not in (e.text or ""): p.append("error element")
s = suites[0] if suites else None
if s is None or s.get("tests") != "3" or s.get("failures") != "1" or s.get("errors") != "1": p.append("suite counts")
for c in cases:
    float(c.get("time")); c.get("classname") or p.append("classname")
print("; ".join(p) if p else "valid")
PY
)
if [ "$res" = valid ]; then echo "ok junit_parses"; else echo "FAIL junit_parses: $res"; fi
if command -v xmllint >/dev/null; then
  if xmllint --noout "$T/j.xml" 2>/dev/null; then echo "ok junit_xmllint"; else echo "FAIL junit_xmllint: not well-formed"; fi
fi

"$TRAWL" test "$T/none.yaml" >/dev/null 2>&1; rc1=$?
"$TRAWL" test >/dev/null 2>&1; rc2=$?
"$TRAWL" test --bogus "$T/cases.yaml" >/dev/null 2>&1; rc3=$?
if [ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ]; then echo "ok test_usage_errors_exit_2"; else echo "FAIL test_usage_errors_exit_2: $rc1 $rc2 $rc3"; fi
