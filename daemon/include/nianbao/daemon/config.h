// The daemon's settings. Layered: the defaults below < the config file (TOML, README "Daemon")
// < the command line. SIGHUP re-reads the file and applies the same command line again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::daemon {

constexpr int64_t kSecond = 1000000;   // micros
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kDay = 24 * kHour;

struct Config {
  // [schedule] — per agency. Discovery walks the site for new reports; a re-check re-fetches
  // only the known report URLs (conditional GET), so edits and withdrawals are seen sooner.
  int64_t discovery_interval = 3 * kDay;
  int64_t recheck_interval = 12 * kHour;
  // The publication season (the legal deadline is 31 January), months 1..12 in Beijing time.
  int season_first_month = 1;
  int season_last_month = 3;
  int64_t season_discovery_interval = 1 * kDay;
  int64_t season_recheck_interval = 2 * kHour;
  int64_t error_retry = 1 * kHour;      // a crawl that could not run is tried again after this
  // [backoff] — a host whose every request failed in a crawl (timeouts, resets, 5xx) waits
  // base × 2^(failures−1), at most max, before its agency is crawled again.
  int64_t backoff_base = 1 * kHour;
  int64_t backoff_max = 48 * kHour;
  // [crawl] — passed to the crawl engine (crawler/crawl.h has the meaning of each).
  int per_host = 1;
  int delay_ms = 1000;
  int concurrency = 16;
  int max_pages = 2000;
  int max_depth = 8;
  std::string proxy;
  std::vector<std::string> connect_to;
  std::string http_client = "own";         // own | curl (crawler/fetch.h, HttpClient)
  // [http]
  std::string listen = "127.0.0.1:8750";   // port 0 picks a free one (tests)
  // [log]
  std::string log_level = "info";          // debug | info | warn | error
};

// "90s", "30m", "12h", "3d", or a bare number of seconds → micros. InvalidArgument otherwise.
Result<int64_t> ParseDuration(const std::string& text);

// Overlays the settings present in the TOML file onto *config. InvalidArgument naming the file,
// line and key on a syntax error, an unknown key or a bad value (so a typo is never ignored).
Status LoadConfigFile(const std::string& path, Config* config);
// The same for TOML text (tests).
Status LoadConfigText(const std::string& text, const std::string& name, Config* config);

// Is `micros` inside the publication season? (Beijing time, UTC+8.)
bool InSeason(const Config& config, int64_t micros);

}  // namespace nianbao::daemon
