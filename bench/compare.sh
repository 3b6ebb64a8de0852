#!/usr/bin/env bash
# nianbao against the crawlers and extractors people use instead, on one loopback web, in one run
# (issue 7). Prints markdown tables; bench/RESULTS.md quotes them.
#
#   bench/compare.sh [--hosts 300] [--pages 150] [--page-kb 30] [--per-host 2] [--concurrency 32]
#                    [--repeat 1] [--only nianbao,nianbao-proxy,wget2,scrapy,crawlee] [--no-crawl] [--no-extract]
#                    [--time-cap SECONDS] [--build DIR] [--out DIR] [--no-install]
#
# 1. Generates the web (bench/peers/gen_web.py: HOSTS × PAGES government-style pages of ~30 KB,
#    every fifth host in GBK, robots.txt on each host disallowing /private/, links within the host
#    plus one to another host), cached in bench/peers/.cache/web-H-P-K.
# 2. For each crawler and run: starts nginx (Debian's, non-daemon, bench/peers/nginx.conf.in: one
#    catch-all server whose root is www/$host) on a free loopback port with a fresh access log,
#    crawls under /usr/bin/time -v, stops nginx, counts from the access log.
#    nianbao reaches nginx with --connect-to ::127.0.0.1:PORT, and again ("nianbao-proxy") with
#    --proxy; wget2, Scrapy and Crawlee through their HTTP-proxy settings pointed at the same nginx
#    (nginx answers absolute-URI requests itself, taking the host from the URI: no proxy hop, no DNS).
#    Same politeness and scope for all: PER_HOST connections per host (where the peer has such a
#    limit: nianbao, Scrapy; wget2 and Crawlee only have a total), CONCURRENCY in all, no delay,
#    robots.txt obeyed, links on the start URL's host only, HTML pages only.
#    --time-cap T stops a crawler after T seconds of wall time (SIGINT, as a user's Ctrl-C; the
#    table marks it "capped"): its pages/s is then the rate over those T seconds, and "distinct /
#    in scope" shows how far it got. Without it every crawler crawls the whole web.
# 3. Extraction: nianbao vs Mozilla Readability (jsdom and linkedom) and readability-lxml on
#    ../shared/extraction-dev/original (69 real pages; else 60 generated pages), MB/s and MB per
#    CPU-second, and char-F1 against ../shared/extraction-dev/cleaned (bench/peers/charf1.py, the
#    definition of tests/extractor/f1.h).
# Peers missing are installed (apt-get for Debian packages when root, npm into
# bench/peers/.cache/node); a peer that still cannot run is printed as skipped with the reason.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=$ROOT/bench/peers
CACHE=$PEERS/.cache
HOSTS=300 PAGES=150 PAGE_KB=30 PER_HOST=2 CONC=32 REPEAT=1 ONLY=nianbao,nianbao-proxy,wget2,scrapy,crawlee
DO_CRAWL=1 DO_EXTRACT=1 INSTALL=1 TIME_CAP=0
BUILD=$ROOT/build-bench
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --pages) PAGES=$2; shift 2 ;;
    --page-kb) PAGE_KB=$2; shift 2 ;;
    --per-host) PER_HOST=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --time-cap) TIME_CAP=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --no-crawl) DO_CRAWL=0; shift ;;
    --no-extract) DO_EXTRACT=0; shift ;;
    --no-install) INSTALL=0; shift ;;
    --build) BUILD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$CACHE/runs/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/crawl" "$OUT/extract"
OUT=$(cd "$OUT" && pwd)   # absolute paths: nginx -p needs them, and each crawler runs in its run dir
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
: > "$OUT/skipped.txt"
SYSPY=/usr/bin/python3          # Debian's python: python3-scrapy and python3-readability live there
NODE_DIR=$CACHE/node
declare -A SKIP=()
skip() { SKIP[$1]=$2; printf '%s\t%s\n' "$1" "$2" >> "$OUT/skipped.txt"; echo "SKIPPED $1: $2"; }
want() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { echo "== $*"; }

# ---------------------------------------------------------------- peers: install or skip
apt_updated=0
apt_install() {   # apt_install PACKAGE...: installs what is missing (root only); quiet
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  if [ $apt_updated = 0 ]; then apt-get update -qq >/dev/null 2>&1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$OUT/apt.log" 2>&1
}
apt_install time || true
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
apt_install nginx-light || apt_install nginx || true
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then echo "compare.sh: nginx is needed (apt-get install nginx-light)" >&2; exit 1; fi
if want wget2; then apt_install wget2 || true; command -v wget2 >/dev/null || skip wget2 "wget2 not installed and apt-get install wget2 failed"; fi
if want scrapy; then apt_install python3-scrapy || true
  $SYSPY -c 'import scrapy' 2>/dev/null || skip scrapy "python3-scrapy not installed and apt-get install failed"; fi
