#!/usr/bin/env bash
# build.sh - install what trawl needs (as root, with apt), build it, and run
# the demo hunt on the bundled sample logs.
#
#   ./build.sh            build, then demo
#   ./build.sh --no-demo  build only
set -eu
cd "$(dirname "$0")"

# Debian packages: compiler, gzip (ISA-L igzip and zlib), PCRE2, libyaml.
pkgs="build-essential libisal-dev zlib1g-dev libpcre2-dev libyaml-dev"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "missing Debian packages:$missing" >&2
    echo "run as root, or: sudo apt-get install$missing" >&2
    exit 1
  fi
fi

B=${BUILD:-build}
make -s -j"$(nproc 2>/dev/null || echo 2)" BUILD="$B"
echo "built $B/trawl"

if [ "${1:-}" != "--no-demo" ]; then
  # The demo: simulated telemetry of the T1535 atomic tests in the clouds'
  # own delivery formats (CloudTrail .json.gz objects in an S3-style tree,
  # Azure Activity PT1H.json exports), then the hunt a responder would run.
  rm -rf "$B"/demo
  "$B"/trawl simulate t1535 --out "$B"/demo
  echo
  echo "$ trawl hunt build/demo/AWSLogs build/demo/insights-activity-logs"
  "$B"/trawl hunt --no-config --format table \
    "$B"/demo/AWSLogs "$B"/demo/insights-activity-logs || true
  echo
  echo "next: tests/run (the test suite), trawl --help, docs/trawl.1"
fi
