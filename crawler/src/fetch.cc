// libcurl multi_socket on a Boost.Asio io_context (see ../shared/STYLE.md, "curl").
//
// The pattern of hiperfifo.c / libtorrent's curl pool, with the mistakes that sank curl's old
// Asio example avoided:
//  - waits are re-armed after every socket_action while curl still wants that direction (curl
//    only calls the socket callback on a change, so a one-shot wait would stall the transfer);
//  - per-socket state is a shared_ptr captured by its pending waits: after CURL_POLL_REMOVE the
//    map forgets it and the waits, cancelled by release(), find it marked dead;
//  - the timer callback never calls curl: a 0 ms timeout arms an already-expired asio timer,
//    whose handler runs later from the loop;
//  - curl owns its sockets: the asio descriptor is release()d, never closed;
//  - errors become FetchResult values, nothing exits.
#include "nianbao/crawler/fetch.h"


#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "nianbao/common/clock.h"
#include "nianbao/common/text.h"
#include "nianbao/crawler/url.h"
#include "curl_api.h"
#include "event_loop_impl.h"
#include "http_transport.h"
#include "http_wire.h"
#include "url_internal.h"

namespace nianbao::crawler {

namespace asio = boost::asio;
using boost::system::error_code;

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;
void EventLoop::Post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }
void EventLoop::After(int64_t delay_ms, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, std::chrono::milliseconds(delay_ms));
  timer->async_wait([timer, fn = std::move(fn)](const error_code& ec) {
    if (!ec) fn();
  });
}
void EventLoop::Run() {
  impl_->io.restart();
  impl_->io.run();
}
void EventLoop::Stop() { impl_->io.stop(); }
bool EventLoop::stopped() const { return impl_->io.stopped(); }

const char* FetchErrorName(FetchError e) {
  switch (e) {
    case FetchError::kNone: return "ok";
    case FetchError::kTimeout: return "timeout";
    case FetchError::kConnect: return "connect";
    case FetchError::kReset: return "reset";
    case FetchError::kTls: return "tls";
    case FetchError::kCancelled: return "cancelled";
    case FetchError::kOther: return "error";
  }
  return "error";
}

bool FetchResult::retryable() const {
  switch (error) {
    case FetchError::kTimeout:
    case FetchError::kConnect:
    case FetchError::kReset:
      return true;
    case FetchError::kNone:
      return status >= 500 && status != 501 && status != 505;
    default:
      return false;
  }
}

std::string HeaderValue(const std::string& head, const std::string& name) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string::npos) eol = head.size();
    std::string_view line(head.data() + pos, eol - pos);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        ToLowerAscii(line.substr(0, name.size())) == ToLowerAscii(name)) {
      return Trim(line.substr(name.size() + 1));
    }
    pos = eol + 1;
  }
  return "";
}

namespace {

using internal::SteadyMicros;

FetchError Classify(CURLcode rc) {
  switch (rc) {
    case CURLE_OK: return FetchError::kNone;
    case CURLE_OPERATION_TIMEDOUT: return FetchError::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: return FetchError::kConnect;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return FetchError::kReset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return FetchError::kTls;
    default: return FetchError::kOther;
  }
}

using internal::ConnectRule;
using internal::HostAndPort;
using internal::ParseConnectRule;

// libcurl's functions, loaded by the first CurlTransport (curl_api.h); the same for the process.
const internal::CurlApi* g_curl = nullptr;

// Old government servers: OpenSSL 3 refuses legacy renegotiation unless asked.
// (SSL_OP_LEGACY_SERVER_CONNECT, from <openssl/ssl.h>: OpenSSL is not linked, only loaded by curl.)
constexpr uint64_t kSslOpLegacyServerConnect = uint64_t{1} << 2;
CURLcode OnSslCtx(CURL*, void* ssl_ctx, void*) {
  if (g_curl->ssl_ctx_set_options) g_curl->ssl_ctx_set_options(ssl_ctx, kSslOpLegacyServerConnect);
  return CURLE_OK;
}

class CurlTransport final : public Transport {
 public:
  CurlTransport(EventLoop* loop, TransportOptions options)
      : loop_(loop), io_(loop->impl()->io), options_(std::move(options)), timer_(io_) {}