if [ $DO_EXTRACT = 1 ]; then apt_install python3-readability || true
  $SYSPY -c 'import readability' 2>/dev/null || skip readability-lxml "python3-readability not installed and apt-get install failed"; fi
if want crawlee || [ $DO_EXTRACT = 1 ]; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm || true
  fi
  if ! command -v node >/dev/null; then
    skip crawlee "node not installed"; skip readability.js "node not installed"
  else
    mkdir -p "$NODE_DIR"
    if ! cmp -s "$PEERS/package.json" "$NODE_DIR/package.json" || [ ! -d "$NODE_DIR/node_modules/@crawlee/cheerio" ]; then
      cp "$PEERS/package.json" "$NODE_DIR/package.json"
      if [ "$INSTALL" = 1 ]; then
        log "npm install into $NODE_DIR"
        (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error) > "$OUT/npm.log" 2>&1 || true
      fi
    fi
    [ -d "$NODE_DIR/node_modules/@crawlee/cheerio" ] || skip crawlee "npm install @crawlee/cheerio failed (see $OUT/npm.log)"
    [ -d "$NODE_DIR/node_modules/@mozilla/readability" ] || skip readability.js "npm install @mozilla/readability failed (see $OUT/npm.log)"
  fi
fi
NB=$BUILD/app/nianbao
if want nianbao || want nianbao-proxy || [ $DO_EXTRACT = 1 ]; then
  if [ ! -x "$NB" ] || ! "$NB" crawl --help >/dev/null 2>&1; then
    log "building nianbao in $BUILD"
    { cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNIANBAO_TESTS=OFF &&
      ninja -C "$BUILD" -j2 nianbao bench_extract_html; } > "$OUT/build.log" 2>&1 || true
  fi
  if [ ! -x "$NB" ] || ! "$NB" crawl --help >/dev/null 2>&1; then
    skip nianbao "no working $NB crawl (build failed: see $OUT/build.log)"
    skip nianbao-proxy "no working $NB crawl (build failed: see $OUT/build.log)"
  fi
fi

# ---------------------------------------------------------------- machine
{
  echo "date: $(date -R)"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "load at start: $(uptime)"
  echo "nginx: $($NGINX -v 2>&1)"
  command -v wget2 >/dev/null && echo "wget2: $(wget2 --version 2>/dev/null | head -1)"
  $SYSPY -c 'import scrapy; print("scrapy:", scrapy.__version__)' 2>/dev/null
  $SYSPY -c 'import readability, importlib.metadata as m; print("readability-lxml:", m.version("readability-lxml"))' 2>/dev/null
  command -v node >/dev/null && echo "node: $(node --version)"
  for p in @crawlee/cheerio @mozilla/readability jsdom linkedom; do
    [ -f "$NODE_DIR/node_modules/$p/package.json" ] && echo "$p: $(node -p "require('$NODE_DIR/node_modules/$p/package.json').version")"
  done
  [ -x "$NB" ] && echo "nianbao: $(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null) (binary $NB, $(stat -c %y "$NB" | cut -d. -f1))"
} | tee "$OUT/machine.txt"

