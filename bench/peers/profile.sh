#!/usr/bin/env bash
# Profile `nianbao crawl` on a smaller copy of the compare.sh web (issue 7, step 3).
#   bench/peers/profile.sh [--hosts 40] [--pages 150] [--build DIR] [--callgrind-hosts 6]
# 1. perf record -e cpu-clock (software clock sampling: this VM has no hardware counters) of the
#    whole crawl, flat self-time by DSO and symbol (the Release build has no frame pointers).
# 2. callgrind of the same crawl on a few hosts: instruction counts, inclusive per function.
# Writes to bench/peers/.cache/profile/ and prints the top of each report.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PEERS=$ROOT/bench/peers
HOSTS=40 PAGES=150 CG_HOSTS=6 BUILD=$ROOT/build-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;; --pages) PAGES=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;; --callgrind-hosts) CG_HOSTS=$2; shift 2 ;;
    *) echo "profile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
NB=$BUILD/app/nianbao
OUT=$PEERS/.cache/profile
rm -rf "$OUT"; mkdir -p "$OUT"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
NGINX_PID=""
trap '[ -n "$NGINX_PID" ] && kill -QUIT $NGINX_PID 2>/dev/null; wait' EXIT

serve() {   # serve WEB TAG → PORT in $PORT, nginx running
  local web=$1 run=$OUT/$2
  mkdir -p "$run/nginx"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  sed -e "s#@WEB@#$web#g; s#@RUN@#$run/nginx#g; s#@LOG@#$run/access.log#g; s#@PORT@#$PORT#g" \
    "$PEERS/nginx.conf.in" > "$run/nginx/nginx.conf"
  "$NGINX" -p "$run/nginx" -c "$run/nginx/nginx.conf" &
  NGINX_PID=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
unserve() { kill -QUIT "$NGINX_PID"; wait "$NGINX_PID"; NGINX_PID=""; }
crawl_args() {   # crawl_args WEB STORE
  echo crawl --seeds "$1/seeds.toml" --store "$2" --connect-to "::127.0.0.1:$PORT" --per-host 2 --delay 0 \
    --concurrency 32 --max-pages $((PAGES * 2))
}

WEB=$PEERS/.cache/web-$HOSTS-$PAGES-30
python3 "$PEERS/gen_web.py" "$WEB" --hosts "$HOSTS" --pages "$PAGES"
echo "load: $(uptime)"
if perf stat -e cpu-clock true >/dev/null 2>&1; then
  serve "$WEB" perf
  perf record -e cpu-clock -F 999 -o "$OUT/perf.data" -- $NB $(crawl_args "$WEB" "$OUT/perf/store") \
    > "$OUT/perf/crawl.out" 2>&1
  unserve
  tail -3 "$OUT/perf/crawl.out"
  echo "--- perf: self time by DSO"
  perf report -i "$OUT/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
  echo "--- perf: self time by symbol (top 30)"
  perf report -i "$OUT/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30
  echo "--- perf: by thread"
  perf report -i "$OUT/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
else
  echo "perf cannot sample here: skipping perf"
fi
if command -v valgrind >/dev/null; then
  CG=$PEERS/.cache/web-$CG_HOSTS-$PAGES-30
  python3 "$PEERS/gen_web.py" "$CG" --hosts "$CG_HOSTS" --pages "$PAGES"
  serve "$CG" callgrind
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" --separate-threads=no \
    $NB $(crawl_args "$CG" "$OUT/callgrind/store") > "$OUT/callgrind/crawl.out" 2>&1
  unserve
  echo "--- callgrind ($CG_HOSTS hosts × $PAGES pages): inclusive"
  callgrind_annotate --inclusive=yes "$OUT/callgrind.out" 2>/dev/null | sed -n '1,60p' | cut -c1-200
  echo "--- callgrind: self"
  callgrind_annotate "$OUT/callgrind.out" 2>/dev/null | sed -n '1,45p' | cut -c1-200
fi
