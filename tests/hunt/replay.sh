#!/usr/bin/env bash
# tests/hunt/replay.sh - without --now, hunt replays each rule at every
# multiple of its queryFrequency across the input's span: alerts are the
# same as one run covering everything, de-duplicated, and each names the
# first window that raised it.
set -u
source "$(dirname "$0")/lib.inc"

hunt replay --format jsonl "$D/aws" "$D/azure"
check replay_exit "exit $rc, want 1" [ "$rc" = 1 ]
check replay_count "$(nalerts replay) alerts, want 8 (each once)" [ "$(nalerts replay)" = 8 ]
# RunInstances at 10:05 is first seen by the 11:00 run (queryFrequency 1h,
# queryPeriod 1d): window 2026-12-02T11:00 .. 2026-12-03T11:00.
check first_window "RunInstances alert does not name the 11:00 window" \
  grep -qF '"window": {"start": "2026-12-02T11:00:00Z", "end": "2026-12-03T11:00:00Z"}, "row": {"TimeGenerated": "2026-12-03T10:05:00Z"' "$tmp/replay"
# The az-cli event at exactly 11:00:00 belongs to the 11:00 run (rows with
# TimeGenerated <= now()).
check window_edge "the 11:00:00 event is not in the 11:00 window" \
  grep -F '"EventDataId": "dddddddd-0000-4000-8000-000000000001"' "$tmp/replay" | grep -qF '"end": "2026-12-03T11:00:00Z"'
check replay_runs "summary does not count the runs" grep -qE 'scheduled runs' "$tmp/replay.err"

# A single run whose window ends before the activity sees nothing.
hunt early --now 2026-12-03T09:00:00Z --format jsonl "$D/aws" "$D/azure"
check now_before_events "exit $rc, $(nalerts early) alerts before the events" [ "$rc" = 0 ] && [ "$(nalerts early)" = 0 ]
# ... and one more than a day later sees nothing either (queryPeriod 1d).
hunt late --now 2026-12-04T12:00:00Z --format jsonl "$D/aws" "$D/azure"
check now_after_period "$(nalerts late) alerts a day later" [ "$(nalerts late)" = 0 ]
exit $failed
