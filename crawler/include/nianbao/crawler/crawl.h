// The crawl engine: from seed files to reports in the archive, politely.
//
// Pipeline (Scrapy / Heritrix style):
//   frontier (persisted in the archive's state) → per-host queues (ready / snoozed, robots.txt,
//   connection limit, delay) → fetcher (libcurl multi on one network thread) → worker pool
//   (decode → Discover → Extract → Parse; the network thread never parses pages) → one writer
//   thread (archive writes, then the frontier's "done + newly admitted links" in one batch) → back
//   to the per-host queues.
//
// A crawl killed at any point (SIGKILL) and started again with the same seeds continues where it
// stopped: a URL whose page was processed is never fetched again in that crawl; URLs in flight
// are fetched again. A crawl that finished starts afresh next time (with conditional requests for
// the report URLs it knows).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nianbao/common/clock.h"
#include "nianbao/common/status.h"
#include "nianbao/crawler/fetch.h"
#include "nianbao/crawler/seeds.h"
#include "nianbao/store/archive.h"

namespace nianbao::crawler {

struct CrawlProgress {
  uint64_t pages = 0;        // HTTP answers received (any status)
  uint64_t queued = 0;       // requests waiting: in the per-host queues, and on disk only
  uint64_t on_disk = 0;      // of those, waiting on disk only (CrawlOptions::max_queued_per_host)
  uint64_t in_flight = 0;
  uint64_t reports = 0;      // report observations stored
  uint64_t errors = 0;
  uint64_t blocked = 0;
  uint64_t bytes = 0;
  double elapsed_s = 0;
};

struct CrawlOptions {
  std::string proxy;                     // as curl -x
  std::vector<std::string> connect_to;   // as curl --connect-to HOST1:PORT1:HOST2:PORT2
  std::string agency;                    // only this agency (id or name); "" = all
  int per_host = 1;                      // connections per host at once
  int delay_ms = 1000;                   // between requests to one host; robots Crawl-delay wins when larger
  int max_crawl_delay_ms = 30000;        // a Crawl-delay above this is clamped (Heritrix does the same)
  int concurrency = 16;                  // transfers in flight in all
  int max_pages = 2000;                  // URLs admitted per agency per crawl
  int max_depth = 8;                     // link hops from a seed URL
  int max_retries = 3;                   // for timeouts, resets, connect failures and 5xx
  int retry_base_ms = 1000;              // backoff: base × 2^(attempt-1)
  int robots_retry_ms = 5000;            // robots.txt answered 5xx / unreachable: try again after
  int connect_timeout_ms = 15000;
  int total_timeout_ms = 120000;
  int low_speed_seconds = 30;            // abort below 100 bytes/s for this long
  int64_t max_body = 20ll << 20;         // a larger body is cut and recorded as truncated
  int workers = 2;                       // page-processing threads
  size_t seen_cache_entries = 200000;    // in-memory part of the seen-set (the rest is on disk)
  // Requests a host may have queued in memory, in flight or in processing; the rest of its
  // admitted requests wait in the frontier on disk and are read back as it drains (0 = no bound).
  // Report-looking requests skip the line (see crawler/src/backlog.h).
  size_t max_queued_per_host = 32;
  bool verify_tls = true;
  HttpClient http_client = HttpClient::kOwn;   // plain HTTP by nianbao's own client or by libcurl
  // A re-check: fetch only the report URLs the archive knows on the crawled agencies' hosts (with
  // their stored validators), as reports; no seed URLs and no links followed, except the files a
  // report page points to. Edits and withdrawals are seen at the cost of one request per report.
  bool recheck_only = false;
  std::string request_log;               // JSONL per request appended here ("" = none)
  // Called on the network thread about once a second, and once at the end.
  std::function<void(const CrawlProgress&)> progress;
  std::atomic<bool>* stop = nullptr;     // set (e.g. on SIGTERM): the crawl stops soon, resumable
  Clock* clock = nullptr;                // for records; nullptr = Clock::Real()
  // Tests: wraps the real transport (fault injection). Called once, on the network thread.
  std::function<std::unique_ptr<Transport>(EventLoop*, std::unique_ptr<Transport>)> wrap_transport;
};

struct CrawlFailure {
  std::string url;
  std::string reason;   // "404", "timeout: …", "blocked: HTTP 412 challenge", "robots.txt unavailable", …
};

struct CrawlSummary {
  uint64_t pages = 0;           // HTTP answers received (retries included)
  uint64_t bytes = 0;           // body bytes received
  uint64_t reports = 0;         // report observations (a report seen = 1, even unchanged)
  uint64_t new_documents = 0;
  uint64_t new_versions = 0;    // including the first version of a new document
  uint64_t unchanged = 0;       // 304 answers on known reports
  uint64_t withdrawn = 0;       // documents newly withdrawn (404/410 on a known report URL)
  uint64_t errors = 0;          // URLs that finally failed
  uint64_t blocked = 0;         // anti-bot challenges
  uint64_t robots_disallowed = 0;
  uint64_t out_of_scope = 0;    // links to other hosts, too deep, over budget or traps (not fetched)
  uint64_t retries = 0;
  bool resumed = false;         // continued an interrupted crawl
  bool stopped = false;         // ended by the stop flag (resumable), not by running out of URLs
  // Requests admitted and not fetched because the archive could not read them back (an I/O
  // error, listed in failures): the crawl is left unfinished, and the next run resumes it.
  uint64_t left_pending = 0;
  double elapsed_s = 0;
  std::vector<CrawlFailure> failures;   // at most 1000 kept
};

// Crawls every agency of the seed files into archive. Returns a summary when the crawl ran (pages
// may have failed: see summary.failures); a non-OK status only when it could not run at all
// (no agencies, the archive failed, libcurl failed to start).
Result<CrawlSummary> Crawl(const std::vector<SeedFile>& seeds, store::Archive* archive,
                           const CrawlOptions& options);

// Is this answer an anti-bot challenge rather than the page? (HTTP 412 with a script, or a tiny
// body that is only a script / a 2-byte placeholder.) Exposed for tests.
bool LooksLikeChallenge(int status, std::string_view content_type, std::string_view body);

}  // namespace nianbao::crawler
