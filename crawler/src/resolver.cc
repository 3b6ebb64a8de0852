#include "resolver.h"

#include "event_loop_impl.h"

#include <netdb.h>
#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace nianbao::crawler::internal {

// What the lookup threads share with the loop. The threads are detached (a getaddrinfo cannot be
// interrupted); they post answers only while `io` is set, under the mutex, and the Resolver's
// destructor clears it, so no answer reaches a loop after its resolver is gone.
struct Resolver::Shared {
  std::mutex mu;
  std::condition_variable cv;
  boost::asio::io_context* io = nullptr;
  struct Job {
    std::string key, host, port;
    std::function<void(std::string, Endpoints)> answer;   // runs on the loop
  };
  std::deque<Job> jobs;
  int threads = 0, idle = 0;
};

Resolver::Resolver(boost::asio::io_context& io) : io_(io), shared_(std::make_shared<Shared>()) {
  shared_->io = &io_;
}

Resolver::~Resolver() {
  *alive_ = false;
  std::lock_guard<std::mutex> l(shared_->mu);
  shared_->io = nullptr;
  shared_->jobs.clear();
  shared_->cv.notify_all();
}

void Resolver::Resolve(const std::string& host, const std::string& port, Callback done) {
  const std::string key = host + ":" + port;
  if (auto it = cache_.find(key); it != cache_.end()) {
    if (it->second.expires > SteadyMicros()) {
      boost::asio::post(io_, [done = std::move(done), e = it->second]() { done(e.error, e.endpoints); });
      return;
    }
    cache_.erase(it);
  }
  auto& waiters = waiting_[key];
  waiters.push_back(std::move(done));
  if (waiters.size() > 1) return;   // this name is being looked up already
  std::weak_ptr<bool> alive = alive_;
  Shared::Job job{key, host, port, [this, alive, key](std::string error, Endpoints eps) {
                    if (alive.expired() || !*alive.lock()) return;
                    Answer(key, std::move(error), std::move(eps));
                  }};
  std::lock_guard<std::mutex> l(shared_->mu);
  shared_->jobs.push_back(std::move(job));
  if (shared_->idle > 0) {
    shared_->cv.notify_one();
    return;
  }
  if (shared_->threads >= kThreads) return;   // one of the busy threads takes it next
  ++shared_->threads;
  std::thread([s = shared_] {
    std::unique_lock<std::mutex> l(s->mu);
    for (;;) {
      ++s->idle;
      // An idle thread stays a minute for the next name, then goes.
      const bool got = s->cv.wait_for(l, std::chrono::seconds(60), [&] { return !s->jobs.empty() || !s->io; });
      --s->idle;
      if (!got || !s->io) break;
      Shared::Job job = std::move(s->jobs.front());
      s->jobs.pop_front();
      l.unlock();
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      // No AI_ADDRCONFIG: on a machine whose only interface is loopback (a container, a CI
      // sandbox) it hides every address, "localhost"'s too. Unreachable IPv6 addresses fail fast
      // and the connect moves to the next address, as curl does.
      hints.ai_flags = AI_NUMERICSERV;
      addrinfo* res = nullptr;
      const int rc = getaddrinfo(job.host.c_str(), job.port.c_str(), &hints, &res);
      std::string error;
      Endpoints eps;
      if (rc != 0) {
        error = rc == EAI_SYSTEM ? std::string("system error") : gai_strerror(rc);
      } else {
        for (const addrinfo* a = res; a; a = a->ai_next) {
          boost::asio::ip::tcp::endpoint ep;
          if (a->ai_addrlen <= ep.capacity()) {
            std::memcpy(ep.data(), a->ai_addr, a->ai_addrlen);
            ep.resize(a->ai_addrlen);
            eps.push_back(ep);
          }
        }
        freeaddrinfo(res);
        if (eps.empty()) error = "no address";
      }
      l.lock();
      if (s->io)
        boost::asio::post(*s->io, [answer = std::move(job.answer), error = std::move(error), eps = std::move(eps)]() mutable {
          answer(std::move(error), std::move(eps));
        });
    }
    --s->threads;
  }).detach();
}

void Resolver::Answer(const std::string& key, std::string error, Endpoints endpoints) {
  Entry e{std::move(error), std::move(endpoints), 0};
  e.expires = SteadyMicros() + (e.error.empty() ? kTtlMicros : kFailureTtlMicros);
  if (cache_.size() >= 4096) cache_.clear();   // bounded; refilled on demand
  cache_[key] = e;
  auto node = waiting_.extract(key);
  if (node.empty()) return;
  for (auto& cb : node.mapped()) cb(e.error, e.endpoints);
}

}  // namespace nianbao::crawler::internal
