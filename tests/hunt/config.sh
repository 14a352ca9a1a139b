#!/usr/bin/env bash
# tests/hunt/config.sh - configuration errors and `trawl init`.
set -u
source "$(dirname "$0")/lib.inc"

printf 'approved_regions:\n  aws: [us-east1]\n' >"$tmp/bad.yaml"
"$TRAWL" hunt --config "$tmp/bad.yaml" --now 2026-12-03T12:00:00Z "$D/aws" >"$tmp/o" 2>"$tmp/e"
rc=$?
check config_bad_region "exit $rc" [ "$rc" = 2 ]
check config_suggests "no suggestion: $(cat "$tmp/e")" \
  grep -qF "bad.yaml:2:9: unknown AWS region 'us-east1' (did you mean 'us-east-1'?)" "$tmp/e"
printf 'approved_regions:\n  azure: [eastus, west-europe]\n' >"$tmp/bad2.yaml"
"$TRAWL" hunt --config "$tmp/bad2.yaml" --now 2026-12-03T12:00:00Z "$D/aws" >"$tmp/o" 2>"$tmp/e"
check config_suggests_azure "$(cat "$tmp/e")" grep -qF "did you mean 'westeurope'?" "$tmp/e"
printf 'rules:\n  enable: [no-such-rule]\n' >"$tmp/bad3.yaml"
"$TRAWL" hunt --config "$tmp/bad3.yaml" --now 2026-12-03T12:00:00Z "$D/aws" >"$tmp/o" 2>"$tmp/e"
check config_unknown_rule "exit $?" grep -q "no-such-rule" "$tmp/e"
"$TRAWL" hunt --config "$tmp/missing.yaml" "$D/aws" >"$tmp/o" 2>"$tmp/e"
check config_missing "exit $?" grep -q "missing.yaml" "$tmp/e"

# init writes a commented config that hunt accepts; it keeps an existing one.
(cd "$tmp" && "$TRAWL" init >/dev/null 2>&1)
check init_writes "no trawl.yaml" [ -s "$tmp/trawl.yaml" ]
check init_commented "not commented" grep -q '^# ' "$tmp/trawl.yaml"
(cd "$tmp" && "$TRAWL" init >/dev/null 2>&1)
check init_keeps_existing "second init did not fail" [ $? != 0 ]
(cd "$tmp" && "$TRAWL" hunt --now 2026-12-03T12:00:00Z --format jsonl "$D/aws" >o 2>e)
rc=$?
check init_config_used "exit $rc: $(head -3 "$tmp/e")" [ "$rc" = 1 ] && grep -q 'using the configuration in ./trawl.yaml' "$tmp/e"
"$TRAWL" init - | grep -q approved_regions
check init_stdout "init - prints nothing" [ $? = 0 ]
"$TRAWL" hunt --now yesterday "$D/aws" >/dev/null 2>"$tmp/e"
check bad_now "exit $?" grep -q 'not an ISO 8601 time' "$tmp/e"
"$TRAWL" hunt --no-config >/dev/null 2>"$tmp/e"
check no_input "no input accepted" grep -q 'no input' "$tmp/e"
# --set values of the approved-region lets are checked too.
"$TRAWL" hunt --no-config --now 2026-12-03T12:00:00Z --set 'ApprovedAWSRegions=dynamic(["us-east-1","us-east1"])' "$D/aws" >/dev/null 2>"$tmp/e"
rc=$?
check set_bad_region "exit $rc: $(cat "$tmp/e")" [ "$rc" = 2 ] && \
  grep -qF "unknown AWS region 'us-east1' (did you mean 'us-east-1'?)" "$tmp/e"
"$TRAWL" hunt --no-config --now 2026-12-03T12:00:00Z --set "ApprovedAzureRegions=dynamic(['West Europe','west-europe'])" "$D/aws" >/dev/null 2>"$tmp/e"
check set_display_name "$(cat "$tmp/e")" grep -qF "write region 'West Europe' as its code 'westeurope'" "$tmp/e"
"$TRAWL" hunt --no-config --now 2026-12-03T12:00:00Z --set "ApprovedAzureRegions=dynamic(['westeurope','west-europe'])" "$D/aws" >/dev/null 2>"$tmp/e"
check set_bad_azure_region "$(cat "$tmp/e")" grep -qF "'west-europe' (did you mean 'westeurope'?)" "$tmp/e"
# Exit bits: unreadable input alone is 2|4; with alerts from the rest 1|4.
"$TRAWL" hunt --no-config "$tmp/nonexistent" >/dev/null 2>&1
check exit_nothing_readable "exit $?" [ $? = 6 ]
"$TRAWL" hunt --no-config --now 2026-12-03T12:00:00Z "$tmp/nonexistent" "$D/aws" >/dev/null 2>&1
check exit_alerts_and_skipped "exit $?" [ $? = 5 ]
# stdin
cat "$D"/aws/*.json | "$TRAWL" hunt --no-config --now 2026-12-03T12:00:00Z --format jsonl - >"$tmp/stdin" 2>/dev/null
check stdin_input "$(grep -c . "$tmp/stdin") alerts from stdin" [ "$(grep -c '^{"rule"' "$tmp/stdin")" = 5 ]
exit $failed
