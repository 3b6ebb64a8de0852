// One crawl job of the daemon: the seeds it crawls, the transport observer that feeds metrics
// and host backoff, and the soft-withdrawal pass after it.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "nianbao/crawler/crawl.h"
#include "nianbao/crawler/seeds.h"
#include "nianbao/daemon/daemon.h"
#include "nianbao/daemon/metrics.h"
#include "nianbao/daemon/schedule.h"

namespace nianbao::daemon {

// Every *.toml of dir; a file that fails to load is logged and counted, the others are kept.
std::vector<crawler::SeedFile> LoadSeedsDir(const std::string& dir, Metrics* metrics);
// agency id → its hosts (of urls, columns and hosts).
std::map<std::string, std::vector<std::string>> AgencyHosts(const std::vector<crawler::SeedFile>& seeds);

struct JobContext {
  store::Archive* archive;
  const std::vector<crawler::SeedFile>* seeds;
  const Config* config;
  Metrics* metrics;
  std::atomic<bool>* stop;
  Clock* clock;
  const DaemonOptions* options;
};

struct JobResult {
  JobOutcome outcome;
  bool stopped = false;        // interrupted by the stop flag: resume it next time
  crawler::CrawlSummary summary;
};

JobResult RunJob(const Job& job, const JobContext& ctx);

}  // namespace nianbao::daemon