free_port() { $SYSPY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- crawl
NGINX_PID=""
start_nginx() {   # start_nginx RUN_DIR WEB PORT
  local run=$1 web=$2 port=$3
  mkdir -p "$run/nginx"
  sed -e "s#@WEB@#$web#g; s#@RUN@#$run/nginx#g; s#@LOG@#$run/access.log#g; s#@PORT@#$port#g" \
    "$PEERS/nginx.conf.in" > "$run/nginx/nginx.conf"
  "$NGINX" -p "$run/nginx" -c "$run/nginx/nginx.conf" 2> "$run/nginx/stderr" &
  NGINX_PID=$!
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "compare.sh: nginx did not start: $(cat "$run/nginx/stderr")" >&2
  return 1
}
stop_nginx() {
  [ -n "$NGINX_PID" ] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; NGINX_PID=""
}
trap 'stop_nginx' EXIT

crawl_cmd() {   # crawl_cmd PEER RUN_DIR WEB PORT → the command line, as an array in CMD
  local peer=$1 run=$2 web=$3 port=$4
  case $peer in
    nianbao|nianbao-proxy)
      if [ "$peer" = nianbao ]; then CMD=("$NB" crawl --connect-to "::127.0.0.1:$port")
      else CMD=("$NB" crawl --proxy "http://127.0.0.1:$port"); fi   # as the peers reach nginx
      CMD+=(--seeds "$web/seeds.toml" --store "$run/store" --per-host "$PER_HOST" --delay 0 --concurrency "$CONC"
            --max-pages $((PAGES * 2)) --max-depth 8) ;;
    wget2) CMD=(env http_proxy="http://127.0.0.1:$port" wget2 --no-config -q --recursive --level=inf --robots=on
                --max-threads="$CONC" --delete-after --no-host-directories --tries=3 --input-file="$web/urls.txt") ;;
    scrapy) CMD=(env http_proxy="http://127.0.0.1:$port" "$SYSPY" -m scrapy runspider "$PEERS/scrapy_spider.py"
                 -a "urls=$web/urls.txt" -s "CONCURRENT_REQUESTS=$CONC" -s "CONCURRENT_REQUESTS_PER_DOMAIN=$PER_HOST") ;;
    crawlee) CMD=(env NB_NODE_DIR="$NODE_DIR" node "$PEERS/crawlee_crawler.mjs" "$web/urls.txt"
                  "http://127.0.0.1:$port" "$CONC") ;;
  esac
}

if [ $DO_CRAWL = 1 ]; then
  WEB=$CACHE/web-$HOSTS-$PAGES-$PAGE_KB
  log "web: $HOSTS hosts × $PAGES pages of ~$PAGE_KB KB in $WEB"
  python3 "$PEERS/gen_web.py" "$WEB" --hosts "$HOSTS" --pages "$PAGES" --page-kb "$PAGE_KB" || exit 1
  EXPECTED=$(cat "$WEB/expected.txt")
  echo "{\"hosts\": $HOSTS, \"pages\": $PAGES, \"page_kb\": $PAGE_KB, \"expected\": $EXPECTED, \"per_host\": $PER_HOST, \"concurrency\": $CONC, \"time_cap\": $TIME_CAP, \"web_mb\": $(du -sm "$WEB/www" | cut -f1)}" > "$OUT/meta.json"
  # Warm the page cache so that the first crawler does not pay for the disk.
  find "$WEB/www" -type f -exec cat {} + > /dev/null
  : > "$OUT/commands.txt"
  for rep in $(seq "$REPEAT"); do
    for peer in nianbao nianbao-proxy wget2 scrapy crawlee; do
      want "$peer" || continue
      [ -n "${SKIP[$peer]:-}" ] && continue
      run=$OUT/crawl/$peer.$rep
      mkdir -p "$run"
      port=$(free_port)
      start_nginx "$run" "$WEB" "$port" || { skip "$peer" "nginx failed to start"; continue; }
      crawl_cmd "$peer" "$run" "$WEB" "$port"
      printf '%s:' "$peer" >> "$OUT/commands.txt"; printf ' %q' "${CMD[@]}" >> "$OUT/commands.txt"; echo >> "$OUT/commands.txt"
      log "crawl $peer (run $rep): ${CMD[*]}"
      uptime > "$run/load.txt"
      if [ "$TIME_CAP" -gt 0 ]; then CMD=(timeout -s INT -k 60 "$TIME_CAP" "${CMD[@]}"); fi
      (cd "$run" && /usr/bin/time -v -o "$run/time.txt" "${CMD[@]}" > "$run/stdout" 2> "$run/stderr")
      uptime >> "$run/load.txt"
      stop_nginx
      python3 "$PEERS/report.py" crawl-run "$run" "$EXPECTED"
      rm -rf "$run/store"
    done
  done
fi

# ---------------------------------------------------------------- extraction
if [ $DO_EXTRACT = 1 ]; then
  DEV=$ROOT/../shared/extraction-dev
  EX=$OUT/extract
  : > "$EX/results.jsonl"
  if [ -d "$DEV/original" ]; then
    PAGES_DIR=$DEV/original TRUTH=$DEV/cleaned
    DESC="the $(ls "$DEV/original" | wc -l) real pages of ../shared/extraction-dev (char-F1 against its cleaned/ texts)"
  else
    WEB=$CACHE/web-$HOSTS-$PAGES-$PAGE_KB
    python3 "$PEERS/gen_web.py" "$WEB" --hosts "$HOSTS" --pages "$PAGES" --page-kb "$PAGE_KB" >/dev/null
    PAGES_DIR=$EX/pages TRUTH=""
    mkdir -p "$PAGES_DIR"
    for h in $(head -12 "$WEB/hosts.txt"); do for k in 0 1 2 3 4; do
      cp "$WEB/www/$h/xxgk/2023/t$k.html" "$PAGES_DIR/${h%%.*}-t$k.html"; done; done
    DESC="60 generated detail pages (../shared/extraction-dev missing: no char-F1)"
  fi
  python3 - "$OUT/meta.json" "$DESC" <<'PY'
