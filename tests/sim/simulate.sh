#!/usr/bin/env bash
# tests/sim/simulate.sh - `trawl simulate t1535`: deterministic bytes, the
# real S3 / storage-export layouts, valid JSON everywhere, a manifest that
# names every attack, option errors, and --size scaling.
set -u
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

"$TRAWL" simulate t1535 --out "$T/a" --seed 7 2>"$T/err.a" && \
"$TRAWL" simulate t1535 --out "$T/b" --seed 7 2>"$T/err.b"
if diff -r "$T/a" "$T/b" >/dev/null; then ok same_seed_same_bytes; else fail same_seed_same_bytes "two runs differ"; fi
"$TRAWL" simulate t1535 --out "$T/c" --seed 8 2>/dev/null
if ! diff -r "$T/a" "$T/c" >/dev/null 2>&1; then ok other_seed_other_bytes; else fail other_seed_other_bytes "seed ignored"; fi

if grep -q 'trawl simulate: wrote .* log files' "$T/err.a" && [ "$(wc -l <"$T/err.a")" -eq 1 ]; then
  ok one_line_summary
else
  fail one_line_summary "$(head -c 200 "$T/err.a")"
fi

n_ct=$(find "$T/a/AWSLogs" -path '*/CloudTrail/*' -name '*.json.gz' | wc -l)
bad_ct=$(find "$T/a/AWSLogs" -path '*/CloudTrail/*' -name '*.json.gz' |
  grep -Ev '/AWSLogs/([0-9]{12})/CloudTrail/([a-z0-9-]+)/[0-9]{4}/[0-9]{2}/[0-9]{2}/\1_CloudTrail_\2_[0-9]{8}T[0-9]{4}Z_[A-Za-z0-9]{16}\.json\.gz$' | head -3)
if [ "$n_ct" -gt 10 ] && [ -z "$bad_ct" ]; then ok cloudtrail_key_layout; else fail cloudtrail_key_layout "$n_ct files; bad: $bad_ct"; fi
n_dg=$(find "$T/a/AWSLogs" -path '*/CloudTrail-Digest/*' -name '*_CloudTrail-Digest_*.json.gz' | wc -l)
if [ "$n_dg" -ge 1 ]; then ok digest_files; else fail digest_files "none"; fi
n_az=$(find "$T/a/insights-activity-logs" -name PT1H.json | wc -l)
bad_az=$(find "$T/a/insights-activity-logs" -name PT1H.json |
  grep -Ev '/insights-activity-logs/resourceId=/SUBSCRIPTIONS/[0-9A-F-]{36}/y=[0-9]{4}/m=[0-9]{2}/d=[0-9]{2}/h=[0-9]{2}/m=00/PT1H\.json$' | head -3)
if [ "$n_az" -ge 24 ] && [ -z "$bad_az" ]; then ok azure_blob_layout; else fail azure_blob_layout "$n_az blobs; bad: $bad_az"; fi

# gzip header: no file name flag, zero mtime.
f=$(find "$T/a/AWSLogs" -name '*.json.gz' | sort | head -1)
hdr=$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')
if [ "${hdr:0:6}" = 1f8b08 ] && [ "${hdr:6:2}" = 00 ] && [ "${hdr:8:8}" = 00000000 ]; then
  ok gzip_header_deterministic
else
  fail gzip_header_deterministic "header $hdr"
fi

