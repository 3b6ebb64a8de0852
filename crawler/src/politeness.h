// Per-host queues for the crawl engine (Heritrix style): each host has its own priority queue of
// requests, its robots.txt rules, a connection count and the earliest time it may be asked again;
// hosts that may start a request now are "ready", the others "snoozed" until their time.
// Network thread only (not thread-safe).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "nianbao/crawler/frontier.h"
#include "nianbao/crawler/robots.h"

namespace nianbao::crawler {

class HostQueue {
 public:
  enum RobotsState { kUnknown, kFetching, kReady };

  std::string host;       // "host" or "host:port"
  std::string origin;     // "http://host[:port]" (the scheme of the first URL seen)
  RobotsState robots_state = kUnknown;
  bool robots_loaded = false;      // the archive's robots cache was consulted
  bool robots_unavailable = false; // 5xx / unreachable three times: everything disallowed
  int robots_failures = 0;
  RobotsRules rules = RobotsRules::AllowAll();
  int active = 0;                  // requests in flight
  int64_t last_start_ms = 0, last_end_ms = 0;
  int64_t next_ms = 0;             // steady ms before which no request may start
  int64_t delay_ms = 0;            // between requests: max(--delay, Crawl-delay)
  bool in_ready = false;

  void ApplyCrawlDelay(int64_t base_ms, int64_t max_ms);
  void Push(const FrontierItem& item);
  FrontierItem Pop();
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }

  // A queued request: the heap orders small entries, the item waits packed (FrontierItem::Pack).
  // A 300-host crawl holds tens of thousands of them at once.
  struct Entry {
    int priority = 0;
    uint64_t seq = 0;
    std::string packed;
  };

 private:
  friend class Politeness;
  uint64_t* queued_ = nullptr;
  std::vector<Entry> heap_;  // max-heap by (priority, -seq)
};

class Politeness {
 public:
  void Configure(int64_t delay_ms, int per_host) {
    delay_ms_ = delay_ms;
    per_host_ = per_host;
  }
  // The queue of host (created on first use; url gives its scheme).
  HostQueue* Host(const std::string& host, const std::string& url);
  // Puts h in the ready list or the snoozed heap if it has work and a free connection.
  void Reschedule(HostQueue* h, int64_t now_ms);
  // Moves snoozed hosts whose time has come to the ready list.
  void Wake(int64_t now_ms);
  // A host that may start a request now, or nullptr.
  HostQueue* NextReady(int64_t now_ms);
  // When the earliest snoozed host wakes.
  std::optional<int64_t> NextWake() const;
  // Timer bookkeeping: true when a timer for t must be armed (none armed, or a later one).
  bool ArmTimer(int64_t t);
  void TimerFired() { armed_ = 0; }
  uint64_t queued() const { return queued_; }
  size_t hosts() const { return hosts_.size(); }

 private:
  bool HasWork(const HostQueue* h) const;
  int64_t delay_ms_ = 1000;
  int per_host_ = 1;
  uint64_t queued_ = 0;
  int64_t armed_ = 0;
  std::unordered_map<std::string, std::unique_ptr<HostQueue>> hosts_;
  std::deque<HostQueue*> ready_;
  using Snooze = std::pair<int64_t, HostQueue*>;
  std::priority_queue<Snooze, std::vector<Snooze>, std::greater<Snooze>> snoozed_;
};

}  // namespace nianbao::crawler
