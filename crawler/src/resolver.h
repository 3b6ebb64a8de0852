// Host name lookups for the own HTTP client: getaddrinfo on a few threads of their own, results
// handed back on the event loop.
//
// Why not Boost.Asio's resolver: it runs every lookup on one private thread, so one name whose
// DNS server does not answer (a retired agency domain: 10-20 s per getaddrinfo) holds up every
// other lookup behind it, and their connect timeouts run out while they wait. Here up to
// kThreads lookups run at once, one per name at a time (later askers wait for the same answer),
// answers are cached for 60 s and failures for 30 s.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace nianbao::crawler::internal {

class Resolver {
 public:
  using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
  // error is "" on success (then endpoints is not empty).
  using Callback = std::function<void(const std::string& error, const Endpoints& endpoints)>;

  static constexpr int kThreads = 4;
  static constexpr int64_t kTtlMicros = 60'000'000;        // curl's DNS cache timeout
  static constexpr int64_t kFailureTtlMicros = 30'000'000;

  explicit Resolver(boost::asio::io_context& io);
  // Lookups still running finish on their threads; their answers are dropped.
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Calls done later on the loop (never inside Resolve) with the addresses of host (name or
  // literal) and numeric port. Call on the loop thread.
  void Resolve(const std::string& host, const std::string& port, Callback done);

 private:
  struct Shared;
  struct Entry {
    std::string error;
    Endpoints endpoints;
    int64_t expires = 0;
  };
  void Answer(const std::string& key, std::string error, Endpoints endpoints);

  boost::asio::io_context& io_;
  std::shared_ptr<Shared> shared_;   // with the lookup threads
  std::unordered_map<std::string, Entry> cache_;
  std::unordered_map<std::string, std::vector<Callback>> waiting_;   // lookups in progress
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace nianbao::crawler::internal
