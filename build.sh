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

make -s -j"$(nproc 2>/dev/null || echo 2)"
echo "built build/trawl"

if [ "${1:-}" != "--no-demo" ] && [ -d examples/logs ]; then
  echo
  echo "demo: trawl hunt examples/logs"
  build/trawl hunt examples/logs || true
fi
