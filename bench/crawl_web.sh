#!/bin/sh
# Runs bench_crawl against the generated loopback web of bench/compare.sh: the same generator
# (bench/peers/gen_web.py: HOSTS government-style sites × PAGES ~30 KB pages, every fifth in GBK,
# robots.txt per host; cached in bench/peers/.cache/web-H-P-30) and the same nginx configuration
# (bench/peers/nginx.conf.in: virtual hosts by name, one access log).
#   bench/crawl_web.sh BUILD_DIR [HOSTS] [PAGES]
# Extra bench_crawl options in BENCH_ARGS (e.g. BENCH_ARGS="--write-buffer-mb 4 --workers 1").
# nginx: apt-get install nginx-light
set -eu
build=${1:?usage: crawl_web.sh BUILD_DIR [HOSTS] [PAGES]}
hosts=${2:-40}
pages=${3:-150}
root=$(cd "$(dirname "$0")/.." && pwd)
peers=$root/bench/peers
web=$peers/.cache/web-$hosts-$pages-30
python3 "$peers/gen_web.py" "$web" --hosts "$hosts" --pages "$pages"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "crawl_web.sh: nginx is needed (apt-get install nginx-light)" >&2; exit 1; }
work=$(mktemp -d /tmp/nianbao-crawl-web.XXXXXX)
chmod 755 "$work"
nginx_pid=""
trap '[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null; wait; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s#@WEB@#$web#g; s#@RUN@#$work#g; s#@LOG@#$work/access.log#g; s#@PORT@#$port#g" \
  "$peers/nginx.conf.in" > "$work/nginx.conf"
"$nginx" -p "$work" -c "$work/nginx.conf" 2> "$work/nginx.stderr" &
nginx_pid=$!
i=0
until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
  i=$((i + 1))
  [ $i -lt 100 ] || { echo "crawl_web.sh: nginx did not start: $(cat "$work/nginx.stderr")" >&2; exit 1; }
  sleep 0.1
done
echo "server: nginx on port $port, web $web (uptime: $(uptime | sed 's/.*average: //'))"
# shellcheck disable=SC2086
"$build/bench/bench_crawl" --seeds "$web/seeds.toml" --connect-to "::127.0.0.1:$port" ${BENCH_ARGS:-}
kill -QUIT "$nginx_pid"; wait "$nginx_pid" || true; nginx_pid=""   # flushes the access log
echo "nginx access log: $(wc -l < "$work/access.log") requests, $(grep -vc ' 200 ' "$work/access.log" || true) not 200"
