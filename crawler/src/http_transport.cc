// nianbao's own HTTP/1.1 client, for plain HTTP, on the crawler's Boost.Asio loop.
//
// Why: on a 300-host crawl libcurl's multi_socket machinery was the network thread's whole cost
// and the largest single item of the crawl's CPU (29 % of samples: per-transfer handle set-up and
// reset, its liveness poll() of every reused connection, the socket callbacks, its allocations).
// A crawler's plain-HTTP traffic needs little of curl: GET or POST, no redirects followed, gzip,
// keep-alive. This client does that with one recv per readable event into one buffer for all
// connections, and a parser (http_wire.h) that appends straight to the result's body. Everything
// else (TLS, SOCKS, proxies with credentials, redirects followed) stays with libcurl: see
// NewTransport in fetch.cc.
//
// The discipline, as for any edge-triggered reactor (Asio's epoll reactor registers a socket once,
// edge-triggered): wait for readability only after a recv said EAGAIN, or before any byte of the
// answer can have been consumed; a connection put back in the pool keeps a read wait armed, so a
// server closing it is noticed without a syscall per reuse. A reused connection that fails before
// any answer byte arrives is retried once on a new one, as curl does.
//
// Timeouts (connect, total, low speed) are checked by one sweep timer every 100 ms while
// transfers run, not one timer per transfer.
#include "http_transport.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

#include "event_loop_impl.h"
#include "http_wire.h"
#include "resolver.h"
#include "nianbao/common/clock.h"
#include "nianbao/common/text.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// An http:// URL split for the wire: "http://AUTHORITY/PATH?QUERY#FRAGMENT".
struct UrlParts {
  std::string_view authority;   // host[:port], as in the URL
  std::string_view target;      // path and query ("/" when empty), no fragment
  std::string host, port;       // port "80" when the URL has none
};

bool SplitHttpUrl(std::string_view url, UrlParts* out) {
  if (!StartsWithIgnoreCase(url, "http://")) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  std::string_view rest = url.substr(7);
  const size_t end = rest.find_first_of("/?#");
  out->authority = rest.substr(0, end);
  if (out->authority.empty() || out->authority.find('@') != std::string_view::npos || out->authority[0] == '[')
    return false;
  std::string_view target = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  target = target.substr(0, target.find('#'));
  out->target = target;
  const size_t colon = out->authority.rfind(':');
  out->host = ToLowerAscii(out->authority.substr(0, colon));
  out->port = colon == std::string_view::npos ? "80" : std::string(out->authority.substr(colon + 1));
  if (out->host.empty() || out->port.empty() || out->port.size() > 5) return false;
  for (char c : out->port)
    if (!IsAsciiDigit(c)) return false;
  return true;
}

// 1..65535, or 0 when `port` is not one.
int ParsePort(std::string_view port) {
  if (port.empty() || port.size() > 5) return 0;
  int n = 0;
  for (char c : port) {
    if (!IsAsciiDigit(c)) return 0;
    n = n * 10 + (c - '0');
  }
  return n <= 65535 ? n : 0;
}

// A plain http:// proxy without credentials: host and port (curl's default port, 1080, when the
// proxy names none). false for anything else.
bool PlainProxy(std::string_view proxy, std::string* host, std::string* port) {
  if (StartsWithIgnoreCase(proxy, "http://")) {
    proxy.remove_prefix(7);
  } else if (proxy.find("://") != std::string_view::npos) {
    return false;
  }
  while (!proxy.empty() && proxy.back() == '/') proxy.remove_suffix(1);
  if (proxy.empty() || proxy.find_first_of("@/?#[") != std::string_view::npos) return false;
  const size_t colon = proxy.rfind(':');
  *host = std::string(proxy.substr(0, colon));
  *port = colon == std::string_view::npos ? "1080" : std::string(proxy.substr(colon + 1));
  if (host->empty() || port->empty()) return false;
  for (char c : *port)
    if (!IsAsciiDigit(c)) return false;
  return true;
}

