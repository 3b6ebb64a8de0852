// The own client's host name lookups (crawler/src/resolver.h): answers on the loop, never inline,
// one lookup per name at a time, cached. Only address literals are relied on: tests never ask a
// DNS server, and a fresh debootstrap root has no /etc/hosts, so even "localhost" may not resolve.
#include <catch2/catch.hpp>
#include <netdb.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string>
#include <vector>

#include "../../crawler/src/resolver.h"

using nianbao::crawler::internal::Resolver;

namespace {

struct Answer {
  std::string error;
  Resolver::Endpoints endpoints;
};

// Runs the lookups on one loop until all are answered (or 10 s pass).
std::vector<Answer> ResolveAll(Resolver* r, boost::asio::io_context& io, const std::vector<std::string>& hosts,
                               bool* any_inline = nullptr) {
  std::vector<Answer> out(hosts.size());
  size_t left = hosts.size();
  bool inside = false;
  for (size_t i = 0; i < hosts.size(); ++i) {
    inside = true;
    r->Resolve(hosts[i], "8080", [&, i](const std::string& error, const Resolver::Endpoints& eps) {
      if (inside && any_inline) *any_inline = true;
      out[i] = Answer{error, eps};
      if (--left == 0) io.stop();
    });
    inside = false;
  }
  boost::asio::steady_timer guard(io, std::chrono::seconds(10));
  guard.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) io.stop();
  });
  io.restart();
  io.run();
  CHECK(left == 0);
  return out;
}

}  // namespace

TEST_CASE("resolver: literals, answered on the loop, the same name once, then from the cache", "[resolver]") {
  boost::asio::io_context io;
  Resolver r(io);
  bool inline_answer = false;
  const auto a = ResolveAll(&r, io, {"127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2", "::1"}, &inline_answer);
  CHECK_FALSE(inline_answer);
  REQUIRE(a[0].error.empty());
  REQUIRE(a[0].endpoints.size() == 1);
  CHECK(a[0].endpoints[0].address().to_string() == "127.0.0.1");
  CHECK(a[0].endpoints[0].port() == 8080);
  for (int i : {1, 2, 3}) {
    INFO("127.0.0.2 #" << i);
    REQUIRE(a[i].error.empty());
    REQUIRE(a[i].endpoints.size() == 1);
    CHECK(a[i].endpoints[0].address().to_string() == "127.0.0.2");   // one lookup, every asker answered
  }
  REQUIRE(a[4].error.empty());   // a literal, even where IPv6 is not configured
  CHECK(a[4].endpoints[0].address().to_string() == "::1");

  // From the cache now: still never inside Resolve().
  inline_answer = false;
  const auto b = ResolveAll(&r, io, {"127.0.0.2"}, &inline_answer);
  CHECK_FALSE(inline_answer);
  CHECK(b[0].endpoints == a[1].endpoints);
}

TEST_CASE("resolver: localhost, where the machine resolves it", "[resolver]") {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo("localhost", "80", &hints, &res) != 0) {
    WARN("skipped: this machine does not resolve localhost (no /etc/hosts entry)");
    return;
  }
  freeaddrinfo(res);
  boost::asio::io_context io;
  Resolver r(io);
  const auto a = ResolveAll(&r, io, {"localhost"});
  REQUIRE(a[0].error.empty());
  REQUIRE_FALSE(a[0].endpoints.empty());
  CHECK(a[0].endpoints[0].address().is_loopback());
}

TEST_CASE("resolver: a name that cannot be a host fails, and the failure is an answer", "[resolver]") {
  boost::asio::io_context io;
  Resolver r(io);
  // An empty label is refused by getaddrinfo before any DNS query is sent.
  const auto a = ResolveAll(&r, io, {"bad..name", "bad..name"});
  for (const auto& x : a) {
    CHECK_FALSE(x.error.empty());
    CHECK(x.endpoints.empty());
  }
}

TEST_CASE("resolver: destroyed with a lookup running, nothing is answered afterwards", "[resolver]") {
  boost::asio::io_context io;
  bool called = false;
  {
    Resolver r(io);
    r.Resolve("localhost", "80", [&](const std::string&, const Resolver::Endpoints&) { called = true; });
  }
  io.run_for(std::chrono::milliseconds(300));
  CHECK_FALSE(called);
}