  bool Init(std::string* error) {
    g_curl = internal::LoadCurl(error);
    if (!g_curl) return false;
    multi_ = g_curl->multi_init();
    if (!multi_) {
      if (error) *error = "curl_multi_init failed";
      return false;
    }
    g_curl->multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlTransport::OnSocketCb);
    g_curl->multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    g_curl->multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlTransport::OnTimerCb);
    g_curl->multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    g_curl->multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 1024L);
    if (options_.max_total_connections > 0)
      g_curl->multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
    g_curl->multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
    base_headers_ = g_curl->slist_append(nullptr, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    base_headers_ = g_curl->slist_append(base_headers_, "Accept-Language: zh-CN,zh;q=0.9,en;q=0.5");
    for (const auto& c : options_.connect_to) {
      connect_to_ = g_curl->slist_append(connect_to_, c.c_str());
      if (auto rule = ParseConnectRule(c)) rules_.push_back(std::move(*rule));
    }
    return true;
  }

  ~CurlTransport() override {
    Shutdown();
    if (!g_curl) return;   // libcurl could not be loaded: Init() failed before making anything
    if (multi_) g_curl->multi_cleanup(multi_);  // may call OnSocket(REMOVE) for cached connections
    for (CURL* e : idle_easy_) g_curl->easy_cleanup(e);
    for (auto& [fd, sock] : socks_) sock->Release();
    socks_.clear();
    g_curl->slist_free_all(connect_to_);
    g_curl->slist_free_all(base_headers_);
    for (auto& [key, hr] : host_rules_) {
      g_curl->slist_free_all(hr.connect_to);
      g_curl->slist_free_all(hr.resolve);
    }
    timer_.cancel();
    *alive_ = false;
  }

  void Start(FetchRequest request, Done done) override {
    auto t = std::make_unique<Transfer>();
    t->owner = this;
    t->req = std::move(request);
    t->done = std::move(done);
    t->res.url = t->req.url;
    t->res.started_micros = Clock::Real()->NowMicros();
    t->start_steady = SteadyMicros();
    CURL* e = nullptr;
    if (!idle_easy_.empty()) {
      e = idle_easy_.back();   // reset when it was put back
      idle_easy_.pop_back();
    } else {
      e = g_curl->easy_init();
    }
    if (!e) {
      t->res.error = FetchError::kOther;
      t->res.error_message = "curl_easy_init failed";
      Complete(std::move(t));
      return;
    }
    t->easy = e;
    Configure(t.get());
    Transfer* raw = t.get();
    transfers_.emplace(e, std::move(t));
    CURLMcode mc = g_curl->multi_add_handle(multi_, e);
    if (mc != CURLM_OK) {
      auto node = transfers_.extract(e);
      node.mapped()->res.error = FetchError::kOther;
      node.mapped()->res.error_message = g_curl->multi_strerror(mc);
      Complete(std::move(node.mapped()));
    }
    (void)raw;
  }

  size_t active() const override { return transfers_.size(); }

  void Shutdown() override {
    while (!transfers_.empty()) {
      auto node = transfers_.extract(transfers_.begin());
      g_curl->multi_remove_handle(multi_, node.key());
      node.mapped()->res.error = FetchError::kCancelled;
      node.mapped()->res.error_message = "transport shut down";
      Complete(std::move(node.mapped()));
    }
  }

 private:
  struct HostRules {
    curl_slist* connect_to = nullptr;
    curl_slist* resolve = nullptr;
    bool resolve_loaded = false;   // a transfer with `resolve` has run: the entry is in curl's cache
  };

  struct Transfer {
    CurlTransport* owner = nullptr;
    CURL* easy = nullptr;
    FetchRequest req;
    Done done;
    FetchResult res;
    curl_slist* headers = nullptr;   // only when this request has headers of its own (else base_headers_)
    HostRules* loads_resolve = nullptr;   // carries its host's CURLOPT_RESOLVE (ConnectTo)
    int64_t start_steady = 0;
    char errbuf[CURL_ERROR_SIZE] = {0};
    ~Transfer() {
      if (easy) g_curl->easy_cleanup(easy);
      g_curl->slist_free_all(headers);
    }
  };

  struct Sock {
    Sock(asio::io_context& io, curl_socket_t s) : fd(s), sd(io) {
      error_code ec;
      sd.assign(s, ec);  // fails only if the reactor cannot watch s: the transfer then times out
      if (ec) dead = true;
    }
    ~Sock() { Release(); }
    void Release() {
      dead = true;
      if (sd.is_open()) sd.release();  // curl closes its own fds
    }
    curl_socket_t fd;
    asio::posix::stream_descriptor sd;
    int want = 0;
    bool reading = false, writing = false, dead = false;
    unsigned gen = 0;   // bumped when curl stops watching: waits armed before that are stale
  };

  void Configure(Transfer* t) {
    CURL* e = t->easy;
    const FetchRequest& r = t->req;
    g_curl->easy_setopt(e, CURLOPT_URL, r.url.c_str());
    g_curl->easy_setopt(e, CURLOPT_PRIVATE, t);
    g_curl->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    g_curl->easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    g_curl->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    g_curl->easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    g_curl->easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    g_curl->easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    g_curl->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes (gzip, br, …)
    g_curl->easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlTransport::OnWrite);
    g_curl->easy_setopt(e, CURLOPT_WRITEDATA, t);
    g_curl->easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlTransport::OnHeader);
    g_curl->easy_setopt(e, CURLOPT_HEADERDATA, t);
    g_curl->easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &CurlTransport::OnOpenSocket);
    g_curl->easy_setopt(e, CURLOPT_OPENSOCKETDATA, this);
    g_curl->easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &CurlTransport::OnCloseSocket);
    g_curl->easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this);
    if (options_.capture_heads) {
      g_curl->easy_setopt(e, CURLOPT_DEBUGFUNCTION, &CurlTransport::OnDebug);
      g_curl->easy_setopt(e, CURLOPT_DEBUGDATA, t);
      g_curl->easy_setopt(e, CURLOPT_VERBOSE, 1L);
    }
    g_curl->easy_setopt(e, CURLOPT_FOLLOWLOCATION, r.max_redirects > 0 ? 1L : 0L);
    g_curl->easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(r.max_redirects));
    g_curl->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout_ms));
    g_curl->easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout_ms));
    g_curl->easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(r.low_speed_bytes));
    g_curl->easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(r.low_speed_seconds));
    g_curl->easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    g_curl->easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, &OnSslCtx);
    g_curl->easy_setopt(e, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    g_curl->easy_setopt(e, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.proxy.empty()) g_curl->easy_setopt(e, CURLOPT_PROXY, options_.proxy.c_str());
    if (connect_to_) ConnectTo(t);
    if (!r.referer.empty()) g_curl->easy_setopt(e, CURLOPT_REFERER, r.referer.c_str());
    // Most requests send only the base headers: one list for all of them (curl reads it, never
    // changes it). Conditional requests and POSTs get their own copy with their extra lines.
    const bool own_headers = !r.if_none_match.empty() || !r.if_modified_since.empty() || r.method == "POST";
    if (own_headers)
      for (const curl_slist* h = base_headers_; h; h = h->next) t->headers = g_curl->slist_append(t->headers, h->data);
    if (!r.if_none_match.empty())
      t->headers = g_curl->slist_append(t->headers, ("If-None-Match: " + r.if_none_match).c_str());
    if (!r.if_modified_since.empty())
      t->headers = g_curl->slist_append(t->headers, ("If-Modified-Since: " + r.if_modified_since).c_str());
    if (r.method == "POST") {
      std::string ct = r.content_type.empty() ? "application/x-www-form-urlencoded" : r.content_type;
      t->headers = g_curl->slist_append(t->headers, ("Content-Type: " + ct).c_str());
      g_curl->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.post_body.size()));
      g_curl->easy_setopt(e, CURLOPT_COPYPOSTFIELDS, r.post_body.c_str());
    } else if (r.method != "GET") {
      g_curl->easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    g_curl->easy_setopt(e, CURLOPT_HTTPHEADER, own_headers ? t->headers : base_headers_);
  }

  // libcurl keys its connection cache by the host it connects to, so with a rule such as
  // "::127.0.0.1:8080" every connection of every host lands in one bundle, and each new transfer
  // polls (one syscall each) that bundle's idle connections one by one until one for its own
  // host turns up: O(hosts) syscalls per request, half of the CPU of a 300-host crawl. When the
  // rule that applies (curl's first match) sends the host to an IP address, this transfer gets
  // the rule "host:port:host:PORT2" and the resolve entry "host:PORT2:ADDRESS" instead: the same
  // connection, but cached under its own host. The original rules follow, for redirects.
  void ConnectTo(Transfer* t) {
    CURL* e = t->easy;
    auto [host, port] = HostAndPort(t->req.url);
    for (const ConnectRule& r : rules_) {
      if (host.empty()) break;
      if (!r.from_host.empty() && !internal::EqualsIgnoreCase(r.from_host, host)) continue;
      if (!r.from_port.empty() && r.from_port != port) continue;
      if (!r.to_address) break;
      const std::string& to_port = r.to_port.empty() ? port : r.to_port;
      // The lists depend only on host and port: built once per host, kept for the transport's
      // life (a crawl's hosts are its seeds' sites).
      HostRules& hr = host_rules_[host + ":" + port];
      if (!hr.connect_to) {
        hr.connect_to = g_curl->slist_append(nullptr, (host + ":" + port + ":" + host + ":" + to_port).c_str());
        for (const auto& c : options_.connect_to) hr.connect_to = g_curl->slist_append(hr.connect_to, c.c_str());
        hr.resolve = g_curl->slist_append(nullptr, (host + ":" + to_port + ":" + r.to_host).c_str());
      }
      g_curl->easy_setopt(e, CURLOPT_CONNECT_TO, hr.connect_to);
      // A resolve entry goes into the multi handle's DNS cache for good (curl never expires
      // them): once a transfer that carried it has run, later ones need not parse it again.
      if (!hr.resolve_loaded) {
        g_curl->easy_setopt(e, CURLOPT_RESOLVE, hr.resolve);
        t->loads_resolve = &hr;
      }
      return;
    }
    g_curl->easy_setopt(e, CURLOPT_CONNECT_TO, connect_to_);
  }

  // --- curl callbacks: they only record what curl says; they never call curl. ---------------
  static size_t OnWrite(char* p, size_t size, size_t n, void* ud) {
    auto* t = static_cast<Transfer*>(ud);
    size_t len = size * n;
    std::string& body = t->res.body;
    const uint64_t max = static_cast<uint64_t>(std::max<int64_t>(t->req.max_body, 0));
    if (body.empty()) {
      curl_off_t cl = -1;
      if (g_curl->easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK && cl > 0)
        body.reserve(static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(cl), max)));
    }
    if (body.size() + len > max) {
      body.append(p, static_cast<size_t>(max - body.size()));
      t->res.truncated = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR; recorded as truncated, not failed
    }
    body.append(p, len);
    return len;
  }

  static size_t OnHeader(char* p, size_t size, size_t n, void* ud) {
    auto* t = static_cast<Transfer*>(ud);
    size_t len = size * n;
    std::string_view line(p, len);
    if (StartsWith(line, "HTTP/")) t->res.response_head.clear();  // a new response (redirect, 100)
    if (t->res.response_head.size() + len < (256u << 10)) t->res.response_head.append(line);
    return len;
  }

  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* ud) {
    if (type == CURLINFO_HEADER_OUT) {
      auto* t = static_cast<Transfer*>(ud);
      t->res.request_head.assign(data, std::min<size_t>(size, 64u << 10));
    }
    return 0;
  }

  static int OnSocketCb(CURL*, curl_socket_t s, int what, void* userp, void*) {
    static_cast<CurlTransport*>(userp)->OnSocket(s, what);
    return 0;
  }

  static int OnTimerCb(CURLM*, long timeout_ms, void* userp) {
    static_cast<CurlTransport*>(userp)->OnTimer(timeout_ms);
    return 0;
  }

  // A connection's socket (one curl opened through OnOpenSocket) stays registered with the
  // reactor from curl's first interest in it until curl closes it (OnCloseSocket), not only while
  // curl watches it: a kept-alive connection goes idle (CURL_POLL_REMOVE) after every transfer,
  // and registering it again for the next one cost three epoll_ctl and an ioctl per request
  // (strace of the bench web on loopback: 2.75 epoll_ctl and 0.9 ioctl per request). Other
  // sockets curl watches (the threaded resolver's socketpair) are closed by curl itself, without
  // the close callback: those are released at REMOVE, as before.
  static curl_socket_t OnOpenSocket(void* userp, curlsocktype, curl_sockaddr* a) {
    auto* self = static_cast<CurlTransport*>(userp);
    curl_socket_t s = ::socket(a->family, a->socktype, a->protocol);
    if (s == CURL_SOCKET_BAD) return s;
    self->Forget(s);   // an entry left under this number (defensive: none should be)
    self->opened_.insert(s);
    return s;
  }

  static int OnCloseSocket(void* userp, curl_socket_t s) {
    auto* self = static_cast<CurlTransport*>(userp);
    self->opened_.erase(s);
    auto it = self->socks_.find(s);
    if (it != self->socks_.end() && it->second->sd.is_open()) {
      Sock& k = *it->second;
      k.dead = true;
      error_code ec;
      k.sd.close(ec);   // deregisters from the reactor and closes the fd
      self->socks_.erase(it);
      return ec ? -1 : 0;
    }
    if (it != self->socks_.end()) self->socks_.erase(it);
    return ::close(s);
  }

  void Forget(curl_socket_t s) {
    auto it = socks_.find(s);
    if (it == socks_.end()) return;
    it->second->Release();   // stops its waits; they see dead and return
    socks_.erase(it);
  }

  void OnSocket(curl_socket_t s, int what) {
    if (what == CURL_POLL_REMOVE) {
      auto it = socks_.find(s);
      // Not a connection (curl closes it itself), or one the reactor refused: released as before.
      if (it != socks_.end() && (!opened_.count(s) || it->second->dead)) {
        it->second->Release();   // stops its waits; they see dead and return
        socks_.erase(it);
        return;
      }
      // A connection gone idle: waits armed so far are cancelled and will not call curl.
      if (it != socks_.end()) {
        Sock& k = *it->second;
        k.want = 0;
        ++k.gen;
        k.reading = k.writing = false;
        error_code ec;
        if (!k.dead) k.sd.cancel(ec);
      }
      return;
    }
    auto& sock = socks_[s];
    if (!sock) sock = std::make_shared<Sock>(io_, s);
    sock->want = what;
    if (sock->dead) return;
    if ((what & CURL_POLL_IN) && !sock->reading) Arm(sock, true);
    if ((what & CURL_POLL_OUT) && !sock->writing) Arm(sock, false);
  }

  void Arm(const std::shared_ptr<Sock>& sock, bool read) {
    (read ? sock->reading : sock->writing) = true;
    std::weak_ptr<bool> alive = alive_;
    sock->sd.async_wait(read ? asio::posix::descriptor_base::wait_read : asio::posix::descriptor_base::wait_write,
                        [this, sock, read, alive, gen = sock->gen](const error_code& ec) {
                          if (alive.expired() || !*alive.lock()) return;
                          if (sock->gen != gen) return;   // armed before curl let the socket go idle
                          (read ? sock->reading : sock->writing) = false;
                          if (sock->dead || ec == asio::error::operation_aborted) return;
                          int ev = ec ? CURL_CSELECT_ERR : (read ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
                          Action(sock->fd, ev);
                          // curl calls the socket callback only on a change: keep waiting while it
                          // still wants this direction.
                          if (sock->dead) return;
                          int bit = read ? CURL_POLL_IN : CURL_POLL_OUT;
                          bool armed = read ? sock->reading : sock->writing;
                          if ((sock->want & bit) && !armed) Arm(sock, read);
                        });
  }

  void OnTimer(long timeout_ms) {
    timer_.cancel();
    if (timeout_ms < 0) return;
    // Never call curl from here, even for 0 ms: the timeout action runs from the loop later.
    // 0 ms (every new transfer) is a post, not a timer: re-arming asio's timerfd costs a syscall.
    if (timeout_ms == 0) {
      if (timeout_posted_) return;
      timeout_posted_ = true;
      std::weak_ptr<bool> alive = alive_;
      asio::post(io_, [this, alive] {
        if (alive.expired() || !*alive.lock()) return;
        timeout_posted_ = false;
        Action(CURL_SOCKET_TIMEOUT, 0);
      });
      return;
    }
    timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    std::weak_ptr<bool> alive = alive_;
    timer_.async_wait([this, alive](const error_code& ec) {
      if (ec || alive.expired() || !*alive.lock()) return;
      Action(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  void Action(curl_socket_t s, int ev) {
    int running = 0;
    g_curl->multi_socket_action(multi_, s, ev, &running);
    Drain();
  }

  void Drain() {
    int left = 0;
    while (CURLMsg* msg = g_curl->multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      CURLcode rc = msg->data.result;
      auto it = transfers_.find(e);
      if (it == transfers_.end()) continue;
      auto t = std::move(it->second);
      transfers_.erase(it);
      if (t->loads_resolve) t->loads_resolve->resolve_loaded = true;
      Fill(t.get(), rc);
      g_curl->multi_remove_handle(multi_, e);
      Complete(std::move(t));
    }
  }

  void Fill(Transfer* t, CURLcode rc) {
    FetchResult& r = t->res;
    long code = 0;
    g_curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
    char* eff = nullptr;
    if (g_curl->easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) r.final_url = eff;
    if (r.final_url.empty()) r.final_url = r.url;
    char* ip = nullptr;
    if (g_curl->easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) r.ip = ip;
    long lport = 0;
    if (g_curl->easy_getinfo(t->easy, CURLINFO_LOCAL_PORT, &lport) == CURLE_OK) r.local_port = static_cast<int>(lport);
    r.duration_ms = (SteadyMicros() - t->start_steady) / 1000.0;
    if (rc == CURLE_WRITE_ERROR && r.truncated) rc = CURLE_OK;  // our own cut at max_body
    r.error = Classify(rc);
    if (rc != CURLE_OK) {
      r.error_message = t->errbuf[0] ? t->errbuf : g_curl->easy_strerror(rc);
      // A reply that started and then broke still counts as a failure of the transfer.
      r.status = 0;
      return;
    }
    r.status = static_cast<int>(code);
    r.content_type = HeaderValue(r.response_head, "Content-Type");
    r.etag = HeaderValue(r.response_head, "ETag");
    r.last_modified = HeaderValue(r.response_head, "Last-Modified");
    r.location = HeaderValue(r.response_head, "Location");
  }

  // Hands the result to its owner from the loop, never from inside Start() or a curl callback.
  void Complete(std::unique_ptr<Transfer> t) {
    if (t->easy) {
      // Easy handles are kept for the next transfers: a new one costs a dozen allocations (its
      // state, its 16 KB buffer), the network thread's largest cost after the kernel's. Reset
      // here, before this transfer's header lists and error buffer go.
      if (idle_easy_.size() < kMaxIdleEasy) {
        g_curl->easy_reset(t->easy);
        idle_easy_.push_back(t->easy);
      } else {
        g_curl->easy_cleanup(t->easy);
      }
      t->easy = nullptr;
    }
    auto done = std::move(t->done);
    auto res = std::make_shared<FetchResult>(std::move(t->res));
    t.reset();
    asio::post(io_, [done = std::move(done), res]() mutable {
      if (done) done(std::move(*res));
    });
  }

  EventLoop* loop_;
  asio::io_context& io_;
  TransportOptions options_;
  asio::steady_timer timer_;
  CURLM* multi_ = nullptr;
  curl_slist* connect_to_ = nullptr;
  std::vector<ConnectRule> rules_;   // connect_to_ parsed
  std::unordered_map<std::string, HostRules> host_rules_;   // "host:port" → its ConnectTo lists
  curl_slist* base_headers_ = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  static constexpr size_t kMaxIdleEasy = 64;
  std::vector<CURL*> idle_easy_;   // finished easy handles, reset, for the next Start()
  std::unordered_map<curl_socket_t, std::shared_ptr<Sock>> socks_;
  std::unordered_set<curl_socket_t> opened_;   // sockets curl opened through OnOpenSocket, not yet closed
  bool timeout_posted_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

class FaultTransport final : public Transport {
 public:
  FaultTransport(EventLoop* loop, std::unique_ptr<Transport> inner, FaultRule rule)
      : loop_(loop), inner_(std::move(inner)), rule_(std::move(rule)) {}
  void Start(FetchRequest request, Done done) override {
    FetchResult fake;
    fake.url = fake.final_url = request.url;
    fake.started_micros = Clock::Real()->NowMicros();
    if (rule_ && rule_(request, index_++, &fake)) {
      ++faked_;
      loop_->Post([this, done = std::move(done), fake = std::move(fake)]() mutable {
        --faked_;
        done(std::move(fake));
      });
      return;
    }
    inner_->Start(std::move(request), std::move(done));
  }
  size_t active() const override { return inner_->active() + faked_; }
  void Shutdown() override { inner_->Shutdown(); }

 private:
  EventLoop* loop_;
  std::unique_ptr<Transport> inner_;
  FaultRule rule_;
  int index_ = 0;
  size_t faked_ = 0;
};

// Plain HTTP to the own client, the rest to libcurl (loaded when first needed: a crawl of
// http:// sites never loads curl or its TLS libraries). Redirects a caller asks to be followed
// (robots.txt: max_redirects 5) are followed here, hop by hop, each hop by whichever client
// carries its URL, as curl follows them: 303, and 301/302 after a POST, continue as GET; the
// total timeout covers the whole chain; Shutdown() ends chains between two hops too.
class RoutingTransport final : public Transport {
 public:
  RoutingTransport(EventLoop* loop, TransportOptions options)
      : loop_(loop), options_(std::move(options)), own_(internal::NewOwnHttpTransport(loop, options_)) {}

  ~RoutingTransport() override { *alive_ = false; }

  void Start(FetchRequest request, Done done) override {
    if (request.max_redirects > 0) {
      FetchRequest hop = request;
      hop.max_redirects = 0;
      if (internal::OwnClientCarries(hop, options_)) {
        auto chain = std::make_shared<Chain>();
        chain->first = request.url;
        chain->left = request.max_redirects;
        chain->started_micros = Clock::Real()->NowMicros();
        chain->start_steady = SteadyMicros();
        chain->total_ms = request.total_timeout_ms;
        chain->generation = generation_;
        chain->done = std::move(done);
        ++chains_;
        Hop(std::move(hop), std::move(chain));
        return;
      }
    }
    Route(std::move(request), std::move(done));
  }

  // Chains between two hops count too (their last hop has left the own client's count).
  size_t active() const override {
    return own_->active() - hops_in_flight_ + chains_ + (curl_ ? curl_->active() : 0);
  }

  void Shutdown() override {
    ++generation_;   // chains between two hops end as cancelled instead of going on
    own_->Shutdown();
    if (curl_) curl_->Shutdown();
  }

 private:
  struct Chain {
    std::string first;           // the URL asked for
    int left = 0;                // hops still allowed
    int64_t started_micros = 0;  // wall clock, for the result
    int64_t start_steady = 0;
    int total_ms = 0;            // the caller's total timeout, for the whole chain (0: none)
    unsigned generation = 0;     // the router's at the start: a Shutdown() since ends the chain
    Done done;
  };

  void Route(FetchRequest request, Done done) {
    if (internal::OwnClientCarries(request, options_)) {
      own_->Start(std::move(request), std::move(done));
      return;
    }
    if (!curl_) {
      std::string err;
      curl_ = NewCurlTransport(loop_, options_, &err);
      if (!curl_) {
        FetchResult r;
        r.url = r.final_url = request.url;
        r.started_micros = Clock::Real()->NowMicros();
        r.error = FetchError::kOther;
        r.error_message = err;
        loop_->Post([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
        return;
      }
    }
    curl_->Start(std::move(request), std::move(done));
  }

  // One hop of a chain, by the own client, within what is left of the chain's total timeout.
  // What is left of the chain's total timeout (at least 1 ms; 0 when it has none).
  static int LeftMs(const Chain& chain) {
    if (chain.total_ms <= 0) return 0;
    const int64_t spent_ms = (SteadyMicros() - chain.start_steady) / 1000;
    return static_cast<int>(std::max<int64_t>(1, chain.total_ms - spent_ms));
  }

  void Hop(FetchRequest hop, std::shared_ptr<Chain> chain) {
    hop.total_timeout_ms = LeftMs(*chain);
    ++hops_in_flight_;
    FetchRequest next_base = hop;
    own_->Start(std::move(hop), [this, alive = std::weak_ptr<bool>(alive_), chain, base = std::move(next_base)](
                                    FetchResult r) mutable {
      if (alive.expired() || !*alive.lock()) return;   // the router is gone, and with it its user
      --hops_in_flight_;
      const bool redirect = r.error == FetchError::kNone &&
                            (r.status == 300 || r.status == 301 || r.status == 302 || r.status == 303 ||
                             r.status == 307 || r.status == 308) &&
                            !r.location.empty();
      std::optional<std::string> next = redirect ? ResolveUrl(base.url, r.location) : std::nullopt;
      // The answer itself: no redirect, a Location that is no URL, or one that canonicalises back
      // to this URL (a session id in it, say) and would only loop.
      if (!next || *next == base.url) return Finish(std::move(r), chain);
      if (chain->generation != generation_) {
        r.error = FetchError::kCancelled;
        r.error_message = "transport shut down";
        r.status = 0;
        return Finish(std::move(r), chain);
      }
      if (chain->left <= 0) {
        r.error = FetchError::kOther;
        r.error_message = "too many redirects";
        r.status = 0;
        return Finish(std::move(r), chain);
      }
      --chain->left;
      FetchRequest to = std::move(base);
      to.url = *next;
      if (r.status == 303 || ((r.status == 301 || r.status == 302) && to.method == "POST")) {
        to.method = "GET";
        to.post_body.clear();
        to.content_type.clear();
      }
      if (internal::OwnClientCarries(to, options_)) return Hop(std::move(to), std::move(chain));
      // Off plain HTTP (https, say): libcurl follows the rest of the chain, in the time left.
      to.max_redirects = chain->left;
      to.total_timeout_ms = LeftMs(*chain);
      --chains_;
      Route(std::move(to), [chain](FetchResult r2) {
        r2.url = chain->first;
        r2.started_micros = chain->started_micros;
        r2.duration_ms = static_cast<double>(SteadyMicros() - chain->start_steady) / 1000.0;
        chain->done(std::move(r2));
      });
    });
  }

  void Finish(FetchResult r, const std::shared_ptr<Chain>& chain) {
    --chains_;
    r.final_url = r.url;
    r.url = chain->first;
    r.started_micros = chain->started_micros;
    r.duration_ms = static_cast<double>(SteadyMicros() - chain->start_steady) / 1000.0;
    chain->done(std::move(r));
  }

  EventLoop* loop_;
  TransportOptions options_;
  std::unique_ptr<Transport> own_;
  std::unique_ptr<Transport> curl_;
  size_t chains_ = 0;           // redirect chains the router is following
  size_t hops_in_flight_ = 0;   // of those, the ones with a hop in the own client (or its result posted)
  unsigned generation_ = 0;     // bumped by Shutdown()
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace

Status CheckConnectRule(std::string_view rule) {
  const std::string quoted = "connect-to rule \"" + std::string(rule) + "\": ";
  auto r = ParseConnectRule(rule);
  if (!r) return Status::InvalidArgument(quoted + "expected HOST1:PORT1:HOST2:PORT2 (e.g. ::127.0.0.1:8080)");
  for (const std::string* port : {&r->from_port, &r->to_port}) {
    if (port->empty()) continue;
    long v = 0;
    for (char c : *port) v = (c >= '0' && c <= '9' && v <= 65535) ? v * 10 + (c - '0') : 70000;
    if (v < 1 || v > 65535) return Status::InvalidArgument(quoted + "port \"" + *port + "\" is not 1-65535");
  }
  return Status::OK();
}

bool ParseHttpClient(std::string_view name, HttpClient* out) {
  if (name == "own") {
    *out = HttpClient::kOwn;
  } else if (name == "curl") {
    *out = HttpClient::kCurl;
  } else {
    return false;
  }
  return true;
}

namespace {

// libcurl takes a proxy from the environment when none is given (http_proxy, all_proxy,
// ALL_PROXY; no_proxy exempts hosts): where one is set, libcurl keeps carrying everything, so
// that the crawl goes where it went before the own client.
bool EnvironmentNamesProxy() {
  for (const char* name : {"http_proxy", "all_proxy", "ALL_PROXY"})
    if (const char* v = std::getenv(name); v && *v) return true;
  return false;
}

}  // namespace

std::unique_ptr<Transport> NewTransport(EventLoop* loop, const TransportOptions& options, std::string* error) {
  if (options.http_client == HttpClient::kCurl || (options.proxy.empty() && EnvironmentNamesProxy()))
    return NewCurlTransport(loop, options, error);
  return std::make_unique<RoutingTransport>(loop, options);
}

std::unique_ptr<Transport> NewCurlTransport(EventLoop* loop, const TransportOptions& options, std::string* error) {
  auto t = std::make_unique<CurlTransport>(loop, options);
  if (!t->Init(error)) return nullptr;
  return t;
}

std::unique_ptr<Transport> NewFaultTransport(EventLoop* loop, std::unique_ptr<Transport> inner, FaultRule rule) {
  return std::make_unique<FaultTransport>(loop, std::move(inner), std::move(rule));
}

FetchResult FetchOnce(const FetchRequest& request, const TransportOptions& options) {
  EventLoop loop;
  std::string err;
  FetchResult out;
  out.url = out.final_url = request.url;
  auto transport = NewTransport(&loop, options, &err);
  if (!transport) {
    out.error = FetchError::kOther;
    out.error_message = err;
    return out;
  }
  transport->Start(request, [&](FetchResult r) {
    out = std::move(r);
    loop.Stop();
  });
  loop.Run();
  transport.reset();
  return out;
}

}  // namespace nianbao::crawler