import json, os, sys
p = sys.argv[1]
m = json.load(open(p)) if os.path.exists(p) else {}
m["extract_pages_desc"] = sys.argv[2]
json.dump(m, open(p, "w"))
PY
  log "extraction on $PAGES_DIR; load: $(uptime)"
  add_result() {   # add_result JSON_LINE TEXT_DIR
    local line=$1 dir=$2 f1="null"
    [ -n "$TRUTH" ] && f1=$(python3 "$PEERS/charf1.py" "$TRUTH" "$dir" --json)
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r["f1"]=json.loads(sys.argv[2]); print(json.dumps(r))' \
      "$line" "$f1" >> "$EX/results.jsonl"
  }
  if [ -z "${SKIP[nianbao]:-}" ]; then
    echo "nianbao: python3 $PEERS/nianbao_extract.py $NB $PAGES_DIR $EX/nianbao 3" >> "$OUT/commands.txt"
    line=$(python3 "$PEERS/nianbao_extract.py" "$NB" "$PAGES_DIR" "$EX/nianbao" 3) && add_result "$line" "$EX/nianbao"
    if [ -x "$BUILD/bench/bench_extract_html" ]; then
      echo "nianbao: $BUILD/bench/bench_extract_html" >> "$OUT/commands.txt"
      /usr/bin/time -v -o "$EX/bench_extract_html.time" "$BUILD/bench/bench_extract_html" > "$EX/bench_extract_html.txt" 2>&1
      mbs=$(sed -n 's/^full HTML extraction: *\([0-9.]*\) MB\/s.*/\1/p' "$EX/bench_extract_html.txt")
      [ -n "$mbs" ] && echo "{\"tool\": \"nianbao bench_extract_html (in process)\", \"pages\": $(ls "$PAGES_DIR" | wc -l), \"bytes\": $(cat "$PAGES_DIR"/* | wc -c), \"mb_per_s\": $mbs, \"mb_per_cpu_s\": NaN, \"f1\": null}" >> "$EX/results.jsonl"
      cat "$EX/bench_extract_html.txt"
    fi
  else
    echo '{"tool": "nianbao extract", "skipped": "no nianbao binary"}' >> "$EX/results.jsonl"
  fi
  if [ -z "${SKIP[readability.js]:-}" ]; then
    for dom in jsdom linkedom; do
      echo "readability.js: NB_NODE_DIR=$NODE_DIR node $PEERS/readability_js.mjs $dom $PAGES_DIR $EX/readability-$dom 10" >> "$OUT/commands.txt"
      line=$(NB_NODE_DIR=$NODE_DIR node "$PEERS/readability_js.mjs" $dom "$PAGES_DIR" "$EX/readability-$dom" 10) &&
        add_result "$line" "$EX/readability-$dom"
    done
  else
    echo "{\"tool\": \"Mozilla Readability\", \"skipped\": \"${SKIP[readability.js]}\"}" >> "$EX/results.jsonl"
  fi
  if [ -z "${SKIP[readability-lxml]:-}" ]; then
    echo "readability-lxml: $SYSPY $PEERS/readability_lxml.py $PAGES_DIR $EX/readability-lxml 10" >> "$OUT/commands.txt"
    line=$($SYSPY "$PEERS/readability_lxml.py" "$PAGES_DIR" "$EX/readability-lxml" 10) &&
      add_result "$line" "$EX/readability-lxml"
  else
    echo "{\"tool\": \"readability-lxml\", \"skipped\": \"${SKIP[readability-lxml]}\"}" >> "$EX/results.jsonl"
  fi
  echo "load after extraction: $(uptime)" >> "$OUT/machine.txt"
fi

echo
echo "## Results ($OUT)"
echo
sed 's/^/    /' "$OUT/machine.txt"
python3 "$PEERS/report.py" table "$OUT" | tee "$OUT/table.md"
echo
echo "commands:"
sed 's/^/    /' "$OUT/commands.txt"
for p in nianbao wget2 scrapy crawlee readability.js readability-lxml; do
  [ -n "${SKIP[$p]:-}" ] && echo "skipped: $p: ${SKIP[$p]}"
done
exit 0