// Header values from stored state (an ETag, a Referer) never carry a line break onto the wire.
void AppendHeader(std::string* out, std::string_view name, std::string_view value) {
  out->append(name).append(": ");
  for (char c : value)
    if (c != '\r' && c != '\n') out->push_back(c);
  out->append("\r\n");
}

class OwnHttpTransport final : public Transport {
 public:
  OwnHttpTransport(EventLoop* loop, TransportOptions options)
      : io_(loop->impl()->io), options_(std::move(options)), resolver_(io_), sweep_(io_),
        buf_(new char[kBufSize]) {
    for (const auto& c : options_.connect_to)
      if (auto rule = ParseConnectRule(c)) rules_.push_back(std::move(*rule));
    if (!options_.proxy.empty()) PlainProxy(options_.proxy, &proxy_host_, &proxy_port_);
  }

  ~OwnHttpTransport() override {
    Shutdown();
    for (auto& [key, conns] : idle_)
      for (auto& c : conns) Close(*c);
    idle_.clear();
    error_code ec;
    sweep_.cancel();
    *alive_ = false;
  }

  void Start(FetchRequest request, Done done) override {
    auto t = std::make_shared<Transfer>();
    t->req = std::move(request);
    t->done = std::move(done);
    t->res.url = t->req.url;
    t->res.final_url = t->req.url;
    t->res.started_micros = Clock::Real()->NowMicros();
    t->start = SteadyMicros();
    active_.emplace(t.get(), t);
    UrlParts u;
    // The router sent it (OwnClientCarries): only what the wire needs is checked again.
    if (!SplitHttpUrl(t->req.url, &u) || t->req.max_redirects > 0 ||
        (t->req.method != "GET" && t->req.method != "POST")) {
      Fail(t, FetchError::kOther, "not a request for the plain-HTTP client: " + t->req.url);
      return;
    }
    Target(t.get(), u);
    BuildRequest(t.get(), u);
    ArmSweep();
    Acquire(t);
  }

  size_t active() const override { return active_.size(); }

  void Shutdown() override {
    std::vector<std::shared_ptr<Transfer>> all;
    for (auto& [p, t] : active_) all.push_back(t);
    for (auto& t : all) Fail(t, FetchError::kCancelled, "transport shut down");
  }

