#!/usr/bin/env bash
# tests/hunt/false_positives.sh - each false positive the seed's tuning
# section lists raises trawl's alert without configuration and is silenced
# by the configuration made for it (tests/data/hunt/fp/*.yaml).
set -u
source "$(dirname "$0")/lib.inc"
F=$D/fp
NOW=2026-12-02T12:00:00Z

for s in dr devqa iac msp expansion; do
  hunt $s.raw --now $NOW --format jsonl "$F/$s"
  check fp_${s}_alerts_unconfigured "exit $rc, no alert without config" [ "$rc" = 1 ]
done

# cfg NAME CONFIG: hunt the scenario with a config file.
cfg() { "$TRAWL" hunt --config "$F/$2.yaml" --now $NOW --format jsonl "$F/$1" >"$tmp/$2.out" 2>"$tmp/$2.err"; rc=$?; }

cfg dr dr   # disaster-recovery failover window with an end date
check fp_dr_window "exit $rc: $(head -c 300 "$tmp/dr.out")" [ "$rc" = 0 ]
check fp_dr_counted "suppressions not in the summary" grep -q '1 suppressed by the config' "$tmp/dr.err"
cfg dr dr-expired   # the same window, over before the activity
check fp_dr_window_expired "exit $rc: an expired DR window silenced the alert" [ "$rc" = 1 ]
cfg devqa devqa   # QA account approved for ap-northeast-1; production is not
check fp_devqa_account "exit $rc" [ "$rc" = 1 ]
check fp_devqa_only_prod "the QA account still alerts or prod is silenced" \
  [ "$(grep -c 444455556666 "$tmp/devqa.out")" = 0 ] && [ "$(grep -c '"AwsEventId": "33333333-0000-4000-8000-000000000003"' "$tmp/devqa.out")" = 1 ]
cfg iac iac   # Terraform pipeline role
check fp_iac_pipeline "exit $rc" [ "$rc" = 0 ]
cfg msp msp   # managed-service provider (Azure)
check fp_msp_provider "exit $rc" [ "$rc" = 0 ]
cfg expansion expansion   # approved list updated for the new region
check fp_expansion_approved "exit $rc" [ "$rc" = 0 ]
# The seed rule has no per-account let: the same approval applies to its
# alerts after the run (docs/config.md).
"$TRAWL" hunt --only t1535-seed --config "$F/devqa.yaml" --now $NOW --format jsonl "$F/devqa" >"$tmp/seed.out" 2>"$tmp/seed.err"
check fp_devqa_seed_postfilter "$(grep -c . "$tmp/seed.out") seed alerts" \
  [ "$(grep -c 444455556666 "$tmp/seed.out")" = 0 ] && [ "$(grep -c 111122223333 "$tmp/seed.out")" = 1 ]
exit $failed