if command -v python3 >/dev/null; then
  out=$(python3 - "$T/a" <<'PY'
import gzip, json, os, sys
root = sys.argv[1]
ids, corr, problems = set(), set(), []
insights = 0
names, types, regions_ok = set(), set(), True
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        if f.endswith(".json.gz"):
            doc = json.loads(gzip.open(p).read())
            if "/CloudTrail-Digest/" in p:
                if "Records" in doc or "digestS3Object" not in doc:
                    problems.append("digest shape " + p)
                continue
            if "/CloudTrail-Insight/" in p:
                if not all(r["eventType"] == "AwsCloudTrailInsight" and "userIdentity" not in r for r in doc["Records"]):
                    problems.append("insight shape " + p)
                insights += 1
                continue
            if list(doc) != ["Records"]:
                problems.append("not {Records} " + p)
            region = p.split("/CloudTrail/")[1].split("/")[0]
            for r in doc["Records"]:
                ids.add(r["eventID"]); names.add(r["eventName"]); types.add(r["userIdentity"]["type"])
                if r["awsRegion"] != region: problems.append("region folder " + p)
                for k in ("eventVersion", "eventTime", "eventSource", "awsRegion", "sourceIPAddress", "eventType", "recipientAccountId"):
                    if k not in r: problems.append("missing %s in %s" % (k, r["eventName"]))
                if r["eventName"] == "RunInstances" and "errorCode" not in r:
                    rp = r["requestParameters"]
                    if "instanceType" not in rp or "imageId" not in rp["instancesSet"]["items"][0] or "maxCount" not in rp["instancesSet"]["items"][0]:
                        problems.append("RunInstances params")
        elif f == "PT1H.json":
            for line in open(p):
                r = json.loads(line)
                corr.add(r["correlationId"])
                body = r["properties"].get("requestbody")
                if body is not None and not isinstance(body, str): problems.append("requestbody not a string")
man = [json.loads(l) for l in open(os.path.join(root, "manifest.jsonl"))]
for m in man:
    if (m["id"] not in ids) if m["cloud"] == "aws" else (m["id"] not in corr):
        problems.append("manifest id not in logs: " + m["id"])
attacks = sorted(m["event"] for m in man if m["alert"])
want = sorted(["RunInstances", "CreateBucket", "CreateUser", "CreateAccessKey", "Microsoft.Resources/subscriptions/resourceGroups/write"])
if attacks != want: problems.append("attacks %s" % attacks)
if insights < 1: problems.append("no CloudTrail-Insight object")
if not {"IAMUser", "AssumedRole", "AWSService", "Root"} <= types: problems.append("identity types %s" % types)
for n in ("ConsoleLogin", "DescribeInstances", "ListBuckets", "GetCallerIdentity", "ListUsers"):
    if n not in names: problems.append("no " + n)
print("; ".join(problems[:5]) if problems else "clean")
PY
)
  if [ "$out" = clean ]; then ok json_shapes_and_manifest; else fail json_shapes_and_manifest "$out"; fi
else
  echo "skip json_shapes_and_manifest: python3 not installed"
fi

"$TRAWL" simulate t1535 --out "$T/x" --size lots >/dev/null 2>&1; rc1=$?
"$TRAWL" simulate nosuch --out "$T/x" >/dev/null 2>&1; rc2=$?
"$TRAWL" simulate t1535 --out "$T/x" --start yesterday >/dev/null 2>&1; rc3=$?
if [ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ]; then ok bad_options_exit_2; else fail bad_options_exit_2 "exits $rc1 $rc2 $rc3"; fi

"$TRAWL" simulate t1535 --out "$T/s" --size 12M --accounts 1 --days 2 --start 2025-11-10T00:00:00Z 2>/dev/null
bytes=$(find "$T/s" \( -name '*.json.gz' -path '*/CloudTrail/*' \) -exec gzip -dc {} + | wc -c)
az=$(find "$T/s" -name PT1H.json -exec cat {} + | wc -c)
total=$((bytes + az))
if [ $total -gt 10000000 ] && [ $total -lt 15000000 ] && [ -d "$T/s/AWSLogs" ] &&
   find "$T/s/AWSLogs" -path '*/2025/11/11/*' | grep -q . && grep -q '"time":"2025-11-11T14:07:12Z"' "$T/s/manifest.jsonl"; then
  ok size_days_start
else
  fail size_days_start "total $total bytes"
fi

out=$("$TRAWL" simulate t1535 --out "$T/a" --seed 7 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "is not empty" <<<"$out" && diff -r "$T/a" "$T/b" >/dev/null; then
  ok refuses_non_empty_folder
else
  fail refuses_non_empty_folder "exit $rc: $out"
fi

# The shipped snapshot (tests/cases/.../data/attack-hour) is the default
# run's output, byte for byte: a golden check of determinism across
# builds. After an intended simulator change, refresh it by copying the
# same paths from a new `trawl simulate t1535 --out DIR` run.
snap=$(cd "$(dirname "$0")/../cases/t1535-unused-regions/data/attack-hour" && pwd)
"$TRAWL" simulate t1535 --out "$T/golden" 2>/dev/null
stale=$(cd "$snap" && find . -type f | sort | while read -r f; do cmp -s "$f" "$T/golden/$f" || echo "$f"; done)
if [ -z "$stale" ]; then ok golden_attack_hour_snapshot; else fail golden_attack_hour_snapshot "differs: $(head -c 200 <<<"$stale")"; fi
