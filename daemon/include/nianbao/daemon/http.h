// The daemon's local HTTP endpoint (Boost.Beast; asio types stay in daemon/src), the endpoint
// file that tells CLI clients where it is, and the client half of POST /cli.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::daemon {

struct HttpRequest {
  std::string method, target, body;   // target: "/diff?agency=…"
  std::string Path() const;           // target without the query
  std::string Query(const std::string& name) const;   // percent-decoded; "" when absent
};

// Sends one piece of a streamed body; false once the client is gone (stop producing then).
using BodyWriter = std::function<bool(std::string_view)>;

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status_code, std::string type, std::string text)
      : status(status_code), content_type(std::move(type)), body(std::move(text)) {}
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  // A body of unknown length (an export of the whole archive): when set, `body` is ignored and
  // this is called once on the connection's thread to write the body piece by piece, each sent
  // at once as an HTTP/1.1 chunk, so the server holds one piece at a time, never the whole.
  std::function<void(const BodyWriter&)> stream;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves on address "host:port" (port 0: a free one). One thread accepts; each connection is
// answered on its own thread (one request per connection), so a long POST /cli never blocks
// /metrics. Stop() closes the listener, cuts streamed answers short and joins every connection thread.
class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> Start(const std::string& address, HttpHandler handler);
  virtual ~HttpServer() = default;
  virtual std::string address() const = 0;   // "127.0.0.1:8750" with the real port
  virtual void Stop() = 0;
};

// DIR/daemon.endpoint: "HOST:PORT PID\n". Written atomically (rename) after the listener is up.
Status WriteEndpointFile(const std::string& store_dir, const std::string& address);
void RemoveEndpointFile(const std::string& store_dir);
// The address of the daemon holding store_dir. NotFound when there is no endpoint file or its
// process is gone (a daemon killed with SIGKILL leaves a stale file behind).
Result<std::string> ReadEndpointFile(const std::string& store_dir);

// A minimal synchronous HTTP/1.1 client for the loopback endpoint (tests and the CLI).
Result<HttpResponse> HttpCall(const std::string& address, const std::string& method, const std::string& target,
                              const std::string& body = "", int timeout_ms = 600000);

// POST /cli: runs argv (["list", "--store", …]) in the daemon. Wire format: request
// {"argv": […]}; the answer (kCliContentType, chunked) is a sequence of frames, each a type
// byte, the payload's length as 8 hex digits, and the payload: 'O' standard output (binary, in
// pieces of at most kCliFrameMax), 'E' standard error, and last 'X' the exit code in decimal.
inline constexpr const char* kCliContentType = "application/x-nianbao-cli";
inline constexpr size_t kCliFrameMax = 64 << 10;
std::string CliFrame(char type, std::string_view payload);

struct CliReply {
  int exit_code = 0;
  std::string err;
};
// Standard output goes to `out` as it arrives (false from it: stop reading, IOError), so the
// caller holds no more than a frame of it at a time.
Result<CliReply> CallCli(const std::string& address, const std::vector<std::string>& argv,
                         const std::function<bool(std::string_view)>& out);
std::string EncodeCliRequest(const std::vector<std::string>& argv);
Result<std::vector<std::string>> DecodeCliRequest(const std::string& body);

}  // namespace nianbao::daemon
