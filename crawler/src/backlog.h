// The bound on the requests a crawl holds in memory (the engine's writer thread).
//
// Every admitted request is in the frontier on disk until it is done. The backlog decides which
// of them also wait in memory, in the network thread's host queues: a host has at most
// `per_host` requests handed out (queued in memory, in flight, or with a worker or the writer);
// the others stay on disk only ("spilled") and are read back from the frontier when the host's
// handed-out requests fall to half of that. Without it a crawl held every queued link in memory
// (a 300-host bench crawl: ~6 MB at its peak; a large site's crawl: without bound).
//
// Order: the host queue orders what is in memory by priority; spilled requests come back in
// request-key order (each lane of a host — its scheme and method — has a cursor that wraps), not
// by priority. So a request whose link scored urgent_score or more (its priority before the
// engine's one-per-hop depth penalty: a report or disclosure word in its anchor or URL such as
// 年报, 信息公开, 政务公开, zfxxgk, ndbg; an attachment of a report page; a seed) is handed out at
// once, up to `urgent_per_host` for a host, and never waits behind the host's spilled navigation.
// (Not every positive priority: on many sites every URL holds "xxgk" (15), and the bound would
// be urgent_per_host instead of per_host: the bench web's 300 hosts, 36 -> 42 MB peak.)
//
// Invariant (what makes read-back exact): for each host, the frontier's pending requests are
// those handed out and not done, plus the spilled ones. A read-back skips keys handed out (their
// 64-bit hashes are kept, at most per_host + urgent_per_host a host). Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "nianbao/common/status.h"
#include "nianbao/crawler/frontier.h"

namespace nianbao::crawler::internal {

class Backlog {
 public:
  using Visit = std::function<bool(const std::string& key, FrontierItem&& item)>;
  // Pending requests whose key starts with key_prefix, in key order, from the first key ≥ start,
  // until visit returns false (Frontier::ScanPending).
  using Scan = std::function<Status(const std::string& key_prefix, const std::string& start, const Visit& visit)>;

  struct Options {
    size_t per_host = 32;          // 0: no bound (everything is handed out)
    size_t urgent_per_host = 256;
    int urgent_score = 20;   // priority + depth
  };

  Backlog(Options options, Scan scan) : o_(options), scan_(std::move(scan)) {}

  // An admitted request: true to hand it out now (queue it in memory); false: it stays on disk.
  bool Admit(const FrontierItem& item);
  // A handed-out request is done (fetched and completed, or failed for good).
  void Done(const FrontierItem& item);
  // A handed-out request is still pending on disk but no longer in memory (its completion could
  // not be committed): it counts as spilled and is read back like the others.
  void Return(const FrontierItem& item);
  // Reads back spilled requests of hosts that have room again and appends them to *out (handed
  // out). An error leaves the rest on disk; the hosts concerned are tried again at the next
  // Refill.
  Status Refill(std::vector<FrontierItem>* out);

  uint64_t spilled() const { return spilled_; }
  // Spilled requests that a complete pass over their host's keys did not find (0 unless the
  // invariant above broke, e.g. a 64-bit hash collision); they are no longer counted.
  uint64_t lost() const { return lost_; }

 private:
  struct Lane {
    std::string prefix;   // "http://host/", "POST https://host/", …
    std::string cursor;   // the last key read back ("" = none yet)
    uint64_t spilled = 0;
  };
  struct Host {
    std::vector<uint64_t> out;   // hashes of the keys handed out and not done
    std::vector<Lane> lanes;
    uint64_t spilled = 0;
    bool wanting = false;        // in wanting_
  };
  void Spill(Host* h, std::string prefix);
  void WantIfRoom(Host* h);
  Status Fill(Host* h, std::vector<FrontierItem>* out);
  Status FillLane(Host* h, Lane* lane, std::vector<FrontierItem>* out);

  Options o_;
  Scan scan_;
  std::unordered_map<std::string, Host> hosts_;   // by HostOf(url)
  std::vector<Host*> wanting_;                     // spilled and room for more
  uint64_t spilled_ = 0, lost_ = 0;
};

}  // namespace nianbao::crawler::internal
