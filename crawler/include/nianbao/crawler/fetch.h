// The fetcher: HTTP transfers driven by one event loop on one network thread.
//
// EventLoop is one thread's event loop (a Boost.Asio io_context inside; asio types never leave
// crawler/). Transport is the interface the engine fetches through, so tests can inject faults;
// NewCurlTransport is the real one: libcurl's multi_socket interface on the loop, many transfers
// in flight on one thread, keep-alive connections shared between transfers. NewTransport is what
// the crawler uses: plain HTTP through nianbao's own HTTP/1.1 client on the same loop, the rest
// (TLS, SOCKS, redirects followed for the caller) through libcurl.
//
// Threading: a Transport and everything it calls back belong to the EventLoop's thread. Start()
// must be called on that thread (post there with EventLoop::Post from elsewhere); `done` always
// runs later on that thread, never inside Start().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::crawler {

constexpr const char* kUserAgent = "nianbao/0.1 (+https://github.com/nianbao/nianbao; annual-report archiver)";

// One thread's event loop. Run() on the thread that owns it; Post/After/Stop from any thread.
class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs fn on the loop thread, later (never inline). Thread-safe.
  void Post(std::function<void()> fn);
  // Runs fn on the loop thread after delay_ms (0: as soon as possible, still never inline).
  // Timers still pending when the loop stops never run. Call on the loop thread.
  void After(int64_t delay_ms, std::function<void()> fn);
  // Runs handlers until Stop() (an idle loop keeps waiting). Run again after Stop() is allowed.
  void Run();
  // Makes Run() return soon. Thread-safe.
  void Stop();
  bool stopped() const;

  struct Impl;
  Impl* impl() { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

struct FetchRequest {
  std::string url;
  std::string method = "GET";        // GET | POST
  std::string post_body;             // for POST
  std::string content_type;          // of the POST body ("" → application/x-www-form-urlencoded)
  std::string if_none_match;         // conditional re-fetch: the stored ETag …
  std::string if_modified_since;     // … and Last-Modified
  int max_redirects = 0;             // 0: return 3xx as is (the engine follows them itself)
  int64_t max_body = 20ll << 20;     // bytes; a larger body is cut here and marked truncated
  int connect_timeout_ms = 15000;
  int total_timeout_ms = 120000;
  int low_speed_bytes = 100;         // abort when slower than this many bytes/s …
  int low_speed_seconds = 30;        // … for this long
  std::string referer;
};

enum class FetchError {
  kNone = 0,      // an HTTP answer arrived (any status)
  kTimeout,       // connect/total/low-speed timeout
  kConnect,       // could not resolve or connect
  kReset,         // connection reset / closed mid-answer / empty reply
  kTls,           // TLS handshake or certificate failure
  kCancelled,     // the transport was shut down
  kOther,
};
const char* FetchErrorName(FetchError e);

struct FetchResult {
  std::string url;                   // as requested
  std::string final_url;             // after redirects followed by the transport (== url if none)
  FetchError error = FetchError::kNone;
  std::string error_message;         // curl's words, for logs and failure lists
  int status = 0;                    // HTTP status; 0 when error != kNone
  std::string content_type, etag, last_modified, location;
  std::string request_head;          // raw request head of the last request sent
  std::string response_head;         // raw response head of the last response, status line included
  std::string body;                  // the bytes received (decompressed by Content-Encoding)
  bool truncated = false;            // body was cut at max_body
  std::string ip;                    // remote address
  int local_port = 0;                // of the connection the answer came on (0: unknown)
  int64_t started_micros = 0;        // wall clock
  double duration_ms = 0;
  bool retryable() const;            // timeouts, resets, connect failures, 5xx
};

// Which client carries plain-HTTP requests (see NewTransport).
enum class HttpClient {
  kOwn,    // nianbao's own HTTP/1.1 client (http_transport.cc), libcurl for the rest
  kCurl,   // libcurl for everything
};

struct TransportOptions {
  std::string proxy;                     // as curl -x: "http://host:port", "socks5h://…"; "" none
  std::vector<std::string> connect_to;   // as curl --connect-to "HOST1:PORT1:HOST2:PORT2"
  std::string user_agent = kUserAgent;
  bool verify_tls = true;
  long max_total_connections = 0;        // 0: no cap (the engine's scheduler limits concurrency)
  bool capture_heads = true;             // record raw request/response heads
  HttpClient http_client = HttpClient::kOwn;
};

class Transport {
 public:
  virtual ~Transport() = default;
  using Done = std::function<void(FetchResult)>;
  // Starts one transfer; done runs later on the loop thread exactly once (also on Shutdown()).
  virtual void Start(FetchRequest request, Done done) = 0;
  // Transfers in flight.
  virtual size_t active() const = 0;
  // Ends every transfer in flight (their done run with kCancelled). Call on the loop thread.
  virtual void Shutdown() = 0;
};

// The libcurl transport on loop. Fails (nullptr + *error) only when libcurl cannot initialise.
std::unique_ptr<Transport> NewCurlTransport(EventLoop* loop, const TransportOptions& options,
                                            std::string* error = nullptr);

// "own" / "curl" (as --http-client takes them); false for anything else.
bool ParseHttpClient(std::string_view name, HttpClient* out);

// Whether rule is a connect_to rule both clients can follow: "HOST1:PORT1:HOST2:PORT2", four
// fields (a host may be an IPv6 address in brackets, any field may be empty), ports empty or
// 1-65535. InvalidArgument says what is wrong. (The transports skip a rule without four fields
// and take the others as given: check rules where they come in, as the CLI and daemon do.)
Status CheckConnectRule(std::string_view rule);

// The crawler's transport. With http_client == kOwn, a request goes through nianbao's own
// HTTP/1.1 client when it can: an http:// URL of printable ASCII without user info, GET or POST,
// directly (connect_to rules apply) or through a plain http:// proxy without
// credentials, and max_total_connections == 0. Everything else (https, SOCKS or authenticated
// proxies) goes through libcurl, loaded on first use; redirects to follow are followed hop by hop,
// each hop by the client that carries it. Without options.proxy, a proxy named by the environment
// (http_proxy, all_proxy, ALL_PROXY, which libcurl honours) sends everything through libcurl.
// Both report the same FetchResult fields; error_message is each client's own words.
std::unique_ptr<Transport> NewTransport(EventLoop* loop, const TransportOptions& options,
                                        std::string* error = nullptr);

// A transport for tests: wraps another and lets a rule rewrite what it answers. The rule sees each
// request (and its index, from 0) and may return a result to answer with instead of fetching.
using FaultRule = std::function<bool(const FetchRequest&, int index, FetchResult* fake)>;
std::unique_ptr<Transport> NewFaultTransport(EventLoop* loop, std::unique_ptr<Transport> inner,
                                             FaultRule rule);

// Fetches one URL synchronously on a private loop (for `nianbao robots`, tools, tests).
FetchResult FetchOnce(const FetchRequest& request, const TransportOptions& options);

// The value of header `name` (case-insensitive) in a raw response head, "" if absent.
std::string HeaderValue(const std::string& head, const std::string& name);

}  // namespace nianbao::crawler
