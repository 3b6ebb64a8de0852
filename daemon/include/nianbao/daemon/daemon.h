// The long-lived archiver: schedules a crawl job per agency (discovery or re-check, see
// schedule.h), runs one at a time through the crawl engine, serves the HTTP endpoint, and
// survives what a long life brings: SIGKILL (state in the archive), a full disk, a corrupt page,
// a seed that no longer resolves, a host that keeps failing (backoff) — logged and counted,
// never fatal.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "nianbao/common/clock.h"
#include "nianbao/common/status.h"
#include "nianbao/crawler/crawl.h"
#include "nianbao/daemon/config.h"
#include "nianbao/daemon/http.h"
#include "nianbao/store/archive.h"

namespace nianbao::daemon {

struct DaemonOptions {
  std::string seeds_dir;                            // every *.toml in it is a seed file
  // Builds the config (defaults < file < command line); called at start and on every reload.
  std::function<Result<Config>()> load_config;
  std::atomic<bool>* stop = nullptr;                // SIGTERM/SIGINT: finish soon, exit 0
  std::atomic<bool>* reload = nullptr;              // SIGHUP: re-read seeds and config
  Clock* clock = nullptr;                           // nullptr: Clock::Real()
  HttpHandler cli_handler;                          // POST /cli (the CLI lives in app/)
  // Tests: passed on to the crawl engine (fault injection).
  std::function<std::unique_ptr<crawler::Transport>(crawler::EventLoop*, std::unique_ptr<crawler::Transport>)>
      wrap_transport;
};

// Memory settings for the archive a daemon holds open for months: small write buffers and block
// cache, so that what the store holds (Archive::MemoryUsage) stays under StoreMemoryBound() —
// LevelDB's 32 MB default write buffer alone took half an hour of crawling to fill (bench/soak-notes.md).
store::Options DaemonStoreOptions();
// The most an archive opened with `options` should hold in memory: two write buffers (the one
// being filled and the one being flushed), the block cache, and 1 MB for one write batch and the
// open tables' index blocks.
uint64_t StoreMemoryBound(const store::Options& options);

// Runs until *options.stop. Returns OK after a clean stop; a non-OK status only when the daemon
// could not start (bad config, cannot listen). Writes DIR/daemon.endpoint while it serves.
Status RunDaemon(std::shared_ptr<store::Archive> archive, const DaemonOptions& options);

// Does a 200 answer at a known report URL say the report is gone? (A "页面不存在" page, or a
// small page whose only job is a meta refresh elsewhere.) A transient failure never is.
bool LooksLikeSoftWithdrawal(int status, const std::string& body);

}  // namespace nianbao::daemon
