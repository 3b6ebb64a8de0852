#!/usr/bin/env bash
# Soak run of the daemon: N minutes against the test web with faults on, sampling the daemon's RSS.
#
#   bench/soak.sh [MINUTES=30] [BUILD_DIR=build]      → prints RSS at start and end, writes soak-*.csv
#
# Faults: the test web's own (a list answering 503 twice, a connection reset, an HTTP 412 anti-bot
# challenge, a 21 MB page cut at the size limit, a slow host), plus, every 20 s, one of: a report
# edited and edited back, a report removed and restored, the view counter toggled, and the daemon's
# HTTP endpoint and CLI forwarding exercised (/metrics, /status, /changes, `nianbao list`). The
# schedule is seconds (discovery 20 s, re-check 5 s) so months of daemon life pass in minutes.
# "Flat memory": RSS after the first crawl round should not grow with time (see bench/soak-notes.md).
set -euo pipefail
MINUTES=${1:-30}
BUILD=${2:-build}
HERE=$(cd "$(dirname "$0")/.." && pwd)
BIN=$HERE/$BUILD/app/nianbao
WORK=$(mktemp -d /tmp/nianbao-soak-XXXXXX)
trap 'kill $DAEMON $WEB 2>/dev/null || true; wait 2>/dev/null || true' EXIT

mkdir -p "$WORK/seeds"
cp "$HERE/seeds/demo.toml" "$WORK/seeds/"
python3 "$HERE/tests/web/testweb.py" --port 0 --crawl-delay 0.1 > "$WORK/web.out" 2>"$WORK/web.err" &
WEB=$!
for _ in $(seq 50); do grep -q PORT "$WORK/web.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/PORT/ {print $2}' "$WORK/web.out")
cat > "$WORK/daemon.toml" <<TOML
[schedule]
discovery_interval = "20s"
season_discovery_interval = "20s"
recheck_interval = "5s"
season_recheck_interval = "5s"
error_retry = "5s"
[backoff]
base = "10s"
max = "60s"
[crawl]
delay_ms = 20
max_depth = 6
connect_to = ["::127.0.0.1:$PORT"]
[http]
listen = "127.0.0.1:0"
TOML
"$BIN" daemon --seeds "$WORK/seeds" --store "$WORK/store" --config "$WORK/daemon.toml" 2> "$WORK/daemon.log" &
DAEMON=$!
for _ in $(seq 100); do [ -f "$WORK/store/daemon.endpoint" ] && break; sleep 0.1; done
ADDR=$(cut -d' ' -f1 "$WORK/store/daemon.endpoint")
ctl() { curl -s -o /dev/null "http://127.0.0.1:$PORT/_control/$1" || true; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$DAEMON/status"; }

CSV=$HERE/bench/soak-$(date +%Y%m%d-%H%M%S).csv
echo "elapsed_s,rss_kb,pages,versions,store_memory_kb" > "$CSV"
START=$(date +%s)
END=$((START + MINUTES * 60))
i=0
while [ "$(date +%s)" -lt "$END" ]; do
  kill -0 $DAEMON || { echo "daemon died"; tail -20 "$WORK/daemon.log"; exit 1; }
  case $((i % 6)) in
    0) ctl "edit?report=luocheng-2022&find=3916&replace=3917" ;;
    1) ctl "reset" ;;
    2) ctl "remove?report=chengguan-2021" ;;
    3) ctl "restore?report=chengguan-2021" ;;
    4) ctl "counter?on=1" ;;
    5) ctl "counter?on=0" ;;
  esac
  M=$(curl -s "http://$ADDR/metrics")
  curl -s -o /dev/null "http://$ADDR/status"; curl -s -o /dev/null "http://$ADDR/changes"
  "$BIN" list --store "$WORK/store" > /dev/null
  PAGES=$(echo "$M" | awk '/^nianbao_pages_fetched_total/ {s += $2} END {print s + 0}')
  VERS=$(echo "$M" | awk '/^nianbao_versions_written_total/ {print $2}')
  STORE_KB=$(echo "$M" | awk '/^nianbao_store_memory_bytes/ {print int($2 / 1024)}')
  echo "$(( $(date +%s) - START )),$(rss),$PAGES,$VERS,$STORE_KB" >> "$CSV"
  i=$((i + 1))
  sleep 20
done
kill -TERM $DAEMON
wait $DAEMON && echo "daemon exited 0 on SIGTERM"
echo "RSS start (first sample after the first crawl round, ~20 s): $(sed -n 3p "$CSV" | cut -d, -f2) kB"
echo "RSS end: $(tail -1 "$CSV" | cut -d, -f2) kB   samples: $CSV   errors logged: $(grep -c '"level":"error"' "$WORK/daemon.log" || true)"
rm -rf "$WORK"
