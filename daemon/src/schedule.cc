#include "nianbao/daemon/schedule.h"

#include <algorithm>
#include <climits>

namespace nianbao::daemon {
namespace {

constexpr const char* kNs = "schedule";

Json AgencyJson(const AgencyState& a) {
  return Json{{"last_discovery", a.last_discovery}, {"last_recheck", a.last_recheck},
              {"retry_at", a.retry_at},             {"errors", a.errors},
              {"consecutive_errors", a.consecutive_errors}, {"last_error", a.last_error},
              {"hosts", a.hosts}};
}

std::string TimeOrEmpty(int64_t micros) { return micros > 0 ? FormatTimeUtc(micros) : ""; }

}  // namespace

const char* JobKindName(JobKind kind) { return kind == JobKind::kDiscovery ? "discovery" : "recheck"; }

Status Scheduler::Load() {
  state_.clear();
  hosts_.clear();
  current_.reset();
  return archive_->ScanState(kNs, "", [&](const std::string& key, const std::string& value) {
    Json j = Json::parse(value, nullptr, false);
    if (!j.is_object()) return true;  // a damaged entry only loses that agency's history
    if (StartsWithKey(key, "agency/")) {
      AgencyState a;
      a.last_discovery = j.value("last_discovery", int64_t{0});
      a.last_recheck = j.value("last_recheck", int64_t{0});
      a.retry_at = j.value("retry_at", int64_t{0});
      a.errors = j.value("errors", int64_t{0});
      a.consecutive_errors = j.value("consecutive_errors", int64_t{0});
      a.last_error = j.value("last_error", "");
      a.hosts = j.value("hosts", std::vector<std::string>{});
      state_[key.substr(7)] = a;
    } else if (StartsWithKey(key, "host/")) {
      hosts_[key.substr(5)] = HostState{j.value("failures", int64_t{0}), j.value("until", int64_t{0})};
    } else if (key == "current") {
      Job job;
      job.agency = j.value("agency", "");
      job.kind = j.value("kind", "") == "recheck" ? JobKind::kRecheck : JobKind::kDiscovery;
      job.resumed = true;
      if (!job.agency.empty()) current_ = job;
    }
    return true;
  });
}

bool Scheduler::StartsWithKey(const std::string& key, const char* prefix) {
  return key.rfind(prefix, 0) == 0;
}

void Scheduler::SetAgencies(const std::map<std::string, std::vector<std::string>>& agency_hosts) {
  active_.clear();
  for (const auto& [id, hosts] : agency_hosts) {
    active_.push_back(id);
    state_[id].hosts = hosts;
  }
}

int64_t Scheduler::DiscoveryInterval(int64_t now) const {
  return InSeason(config_, now) ? std::min(config_.season_discovery_interval, config_.discovery_interval)
                                : config_.discovery_interval;
}

int64_t Scheduler::RecheckInterval(int64_t now) const {
  return InSeason(config_, now) ? std::min(config_.season_recheck_interval, config_.recheck_interval)
                                : config_.recheck_interval;
}

bool Scheduler::AllHostsBackingOff(const AgencyState& a, int64_t now, int64_t* until) {
  if (a.hosts.empty()) return false;
  int64_t earliest = INT64_MAX;
  for (const auto& h : a.hosts) {
    auto it = hosts_.find(h);
    if (it == hosts_.end() || it->second.until <= now) return false;
    earliest = std::min(earliest, it->second.until);
  }
  *until = earliest;
  return true;
}

// Intervals are applied at decision time (not stored as a due date) so that entering the season
// or a SIGHUP with new intervals takes effect at once.
int64_t Scheduler::DiscoveryDue(const std::string& agency) {
  const AgencyState& a = state_[agency];
  const int64_t now = clock_->NowMicros();
  int64_t due = a.last_discovery == 0 ? 0 : a.last_discovery + DiscoveryInterval(now);
  due = std::max(due, a.retry_at);
  int64_t until = 0;
  if (AllHostsBackingOff(a, now, &until)) due = std::max(due, until);
  return due;
}

int64_t Scheduler::RecheckDue(const std::string& agency) {
  const AgencyState& a = state_[agency];
  const int64_t now = clock_->NowMicros();
  // A discovery re-fetches the known reports too, so it counts as a re-check.
  const int64_t last = std::max(a.last_recheck, a.last_discovery);
  int64_t due = last + RecheckInterval(now);
  due = std::max(due, a.retry_at);
  int64_t until = 0;
  if (AllHostsBackingOff(a, now, &until)) due = std::max(due, until);
  return due;
}

std::optional<Job> Scheduler::Next() {
  if (current_ && std::find(active_.begin(), active_.end(), current_->agency) != active_.end())
    return current_;
  const int64_t now = clock_->NowMicros();
  std::optional<Job> best;
  int64_t best_due = INT64_MAX;
  for (const auto& id : active_) {
    const int64_t d = DiscoveryDue(id);
    const int64_t r = RecheckDue(id);
    // A due discovery wins: it re-fetches the known reports as well.
    const bool discovery = d <= now;
    const int64_t due = discovery ? d : r;
    if (due <= now && due < best_due) {
      best_due = due;
      best = Job{id, discovery ? JobKind::kDiscovery : JobKind::kRecheck, false};
    }
  }
  return best;
}

int64_t Scheduler::NextDue() {
  if (current_) return clock_->NowMicros();
  int64_t next = INT64_MAX;
  for (const auto& id : active_) next = std::min({next, DiscoveryDue(id), RecheckDue(id)});
  return next;
}

Status Scheduler::Begin(const Job& job) {
  current_ = job;
  Json j{{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"started", clock_->NowMicros()}};
  return archive_->PutState(kNs, "current", j.dump());
}

Status Scheduler::Finish(const Job& job, const JobOutcome& outcome) {
  const int64_t now = clock_->NowMicros();
  AgencyState& a = state_[job.agency];
  auto batch = archive_->NewStateBatch();
  if (outcome.ok) {
    if (job.kind == JobKind::kDiscovery) a.last_discovery = now;
    a.last_recheck = now;
    a.consecutive_errors = 0;
    a.retry_at = 0;
  } else {
    ++a.errors;
    ++a.consecutive_errors;
    a.last_error = outcome.error;
    // Doubling, from error_retry up to the job's own interval: a broken agency is retried
    // without spinning, and never waits longer than it would have anyway.
    const int64_t cap = job.kind == JobKind::kDiscovery ? DiscoveryInterval(now) : RecheckInterval(now);
    int64_t wait = config_.error_retry;
    for (int64_t i = 1; i < a.consecutive_errors && wait < cap; ++i) wait *= 2;
    a.retry_at = now + std::min(wait, cap);
  }
  for (const auto& [host, counts] : outcome.hosts) {
    HostState& h = hosts_[host];
    if (counts.first > 0) {
      h = HostState{};
      batch->Delete(kNs, "host/" + host);
      hosts_.erase(host);
      continue;
    }
    if (counts.second == 0) continue;
    ++h.failures;
    int64_t wait = config_.backoff_base;
    for (int64_t i = 1; i < h.failures && wait < config_.backoff_max; ++i) wait *= 2;
    h.until = now + std::min(wait, config_.backoff_max);
    batch->Put(kNs, "host/" + host, Json{{"failures", h.failures}, {"until", h.until}}.dump());
  }
  batch->Put(kNs, "agency/" + job.agency, AgencyJson(a).dump());
  batch->Delete(kNs, "current");
  current_.reset();
  return archive_->Commit(batch.get());
}

bool Scheduler::InBackoff(const std::string& host) {
  auto it = hosts_.find(host);
  return it != hosts_.end() && it->second.until > clock_->NowMicros();
}

size_t Scheduler::HostsInBackoff() {
  size_t n = 0;
  for (const auto& [host, h] : hosts_) n += InBackoff(host) ? 1 : 0;
  return n;
}

Json Scheduler::ToJson() {
  const int64_t now = clock_->NowMicros();
  Json agencies = Json::object();
  for (auto& [id, a] : state_) {
    const bool active = std::find(active_.begin(), active_.end(), id) != active_.end();
    Json j{{"scheduled", active},
           {"last_discovery", TimeOrEmpty(a.last_discovery)},
           {"last_recheck", TimeOrEmpty(a.last_recheck)},
           {"errors", a.errors},
           {"consecutive_errors", a.consecutive_errors},
           {"last_error", a.last_error},
           {"hosts", a.hosts}};
    if (active) {
      j["next_discovery"] = FormatTimeUtc(std::max(now, DiscoveryDue(id)));
      j["next_recheck"] = FormatTimeUtc(std::max(now, RecheckDue(id)));
    }
    agencies[id] = j;
  }
  Json hosts = Json::object();
  for (const auto& [host, h] : hosts_)
    hosts[host] = Json{{"failures", h.failures}, {"backoff_until", TimeOrEmpty(h.until)}, {"in_backoff", h.until > now}};
  Json out{{"season", InSeason(config_, now)}, {"agencies", agencies}, {"hosts", hosts}};
  out["current_job"] = current_ ? Json{{"agency", current_->agency}, {"kind", JobKindName(current_->kind)}} : Json();
  const int64_t next = NextDue();
  out["next_due"] = next == INT64_MAX ? "" : FormatTimeUtc(std::max(now, next));
  return out;
}

}  // namespace nianbao::daemon
