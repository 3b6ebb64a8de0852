#!/bin/sh
# Runs bench_crawl against a generated loopback web: one static site (index.html + p0..p{M-1}.html,
# 10 links per page) served for every host name by nginx (catch-all server_name), or by Python's
# http.server when nginx is missing (slower: the server is then the bottleneck).
#   bench/crawl_web.sh BUILD_DIR [HOSTS] [PAGES]
# nginx: apt-get install nginx-light
set -eu
build=${1:?usage: crawl_web.sh BUILD_DIR [HOSTS] [PAGES]}
hosts=${2:-200}
pages=${3:-100}
work=$(mktemp -d /tmp/nianbao-crawl-web.XXXXXX)
trap 'kill $server_pid 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/www" "$work/logs"
chmod 755 "$work"  # nginx workers run as www-data
python3 - "$work/www" "$pages" <<'PY'
import sys
root, m = sys.argv[1], int(sys.argv[2])
def page(title, links):
    body = ''.join('<li><a href="p%d.html">第%d页 政府信息公开</a></li>' % (j, j) for j in links)
    filler = '<p>' + '政务公开工作动态。' * 120 + '</p>'
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body><ul>%s</ul>%s</body></html>'
            % (title, body, filler))
open(root + '/index.html', 'w').write(page('首页', range(min(m, 10))))
for i in range(m):
    open(root + '/p%d.html' % i, 'w').write(page('第%d页' % i, [(i * 7 + k * 13 + 1) % m for k in range(10)]))
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server_pid=""
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $work/logs; proxy_temp_path $work/logs; fastcgi_temp_path $work/logs;
  uwsgi_temp_path $work/logs; scgi_temp_path $work/logs;
  server { listen 127.0.0.1:$port default_server; server_name _; root $work/www; }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$work/nginx.conf" -p "$work"
  echo "server: nginx on port $port"
else
  echo "server: python3 http.server on port $port (install nginx-light for a faster server)"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
  server_pid=$!
fi
sleep 0.5
curl -s -o /dev/null -w "index: %{http_code} %{size_download}\n" --connect-to ::127.0.0.1:$port http://h1.bench.test/index.html
"$build/bench/bench_crawl" --connect-to "::127.0.0.1:$port" --hosts "$hosts" --pages "$pages" ${BENCH_ARGS:-}
