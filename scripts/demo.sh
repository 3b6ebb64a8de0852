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
weblog=$(mktemp)
python3 tests/web/testweb.py --port 0 --fast >"$portfile" 2>"$weblog" &
web=$!
trap 'kill $web 2>/dev/null || true; rm -f "$portfile" "$weblog"' EXIT INT TERM
for _ in $(seq 1 100); do grep -q '^PORT ' "$portfile" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^PORT //p' "$portfile" | head -n 1)
[ -n "$port" ] || { echo "demo: the test web did not start:" >&2; cat "$weblog" >&2; exit 1; }
echo "demo: simulated government web on 127.0.0.1:$port"
./build/app/nianbao crawl --province demo --seeds-dir seeds --store "$store" --connect-to "::127.0.0.1:$port" --delay 100
./build/app/nianbao list --store "$store"
./build/app/nianbao export --store "$store" --format csv --out "$store.csv"
echo "demo: archive in $store, CSV export in $store.csv"
