#include "nianbao/daemon/http.h"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <list>
#include <mutex>
#include <sstream>
#include <thread>

#include "nianbao/common/json.h"

namespace nianbao::daemon {
namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

bool SplitAddress(const std::string& address, std::string* host, std::string* port) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = address.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  *port = address.substr(colon + 1);
  return !port->empty();
}

class BeastServer : public HttpServer {
 public:
  BeastServer(HttpHandler handler) : handler_(std::move(handler)), acceptor_(io_) {}
  ~BeastServer() override { Stop(); }

  Status Listen(const std::string& address) {
    std::string host, port;
    if (!SplitAddress(address, &host, &port)) return Status::InvalidArgument("bad listen address '" + address + "'");
    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(host, port, ec);
    if (ec || results.empty()) return Status::InvalidArgument("cannot resolve listen address " + address);
    tcp::endpoint ep = *results.begin();
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Status::IOError("cannot listen on " + address + ": " + ec.message());
    tcp::endpoint bound = acceptor_.local_endpoint(ec);
    const std::string h = bound.address().to_string();
    address_ = (bound.address().is_v6() ? "[" + h + "]" : h) + ":" + std::to_string(bound.port());
    accept_thread_ = std::thread([this] { AcceptLoop(); });
    return Status::OK();
  }

  std::string address() const override { return address_; }

  void Stop() override {
    if (stopping_.exchange(true)) return;
    // Wakes the blocking accept() (Linux returns EINVAL on a shut-down listener).
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    if (accept_thread_.joinable()) accept_thread_.join();
    boost::system::error_code ec;
    acceptor_.close(ec);
    std::list<Conn> threads;
    {
      std::lock_guard<std::mutex> l(mu_);
      threads.swap(threads_);
    }
    for (auto& c : threads) c.thread.join();
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_) break;
      if (ec) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      std::lock_guard<std::mutex> l(mu_);
      // Reap finished connections so a daemon running for months holds no dead threads.
      for (auto it = threads_.begin(); it != threads_.end();) {
        if (it->done->load()) {
          it->thread.join();
          it = threads_.erase(it);
        } else {
          ++it;
        }
      }
      auto done = std::make_shared<std::atomic<bool>>(false);
      threads_.push_back(Conn{std::thread([this, done, s = std::move(socket)]() mutable {
                                Serve(std::move(s));
                                *done = true;
                              }),
                              done});
    }
  }

  void Serve(tcp::socket socket) {
    // A client that stalls cannot hold a thread forever.
    timeval tv{30, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(16 << 20);
    boost::system::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) return;
    const auto& req = parser.get();
    HttpRequest r{std::string(req.method_string()), std::string(req.target()), req.body()};
    HttpResponse resp;
    try {
      resp = handler_(r);
    } catch (const std::exception& e) {
      resp = HttpResponse{500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
    }
    if (resp.stream) {
      Stream(socket, req.version(), resp);
    } else {
      http::response<http::string_body> res{static_cast<http::status>(resp.status), req.version()};
      res.set(http::field::server, "nianbao");
      res.set(http::field::content_type, resp.content_type);
      res.keep_alive(false);
      res.body() = std::move(resp.body);
      res.prepare_payload();
      http::write(socket, res, ec);
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  // The header, then each piece the producer writes as one chunk, then the last chunk. Stop()
  // makes the next write fail, so a long export ends at once rather than holding up shutdown.
  void Stream(tcp::socket& socket, unsigned version, const HttpResponse& resp) {
    boost::system::error_code ec;
    timeval tv{30, 0};   // a client that stops reading cannot hold the producer forever
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    http::response<http::empty_body> res{static_cast<http::status>(resp.status), version};
    res.set(http::field::server, "nianbao");
    res.set(http::field::content_type, resp.content_type);
    res.keep_alive(false);
    res.chunked(true);
    http::response_serializer<http::empty_body> sr{res};
    http::write_header(socket, sr, ec);
    if (ec) return;
    auto write = [&](std::string_view piece) {
      if (ec || stopping_) return false;
      if (!piece.empty()) net::write(socket, http::make_chunk(net::buffer(piece.data(), piece.size())), ec);
      return !ec;
    };
    try {
      resp.stream(write);
    } catch (const std::exception&) {
      return;   // no last chunk: the client sees a truncated answer, not a complete one
    }
    if (!ec) net::write(socket, http::make_chunk_last(), ec);
  }

  HttpHandler handler_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  std::string address_;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  struct Conn {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mu_;
  std::list<Conn> threads_;   // reaped when done, the rest joined at Stop
};

}  // namespace

std::string HttpRequest::Path() const { return target.substr(0, target.find('?')); }

std::string HttpRequest::Query(const std::string& name) const {
  size_t q = target.find('?');
  if (q == std::string::npos) return "";
  std::stringstream ss(target.substr(q + 1));
  std::string pair;
  while (std::getline(ss, pair, '&')) {
    size_t eq = pair.find('=');
    if (PercentDecode(pair.substr(0, eq)) == name) return eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1));
  }
  return "";
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& address, HttpHandler handler) {
  auto server = std::make_unique<BeastServer>(std::move(handler));
  Status s = server->Listen(address);
  if (!s.ok()) return s;
  return std::unique_ptr<HttpServer>(std::move(server));
}

