// The daemon's schedule: when each agency is next discovered or re-checked, which hosts are
// backing off. All of it lives in the archive's "schedule" state namespace, written as each job
// begins and ends, so a daemon killed at any moment continues the same schedule on restart and
// resumes the interrupted crawl first (the crawl engine's frontier resumes a crawl only when
// the same job runs again).
//
//   "schedule" "agency/<id>" → {"last_discovery","last_recheck","retry_at","errors",
//                                "consecutive_errors","last_error","hosts":[…]}
//   "schedule" "host/<host>"  → {"failures","until"}
//   "schedule" "current"      → {"agency","kind","started"}   (the job in progress)
//
// Thread safety: not thread-safe; the daemon's run loop owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nianbao/common/clock.h"
#include "nianbao/common/json.h"
#include "nianbao/common/status.h"
#include "nianbao/daemon/config.h"
#include "nianbao/store/archive.h"

namespace nianbao::daemon {

enum class JobKind { kDiscovery, kRecheck };
const char* JobKindName(JobKind kind);   // "discovery" | "recheck"

struct Job {
  std::string agency;
  JobKind kind = JobKind::kDiscovery;
  bool resumed = false;                  // continues a job a previous process did not finish
};

struct AgencyState {
  int64_t last_discovery = 0;            // micros; 0 = never
  int64_t last_recheck = 0;
  int64_t retry_at = 0;                  // after a failed job: not before this
  int64_t errors = 0;                    // failed jobs, all time
  int64_t consecutive_errors = 0;
  std::string last_error;
  std::vector<std::string> hosts;
};

struct HostState {
  int64_t failures = 0;                  // consecutive crawls in which every request failed
  int64_t until = 0;                     // backing off until (micros)
};

// How a job went, for Finish().
struct JobOutcome {
  bool ok = true;                        // the crawl ran (pages may have failed)
  std::string error;                     // why not, when !ok
  // Per host: answers that count as the host working (any HTTP status but 5xx/429) and failures
  // (timeouts, connection errors, 5xx, 429).
  std::map<std::string, std::pair<int64_t, int64_t>> hosts;   // host → {ok, failed}
};

class Scheduler {
 public:
  Scheduler(store::Archive* archive, Clock* clock) : archive_(archive), clock_(clock) {}

  // Reads the state from the archive (after a restart).
  Status Load();
  void SetConfig(const Config& config) { config_ = config; }
  // The agencies to schedule (from the seeds), each with its hosts. Agencies no longer listed
  // stop being scheduled; their state stays (and their archive).
  void SetAgencies(const std::map<std::string, std::vector<std::string>>& agency_hosts);

  // The job to run now, or nullopt when nothing is due. An interrupted job comes first.
  std::optional<Job> Next();
  // When the next job falls due (micros); INT64_MAX when there are no agencies.
  int64_t NextDue();
  // Due times of one agency.
  int64_t DiscoveryDue(const std::string& agency);
  int64_t RecheckDue(const std::string& agency);

  // Persists `job` as in progress / as done (and the hosts' backoff) in one batch each.
  Status Begin(const Job& job);
  Status Finish(const Job& job, const JobOutcome& outcome);

  bool InBackoff(const std::string& host);
  size_t HostsInBackoff();
  const std::map<std::string, AgencyState>& agencies() const { return state_; }
  const std::map<std::string, HostState>& hosts() const { return hosts_; }
  const std::optional<Job>& current() const { return current_; }
  // Everything above as JSON (for /status and `nianbao status`).
  Json ToJson();

 private:
  int64_t DiscoveryInterval(int64_t now) const;
  int64_t RecheckInterval(int64_t now) const;
  bool AllHostsBackingOff(const AgencyState& a, int64_t now, int64_t* until);
  static bool StartsWithKey(const std::string& key, const char* prefix);

  store::Archive* archive_;
  Clock* clock_;
  Config config_;
  std::map<std::string, AgencyState> state_;   // every agency ever scheduled
  std::map<std::string, HostState> hosts_;
  std::vector<std::string> active_;            // agencies in the seeds now
  std::optional<Job> current_;
};

}  // namespace nianbao::daemon
