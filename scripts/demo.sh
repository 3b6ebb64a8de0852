#!/bin/sh
# The main job on a fresh machine, offline: installs dependencies, builds, starts the simulated
# government web (tests/web) on loopback, crawls the demo province into ./demo-archive through it,
# and prints what was archived.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
./scripts/build.sh
store=${NIANBAO_DEMO_STORE:-./demo-archive}
portfile=$(mktemp)
python3 tests/web/server.py --port 0 --port-file "$portfile" >/tmp/nianbao-demo-web.log 2>&1 &
web=$!
trap 'kill $web 2>/dev/null || true; rm -f "$portfile"' EXIT INT TERM
for _ in $(seq 1 50); do [ -s "$portfile" ] && break; sleep 0.1; done
port=$(cat "$portfile")
[ -n "$port" ] || { echo "demo: the test web did not start (see /tmp/nianbao-demo-web.log)" >&2; exit 1; }
echo "demo: simulated government web on 127.0.0.1:$port"
./build/app/nianbao crawl --province demo --store "$store" --connect-to "::127.0.0.1:$port" --delay 100
./build/app/nianbao list --store "$store"
./build/app/nianbao export --store "$store" --format csv --out "$store.csv"
echo "demo: archive in $store, CSV export in $store.csv"
