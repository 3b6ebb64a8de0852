// The daemon's local HTTP endpoint (Boost.Beast; asio types stay in daemon/src), the endpoint
// file that tells CLI clients where it is, and the client half of POST /cli.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::daemon {

struct HttpRequest {
  std::string method, target, body;   // target: "/diff?agency=…"
  std::string Path() const;           // target without the query
  std::string Query(const std::string& name) const;   // percent-decoded; "" when absent
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves on address "host:port" (port 0: a free one). One thread accepts; each connection is
// answered on its own thread (one request per connection), so a long POST /cli never blocks
// /metrics. Stop() closes the listener and joins every connection thread.
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
// {"argv": […]}, answer {"exit_code": N, "stdout_b64": "…", "stderr": "…"}.
struct CliReply {
  int exit_code = 0;
  std::string out, err;
};
Result<CliReply> CallCli(const std::string& address, const std::vector<std::string>& argv);
std::string EncodeCliRequest(const std::vector<std::string>& argv);
Result<std::vector<std::string>> DecodeCliRequest(const std::string& body);
std::string EncodeCliReply(const CliReply& reply);

}  // namespace nianbao::daemon