 private:
  static constexpr size_t kBufSize = 64u << 10;
  // Idle connections kept: per host (or per proxy: all requests share its connections), and in
  // all, a quarter of the file-descriptor limit (16..1024; curl's cache held 1024).
  static constexpr size_t kMaxIdlePerKey = 64;
  static size_t MaxIdle() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return 1024;
    return std::clamp<size_t>(static_cast<size_t>(r.rlim_cur) / 4, 16, 1024);
  }
  const size_t max_idle_ = MaxIdle();
  static constexpr int64_t kMaxIdleMicros = 118'000'000;   // curl's CURLOPT_MAXAGE_CONN default

  struct Conn {
    explicit Conn(asio::io_context& io) : sock(io) {}
    tcp::socket sock;
    std::string key;
    std::string ip;
    int local_port = 0;
    unsigned gen = 0;           // bumped when the connection changes hands: older waits are stale
    int64_t idle_since = 0;
    bool reused = false;
  };

  struct Transfer {
    FetchRequest req;
    Done done;
    FetchResult res;
    std::string key;                     // pool key: the URL's host:port, or the proxy's
    std::string connect_host, connect_port;
    std::string out;                     // the request on the wire
    size_t sent = 0;
    std::shared_ptr<Conn> conn;
    std::optional<ResponseReader> reader;
    std::optional<BodyDecoder> decoder;
    std::string raw;                     // body bytes as they came, before content decoding
    int64_t start = 0, connect_start = 0;
    std::shared_ptr<std::vector<tcp::endpoint>> endpoints;   // being tried, while connecting
    size_t endpoint_index = 0;
    int64_t attempt_deadline = 0;   // when to give up on this address for the next (0: none)
    int64_t window_start = 0, window_bytes = 0;   // for the low-speed limit
    bool connecting = false, finished = false, retried = false;
  };

  // Where this request connects: connect_to's first matching rule (as curl applies them), or the
  // proxy.
  void Target(Transfer* t, const UrlParts& u) {
    if (!proxy_host_.empty()) {
      t->connect_host = proxy_host_;
      t->connect_port = proxy_port_;
      t->key = "proxy " + proxy_host_ + ":" + proxy_port_;
      return;
    }
    t->connect_host = u.host;
    t->connect_port = u.port;
    t->key.assign(u.host).append(":").append(u.port);
    for (const ConnectRule& r : rules_) {
      if (!r.from_host.empty() && !EqualsIgnoreCase(r.from_host, u.host)) continue;
      if (!r.from_port.empty() && r.from_port != u.port) continue;
      if (!r.to_host.empty()) t->connect_host = r.to_host;
      if (!r.to_port.empty()) t->connect_port = r.to_port;
      break;
    }
    std::string& h = t->connect_host;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  }

  // The request, with libcurl's header order so servers and tests see what they saw before.
  void BuildRequest(Transfer* t, const UrlParts& u) {
    const FetchRequest& r = t->req;
    std::string& o = t->out;
    o.reserve(512 + r.post_body.size());
    o.append(r.method).push_back(' ');
    if (!proxy_host_.empty()) {
      o.append(std::string_view(r.url).substr(0, r.url.find('#')));   // absolute form, to a proxy
    } else {
      o.append(u.target.empty() || u.target[0] != '/' ? "/" : "").append(u.target);
    }
    o.append(" HTTP/1.1\r\n");
    // The authority as in the URL, without a default ":80" (curl leaves it out too).
    std::string_view host = u.authority;
    if (host.size() > 3 && host.substr(host.size() - 3) == ":80") host.remove_suffix(3);
    AppendHeader(&o, "Host", ToLowerAscii(host));
    AppendHeader(&o, "User-Agent", options_.user_agent);
    if (!r.referer.empty()) AppendHeader(&o, "Referer", r.referer);
    o.append("Accept-Encoding: gzip, deflate\r\n");
    o.append("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n");
    o.append("Accept-Language: zh-CN,zh;q=0.9,en;q=0.5\r\n");
    if (!r.if_none_match.empty()) AppendHeader(&o, "If-None-Match", r.if_none_match);
    if (!r.if_modified_since.empty()) AppendHeader(&o, "If-Modified-Since", r.if_modified_since);
    if (r.method == "POST") {
      AppendHeader(&o, "Content-Type", r.content_type.empty() ? "application/x-www-form-urlencoded" : r.content_type);
      o.append("Content-Length: ").append(std::to_string(r.post_body.size())).append("\r\n");
    }
    o.append("\r\n");
    if (options_.capture_heads) t->res.request_head = o;
    if (r.method == "POST") o.append(r.post_body);
  }

  // --- connections ---------------------------------------------------------------------------

  void Acquire(const std::shared_ptr<Transfer>& t) {
    auto it = idle_.find(t->key);
    if (it != idle_.end() && !it->second.empty()) {
      std::shared_ptr<Conn> c = std::move(it->second.back());
      it->second.pop_back();
      --idle_count_;
      ++c->gen;   // its idle wait, cancelled here, finds itself stale
      error_code ec;
      c->sock.cancel(ec);
      c->reused = true;
      t->conn = std::move(c);
      Send(t);
      return;
    }
    Connect(t);
  }

  void Connect(const std::shared_ptr<Transfer>& t) {
    t->connecting = true;
    t->connect_start = SteadyMicros();
    error_code ec;
    const auto address = asio::ip::make_address(t->connect_host, ec);
    const int port = ParsePort(t->connect_port);
    if (port <= 0) {
      Fail(t, FetchError::kConnect, "bad port \"" + t->connect_port + "\" for " + t->connect_host);
      return;
    }
    if (!ec) {
      ConnectTo(t, std::make_shared<std::vector<tcp::endpoint>>(
                       1, tcp::endpoint(address, static_cast<unsigned short>(port))), 0);
      return;
    }
    std::weak_ptr<bool> alive = alive_;
    resolver_.Resolve(t->connect_host, t->connect_port,
                      [this, alive, t](const std::string& error, const Resolver::Endpoints& endpoints) {
                        if (alive.expired() || !*alive.lock() || t->finished || !t->connecting) return;
                        if (!error.empty()) {
                          Fail(t, FetchError::kConnect, "could not resolve host " + t->connect_host + ": " + error);
                          return;
                        }
                        ConnectTo(t, std::make_shared<std::vector<tcp::endpoint>>(endpoints), 0);
                      });
  }

  // Tries the addresses in turn. Each attempt gets an equal share of the connect time left, so a
  // dead first address (a black-holed AAAA record, one of two A records down) leaves time for the
  // next, as curl does.
  void ConnectTo(const std::shared_ptr<Transfer>& t, std::shared_ptr<std::vector<tcp::endpoint>> eps, size_t i) {
    auto c = std::make_shared<Conn>(io_);
    c->key = t->key;
    t->conn = c;
    t->endpoints = eps;
    t->endpoint_index = i;
    const int64_t limit = int64_t{t->req.connect_timeout_ms} * 1000;
    const int64_t left = t->connect_start + limit - SteadyMicros();
    t->attempt_deadline = limit > 0 && i + 1 < eps->size() ? SteadyMicros() + left / static_cast<int64_t>(eps->size() - i) : 0;
    std::weak_ptr<bool> alive = alive_;
    const tcp::endpoint ep = (*eps)[i];
    c->sock.async_connect(ep, [this, alive, t, c, eps, i](const error_code& ec) {
      if (alive.expired() || !*alive.lock() || t->finished || t->conn != c) return;
      if (ec) {
        Close(*c);
        if (i + 1 < eps->size()) {
          ConnectTo(t, eps, i + 1);
          return;
        }
        Fail(t, FetchError::kConnect,
             "could not connect to " + t->connect_host + " port " + t->connect_port + ": " + ec.message());
        return;
      }
      error_code e2;
      c->sock.non_blocking(true, e2);
      c->sock.set_option(tcp::no_delay(true), e2);
      c->sock.set_option(asio::socket_base::keep_alive(true), e2);
      const auto remote = c->sock.remote_endpoint(e2);
      if (!e2) c->ip = remote.address().to_string();
      const auto local = c->sock.local_endpoint(e2);
      if (!e2) c->local_port = local.port();
      t->connecting = false;
      Send(t);
    });
  }

  void Close(Conn& c) {
    ++c.gen;
    error_code ec;
    c.sock.close(ec);
  }

  // The connection is done with its transfer and may carry another: into the pool, with a read
  // wait that notices the server closing it (or sending what nobody asked for).
  void Pool(std::shared_ptr<Conn> c) {
    // Evict first: it may erase map entries, this key's among them.
    if (idle_count_ >= max_idle_) EvictIdle(0);
    auto& list = idle_[c->key];
    if (list.size() >= kMaxIdlePerKey) {
      Close(*c);
      return;
    }
    c->idle_since = SteadyMicros();
    const unsigned gen = ++c->gen;
    std::weak_ptr<bool> alive = alive_;
    c->sock.async_wait(tcp::socket::wait_read, [this, alive, c, gen](const error_code&) {
      if (alive.expired() || !*alive.lock() || c->gen != gen) return;
      DropIdle(c);
    });
    list.push_back(std::move(c));
    ++idle_count_;
  }

  void DropIdle(const std::shared_ptr<Conn>& c) {
    auto it = idle_.find(c->key);
    if (it == idle_.end()) return;
    auto& list = it->second;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i] != c) continue;
      list.erase(list.begin() + static_cast<long>(i));
      --idle_count_;
      break;
    }
    if (list.empty()) idle_.erase(it);
    Close(*c);
  }

  // Closes idle connections older than kMaxIdleMicros; with older_than == 0 (the pool is full),
  // the oldest eighth.
  void EvictIdle(int64_t older_than) {
    std::vector<std::shared_ptr<Conn>> victims;
    if (older_than > 0) {
      for (auto& [k, list] : idle_)
        for (auto& c : list)
          if (c->idle_since < older_than) victims.push_back(c);
    } else {
      std::vector<std::shared_ptr<Conn>> all;
      for (auto& [k, list] : idle_) all.insert(all.end(), list.begin(), list.end());
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a->idle_since < b->idle_since; });
      all.resize(std::max<size_t>(1, all.size() / 8));
      victims = std::move(all);
    }
    for (auto& c : victims) DropIdle(c);
  }

  // --- one exchange ----------------------------------------------------------------------------

  void Send(const std::shared_ptr<Transfer>& t) {
    if (!t->reader) {
      t->reader.emplace(false);
      t->window_start = SteadyMicros();
      t->window_bytes = 0;
    }
    Conn& c = *t->conn;
    while (t->sent < t->out.size()) {
      const ssize_t n = ::send(c.sock.native_handle(), t->out.data() + t->sent, t->out.size() - t->sent,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        t->sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        Wait(t, tcp::socket::wait_write);
        return;
      }
      BrokenOff(t, std::string("send failure: ") + std::strerror(errno));
      return;
    }
    Wait(t, tcp::socket::wait_read);
  }

  void Wait(const std::shared_ptr<Transfer>& t, tcp::socket::wait_type what) {
    std::shared_ptr<Conn> c = t->conn;
    std::weak_ptr<bool> alive = alive_;
    c->sock.async_wait(what, [this, alive, t, c, gen = c->gen, what](const error_code& ec) {
      if (alive.expired() || !*alive.lock() || t->finished || t->conn != c || c->gen != gen) return;
      if (ec == asio::error::operation_aborted) return;
      if (what == tcp::socket::wait_write) {
        Send(t);
      } else {
        Receive(t);
      }
    });
  }

  // Reads what the socket has, until EAGAIN (then waits) or the answer is complete. A large
  // answer yields to the loop every 16 reads.
  void Receive(const std::shared_ptr<Transfer>& t) {
    Conn& c = *t->conn;
    for (int round = 0; round < 16; ++round) {
      const ssize_t n = ::recv(c.sock.native_handle(), buf_.get(), kBufSize, MSG_DONTWAIT);
      if (n > 0) {
        if (!Consume(t, std::string_view(buf_.get(), static_cast<size_t>(n)))) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        Wait(t, tcp::socket::wait_read);
        return;
      }
      if (n == 0) {
        t->reader->Eof();
        if (t->reader->done()) {
          Done(t, false);
          return;
        }
        BrokenOff(t, t->reader->error());
        return;
      }
      BrokenOff(t, std::string("recv failure: ") + std::strerror(errno));
      return;
    }
    std::weak_ptr<bool> alive = alive_;
    asio::post(io_, [this, alive, t, conn = t->conn, gen = c.gen] {
      if (alive.expired() || !*alive.lock() || t->finished || t->conn != conn || conn->gen != gen) return;
      Receive(t);
    });
  }

  // Feeds received bytes; false when the transfer ended here. An uncompressed body (the common
  // case) goes straight into the result's body, reserved at its Content-Length; only the bytes
  // that came with the head, and compressed bodies, pass through `raw`.
  bool Consume(const std::shared_ptr<Transfer>& t, std::string_view data) {
    ResponseReader& rd = *t->reader;
    t->window_bytes += static_cast<int64_t>(data.size());
    const bool had_head = rd.state() != ResponseReader::State::kHead;
    const uint64_t max = static_cast<uint64_t>(std::max<int64_t>(t->req.max_body, 0));
    std::string& body = t->res.body;
    // Straight into the body while it stays within max_body (the decoder makes the cut).
    const bool direct = t->decoder && t->decoder->passthrough() && body.size() + data.size() <= max;
    if (direct && body.capacity() < body.size() + data.size())   // no Content-Length: grow, never past max
      body.reserve(static_cast<size_t>(std::min<uint64_t>(max, std::max(body.size() + data.size(), 2 * body.capacity()))));
    const size_t used = rd.Feed(data, direct ? &body : &t->raw);
    if (rd.failed()) {
      // Bytes that are no answer on a reused connection (what a server sent after the last one)
      // are the connection's fault, not the request's: a new connection, once.
      if (rd.status() == 0 && t->conn->reused && !t->retried) {
        Retry(t);
      } else {
        Fail(t, rd.error_is_reset() ? FetchError::kReset : FetchError::kOther, rd.error());
      }
      return false;
    }
    if (!had_head && rd.state() != ResponseReader::State::kHead) {
      t->decoder.emplace(rd.content_encoding(), max);
      if (t->decoder->passthrough() && rd.content_length() > 0)
        t->res.body.reserve(static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(rd.content_length()), max)));
    }
    if (t->decoder && !t->raw.empty()) {
      const bool ok = t->decoder->Add(t->raw, &t->res.body);
      if (t->decoder->passthrough()) {
        t->raw = std::string();   // from now on the body is read straight into res.body
      } else {
        t->raw.clear();
      }
      if (!ok) {
        Fail(t, FetchError::kOther, t->decoder->error());
        return false;
      }
    }
    if (t->decoder && t->decoder->truncated()) {
      t->res.truncated = true;   // cut at max_body: the body is kept, the connection is not
      Done(t, false);
      return false;
    }
    if (rd.done()) {
      Done(t, rd.keep_alive() && used == data.size());
      return false;
    }
    return true;
  }

  // The connection broke off: a reused one that had not answered yet is retried once on a new
  // connection (the server may have closed it just as we sent); otherwise the transfer fails.
  void BrokenOff(const std::shared_ptr<Transfer>& t, std::string message) {
    if (t->conn && t->conn->reused && !t->retried && (!t->reader || !t->reader->started())) {
      Retry(t);
      return;
    }
    Fail(t, FetchError::kReset, std::move(message));
  }

  void Retry(const std::shared_ptr<Transfer>& t) {
    Close(*t->conn);
    t->conn.reset();
    t->retried = true;
    t->sent = 0;
    t->reader.reset();
    t->decoder.reset();
    t->raw.clear();
    t->res.body.clear();
    Connect(t);
  }

  void Done(const std::shared_ptr<Transfer>& t, bool reuse) {
    FetchResult& r = t->res;
    ResponseReader& rd = *t->reader;
    if (t->decoder && !t->decoder->Finish()) {
      Fail(t, FetchError::kOther, t->decoder->error());
      return;
    }
    r.status = rd.status();
    r.response_head = rd.TakeHead();
    r.content_type = HeaderValue(r.response_head, "Content-Type");
    r.etag = HeaderValue(r.response_head, "ETag");
    r.last_modified = HeaderValue(r.response_head, "Last-Modified");
    r.location = HeaderValue(r.response_head, "Location");
    std::shared_ptr<Conn> c = std::move(t->conn);
    r.ip = c->ip;
    r.local_port = c->local_port;
    if (reuse) {
      Pool(std::move(c));
    } else {
      Close(*c);
    }
    Complete(t);
  }

  void Fail(const std::shared_ptr<Transfer>& t, FetchError error, std::string message) {
    if (t->finished) return;
    FetchResult& r = t->res;
    r.error = error;
    r.error_message = std::move(message);
    r.status = 0;
    if (t->conn) {
      r.ip = t->conn->ip;
      r.local_port = t->conn->local_port;
      Close(*t->conn);
      t->conn.reset();
    }
    Complete(t);
  }

  // Hands the result over from the loop, never from inside Start().
  void Complete(const std::shared_ptr<Transfer>& t) {
    t->finished = true;
    t->res.duration_ms = static_cast<double>(SteadyMicros() - t->start) / 1000.0;
    active_.erase(t.get());
    asio::post(io_, [done = std::move(t->done), res = std::move(t->res)]() mutable {
      if (done) done(std::move(res));
    });
  }

  // --- timeouts --------------------------------------------------------------------------------

  void ArmSweep() {
    if (sweep_armed_) return;
    sweep_armed_ = true;
    sweep_.expires_after(std::chrono::milliseconds(100));
    std::weak_ptr<bool> alive = alive_;
    sweep_.async_wait([this, alive](const error_code& ec) {
      if (ec || alive.expired() || !*alive.lock()) return;
      sweep_armed_ = false;
      Sweep();
      if (!active_.empty() || idle_count_ > 0) ArmSweep();
    });
  }

  void Sweep() {
    const int64_t now = SteadyMicros();
    std::vector<std::pair<std::shared_ptr<Transfer>, std::string>> late;
    std::vector<std::shared_ptr<Transfer>> next_address;
    for (auto& [p, t] : active_) {
      const FetchRequest& r = t->req;
      if (t->connecting && t->attempt_deadline > 0 && now > t->attempt_deadline && t->conn) {
        next_address.push_back(t);
        continue;
      }
      if (t->connecting && r.connect_timeout_ms > 0 && now - t->connect_start > int64_t{r.connect_timeout_ms} * 1000) {
        late.emplace_back(t, "connection to " + t->connect_host + " port " + t->connect_port + " timed out after " +
                                 std::to_string(r.connect_timeout_ms) + " ms");
      } else if (r.total_timeout_ms > 0 && now - t->start > int64_t{r.total_timeout_ms} * 1000) {
        late.emplace_back(t, "operation timed out after " + std::to_string((now - t->start) / 1000) + " ms");
      } else if (t->reader && r.low_speed_seconds > 0 && r.low_speed_bytes > 0 &&
                 now - t->window_start >= int64_t{r.low_speed_seconds} * 1'000'000) {
        if (t->window_bytes < int64_t{r.low_speed_bytes} * r.low_speed_seconds) {
          late.emplace_back(t, "slower than " + std::to_string(r.low_speed_bytes) + " bytes/s for " +
                                   std::to_string(r.low_speed_seconds) + " s");
        } else {
          t->window_start = now;
          t->window_bytes = 0;
        }
      }
    }
    for (auto& [t, why] : late) Fail(t, FetchError::kTimeout, std::move(why));
    for (auto& t : next_address) {   // this address is too slow: the next one
      if (t->finished || !t->conn) continue;
      Close(*t->conn);
      ConnectTo(t, t->endpoints, t->endpoint_index + 1);
    }
    if (idle_count_ > 0) EvictIdle(now - kMaxIdleMicros);
  }

  asio::io_context& io_;
  TransportOptions options_;
  std::vector<ConnectRule> rules_;
  std::string proxy_host_, proxy_port_;   // "" when direct
  Resolver resolver_;
  asio::steady_timer sweep_;
  bool sweep_armed_ = false;
  std::unique_ptr<char[]> buf_;   // every connection reads into this one buffer
  std::unordered_map<Transfer*, std::shared_ptr<Transfer>> active_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Conn>>> idle_;
  size_t idle_count_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace

bool OwnClientCarries(const FetchRequest& request, const TransportOptions& options) {
  if (options.http_client != HttpClient::kOwn || options.max_total_connections > 0) return false;
  if (request.max_redirects > 0 || (request.method != "GET" && request.method != "POST")) return false;
  UrlParts u;
  if (!SplitHttpUrl(request.url, &u)) return false;
  if (options.proxy.empty()) return true;
  std::string host, port;
  return options.connect_to.empty() && PlainProxy(options.proxy, &host, &port);
}

std::unique_ptr<Transport> NewOwnHttpTransport(EventLoop* loop, const TransportOptions& options) {
  return std::make_unique<OwnHttpTransport>(loop, options);
}

}  // namespace nianbao::crawler::internal