Status WriteEndpointFile(const std::string& store_dir, const std::string& address) {
  const std::string path = store_dir + "/daemon.endpoint";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << address << " " << ::getpid() << "\n";
    if (!f) return Status::IOError("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("cannot write " + path);
  return Status::OK();
}

void RemoveEndpointFile(const std::string& store_dir) { std::remove((store_dir + "/daemon.endpoint").c_str()); }

Result<std::string> ReadEndpointFile(const std::string& store_dir) {
  std::ifstream f(store_dir + "/daemon.endpoint");
  std::string address;
  long pid = 0;
  if (!(f >> address >> pid) || pid <= 0) return Status::NotFound("no daemon endpoint in " + store_dir);
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
    return Status::NotFound("the daemon that wrote " + store_dir + "/daemon.endpoint (pid " + std::to_string(pid) +
                            ") is gone");
  return address;
}

namespace {

// Connects `stream` to host:port and writes one request (a JSON body); the answer is left to
// read. Throws boost::system::system_error, as Beast does.
void SendRequest(boost::beast::tcp_stream& stream, const std::string& host, const std::string& port,
                 http::verb method, const std::string& target, std::string body,
                 std::chrono::steady_clock::duration timeout) {
  tcp::resolver resolver(stream.get_executor());
  stream.expires_after(timeout);
  stream.connect(resolver.resolve(host, port));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  http::write(stream, req);
}

}  // namespace

Result<HttpResponse> HttpCall(const std::string& address, const std::string& method, const std::string& target,
                              const std::string& body, int timeout_ms) {
  std::string host, port;
  if (!SplitAddress(address, &host, &port)) return Status::InvalidArgument("bad address '" + address + "'");
  try {
    net::io_context io;
    boost::beast::tcp_stream stream(io);
    SendRequest(stream, host, port, http::string_to_verb(method), target, body, std::chrono::milliseconds(timeout_ms));
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    http::read(stream, buffer, parser);
    const auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    out.body = res.body();
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return out;
  } catch (const boost::system::system_error& e) {
    return Status::IOError("daemon endpoint " + address + ": " + e.code().message());
  }
}

std::string EncodeCliRequest(const std::vector<std::string>& argv) { return DumpJson(Json{{"argv", argv}}); }

Result<std::vector<std::string>> DecodeCliRequest(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("argv") || !j["argv"].is_array())
    return Status::InvalidArgument("expected {\"argv\": [...]}");
  std::vector<std::string> argv;
  for (const auto& a : j["argv"]) {
    if (!a.is_string()) return Status::InvalidArgument("argv holds strings only");
    argv.push_back(a.get<std::string>());
  }
  return argv;
}

std::string CliFrame(char type, std::string_view payload) {
  char head[10];
  std::snprintf(head, sizeof head, "%c%08zx", type, payload.size());
  std::string frame(head, 9);
  frame.append(payload);
  return frame;
}

Result<CliReply> CallCli(const std::string& address, const std::vector<std::string>& argv,
                         const std::function<bool(std::string_view)>& out) {
  std::string host, port;
  if (!SplitAddress(address, &host, &port)) return Status::InvalidArgument("bad address '" + address + "'");
  const auto failed = [&](const std::string& what) { return Status::IOError("daemon endpoint " + address + ": " + what); };
  try {
    net::io_context io;
    boost::beast::tcp_stream stream(io);
    // Each step may take this long; a long export keeps sending, so only a silent daemon times out.
    const auto idle = std::chrono::minutes(10);
    SendRequest(stream, host, port, http::verb::post, "/cli", EncodeCliRequest(argv), idle);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    stream.expires_after(idle);
    http::read_header(stream, buffer, parser);
    const std::string type(parser.get()[http::field::content_type]);
    const int status = static_cast<int>(parser.get().result_int());
    const bool frames = status == 200 && type == kCliContentType;
    std::string pending;   // received bytes not yet a whole frame: less than one frame
    std::vector<char> piece(kCliFrameMax);
    CliReply reply;
    bool exited = false;
    while (!parser.is_done()) {
      parser.get().body().data = piece.data();
      parser.get().body().size = piece.size();
      boost::system::error_code ec;
      stream.expires_after(idle);
      http::read(stream, buffer, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec) return failed(ec.message());
      pending.append(piece.data(), piece.size() - parser.get().body().size);
      if (!frames) {
        if (pending.size() > 200) break;   // an error text: its start is enough
        continue;
      }
      size_t at = 0;
      while (pending.size() - at >= 9) {
        const size_t len = std::strtoull(pending.substr(at + 1, 8).c_str(), nullptr, 16);
        if (len > kCliFrameMax) return failed("bad answer frame");
        if (pending.size() - at < 9 + len) break;
        const std::string_view payload(pending.data() + at + 9, len);
        switch (pending[at]) {
          case 'O':
            if (!out(payload)) return Status::IOError("cannot write the output");
            break;
          case 'E': reply.err.append(payload); break;
          case 'X': reply.exit_code = std::atoi(std::string(payload).c_str()); exited = true; break;
          default: return failed("bad answer frame");
        }
        at += 9 + len;
      }
      pending.erase(0, at);
    }
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    if (!frames) return failed("answered HTTP " + std::to_string(status) + ": " + pending.substr(0, 200));
    if (!exited || !pending.empty()) return failed("the answer ended early");
    return reply;
  } catch (const boost::system::system_error& e) {
    return failed(e.code().message());
  }
}

}  // namespace nianbao::daemon
