// The daemon's counters, rendered in the Prometheus text exposition format 0.0.4.
// Thread-safe: the crawl's network thread records fetches while the HTTP thread renders.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace nianbao::daemon {

class Metrics {
 public:
  // Upper bounds (seconds) of the fetch latency histogram; +Inf is implied.
  static constexpr std::array<double, 11> kLatencyBuckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  // One fetch: status is the HTTP status, or 0 with `error` set ("timeout", "connect", …).
  void RecordFetch(int status, const std::string& error, uint64_t bytes, double seconds);
  void RecordCrawl(const std::string& kind, bool ok, uint64_t reports, uint64_t new_documents,
                   uint64_t new_versions, uint64_t withdrawn, uint64_t errors);
  void AddError(const std::string& kind);  // "crawl" | "disk" | "seed" | "corrupt" | "config" …
  void SetQueue(uint64_t queued, uint64_t in_flight);
  void SetGauges(uint64_t agencies, uint64_t hosts_in_backoff);
  void SetStoreMemory(uint64_t bytes);   // Archive::MemoryUsage()

  std::string Render(int64_t start_time_micros) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> pages_by_status_;   // "200", "404", "error" …
  std::map<std::string, uint64_t> fetch_errors_;      // by kind
  uint64_t bytes_ = 0;
  std::array<uint64_t, kLatencyBuckets.size()> buckets_{};  // non-cumulative counts
  uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::map<std::pair<std::string, std::string>, uint64_t> crawls_;   // (kind, result)
  uint64_t reports_ = 0, new_documents_ = 0, versions_ = 0, withdrawn_ = 0, crawl_errors_ = 0;
  std::map<std::string, uint64_t> errors_;
  uint64_t queued_ = 0, in_flight_ = 0, agencies_ = 0, backoff_ = 0, store_memory_ = 0;
};

}  // namespace nianbao::daemon
