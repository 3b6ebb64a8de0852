// The crawl engine (see crawl.h for the pipeline). Threads:
//  - the network thread (the caller of Crawl) runs the EventLoop: the transport, the per-host
//    queues, robots.txt and every politeness timer. It never parses pages.
//  - `workers` threads: decode → Discover → Extract → Parse, producing an Outcome.
//  - one writer thread: archive writes of an Outcome, then Frontier::Complete (done + admitted
//    links in one batch), then posts the admitted links back to the network thread.
#include "nianbao/crawler/crawl.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <thread>
#include <unordered_map>

#include "nianbao/common/json.h"
#include "nianbao/common/text.h"
#include "nianbao/crawler/discover.h"
#include "nianbao/crawler/frontier.h"
#include "nianbao/crawler/robots.h"
#include "nianbao/crawler/url.h"
#include "nianbao/extractor/charset.h"
#include "nianbao/extractor/extract.h"
#include "nianbao/parser/parse.h"
#include "backlog.h"
#include "offered.h"
#include "politeness.h"
#include "url_internal.h"

namespace nianbao::crawler {
namespace {

constexpr size_t kMaxFailures = 1000;
constexpr int kMaxRedirects = 5;
constexpr int kSeedPriority = 1000;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Lowers the calling thread's priority a little (nice +5 over the process's): the workers and
// the writer then give way to the network thread, the head of the pipeline, and to the servers
// on a machine they share. 300-host bench (loopback nginx on the same 2 cores), 5 interleaved
// pairs on a quiet machine: 4.92-5.26 s against 5.24-5.36 s, CPU per page the same. Linux
// applies setpriority to one thread when given its id; elsewhere this does nothing harmful.
void YieldToNetworkThread() {
  const id_t self = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, self);
  if (errno == 0) setpriority(PRIO_PROCESS, self, std::min(19, now + 5));   // best effort
}

// A simple blocking queue.
template <typename T>
class WorkQueue {
 public:
  void Push(T v) {
    {
      std::lock_guard<std::mutex> l(mu_);
      q_.push_back(std::move(v));
    }
    cv_.notify_one();
  }
  // Waits for one, then takes up to max that are there.
  bool PopSome(std::vector<T>* out, size_t max) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return closed_ || !q_.empty(); });
    if (q_.empty()) return false;
    while (!q_.empty() && out->size() < max) {
      out->push_back(std::move(q_.front()));
      q_.pop_front();
    }
    return true;
  }
  bool Pop(T* out) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return closed_ || !q_.empty(); });
    if (q_.empty()) return false;
    *out = std::move(q_.front());
    q_.pop_front();
    return true;
  }
  void Close() {
    {
      std::lock_guard<std::mutex> l(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> q_;
  bool closed_ = false;
};

struct AgencyScope {
  const SeedAgency* seed = nullptr;
  std::string province;
  std::set<std::string, std::less<>> hosts;   // looked up by internal::HostView
};

// What a worker made of one fetch, for the writer.
struct Outcome {
  FrontierItem item;
  FetchResult res;
  std::vector<FrontierItem> links;
  uint64_t dropped = 0;               // links out of scope / too deep / traps
  std::string failure;                // non-empty: the URL failed finally
  bool blocked = false;
  bool gone = false;                  // 404/410: withdraw a known report at this URL
  bool not_modified = false;          // 304
  // A report to store.
  bool report = false;
  int rank = 0;                       // of the report's source: see SourceRank
  store::DocKey key;
  store::AgencyInfo agency;           // set when the report's agency is not the seed's
  store::ReportContent content;
};

std::string TrimAgencyWords(std::string s) {
  // Common abbreviations, so that 获嘉县卫健委 and 获嘉县卫生健康委员会 compare equal.
  const std::pair<const char*, const char*> kAbbrev[] = {
      {"卫生健康委员会", "卫健委"}, {"卫生健康局", "卫健局"}, {"卫生和计划生育委员会", "卫计委"},
      {"人民政府办公室", "政府办"}, {"人民政府", "政府"}, {"委员会", "委"}, {" ", ""}};
  for (auto [from, to] : kAbbrev) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p)) {
      s.replace(p, std::strlen(from), to);
      p += std::strlen(to);
    }
  }
  return s;
}

// Does the extractor's agency name denote the seed agency? Equal after abbreviation, or one
// contains the other (a title that omits the region: 市卫生健康委员会 on 洛阳's site).
bool SameAgency(const std::string& found, const SeedAgency& seed) {
  if (found.empty()) return true;
  std::string a = TrimAgencyWords(found), b = TrimAgencyWords(seed.name);
  if (a == b) return true;
  if (a.size() >= 6 && b.find(a) != std::string::npos) return true;
  if (b.size() >= 6 && a.find(b) != std::string::npos) return true;
  std::string region = TrimAgencyWords(seed.region);
  if (!region.empty() && StartsWith(a, region)) return b.find(a.substr(region.size())) != std::string::npos;
  return false;
}

bool Reportish(std::string_view s) {
  static const char* kWords[] = {"年度报告", "年报", "ndbg", "gknb", "xxgknb", "zfxxgkndbg"};
  for (const char* w : kWords)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

// One source per document. A report is often published twice under one (agency, year): an HTML
// page and its attachment (全真版 PDF beside a 文字版 page, a .docx copy below the text), or on
// the agency's site and on a portal. Their canonical texts differ, and the archive dedupes a text
// against every earlier version, so storing both would make the document flip between two
// versions ("reverted") on every crawl, in whichever order the fetches happened to finish.
// So each crawl keeps one candidate per key (state namespace "pick", persisted so that a resumed
// crawl keeps them) and writes only the best when the crawl ends: the higher rank, then the
// smaller URL. A page with the full text (an HTML report page, a 文字版) outranks an attachment;
// an attachment is chosen only when no page carries the text (attachment_only pages are never
// candidates). Across crawls, a lower-ranked source never replaces a higher-ranked one the
// document already has (e.g. the HTML answered 304 and only the PDF was parsed this time).
constexpr int kRankAttachment = 1;
constexpr int kRankPage = 2;
int SourceRank(std::string_view source_format) { return source_format == "html" ? kRankPage : kRankAttachment; }
constexpr const char* kPickNs = "pick";

// The URLs a worker has offered for an agency, as Discover's KnownUrls.
class OfferedUrls final : public KnownUrls {
 public:
  OfferedUrls(const internal::OfferedLinks& offered, std::string_view agency) : offered_(offered), agency_(agency) {}
  bool Has(std::string_view url) const override { return offered_.Offered(agency_, url); }

 private:
  const internal::OfferedLinks& offered_;
  std::string_view agency_;
};

bool IsTextual(std::string_view ct, std::string_view body) {
  std::string c = ToLowerAscii(ct);
  if (c.find("html") != std::string::npos || c.find("xml") != std::string::npos ||
      c.find("json") != std::string::npos || c.find("text/") != std::string::npos)
    return true;
  if (!c.empty()) return false;
  std::string head = ToLowerAscii(body.substr(0, 512));
  return head.find("<html") != std::string::npos || head.find("<!doctype") != std::string::npos;
}

class Engine {
 public:
  Engine(const std::vector<SeedFile>& seeds, store::Archive* archive, const CrawlOptions& o)
      : seeds_(seeds), archive_(archive), o_(o), clock_(o.clock ? o.clock : Clock::Real()) {}

  Result<CrawlSummary> Run();

 private:
  // --- network thread ---
  void Enqueue(FrontierItem item);
  void Pump();
  void StartFetch(HostQueue* h, FrontierItem item);
  void StartRobots(HostQueue* h);
  void OnFetched(HostQueue* h, FrontierItem item, FetchResult res);
  void OnRobots(HostQueue* h, FetchResult res);
  void OnWritten(size_t pages, std::vector<FrontierItem> admitted);
  void CheckEnd();
  void Tick();
  void LogRequest(const FrontierItem& item, const FetchResult& res);
  void Fail(const std::string& url, const std::string& reason);
  CrawlProgress Progress();

  // --- workers / writer ---
  Outcome Process(FrontierItem item, FetchResult res, internal::OfferedLinks* offered);
  void AddLinks(const FrontierItem& from, Discovery* d, internal::OfferedLinks* offered, Outcome* out);
  // utf8: the body decoded (for textual bodies), so that the extractor need not decode it again.
  void TryReport(const FrontierItem& item, const FetchResult& res, std::optional<std::string_view> utf8,
                 const std::string& title, Outcome* out);
  void Write(Outcome& out, Frontier::Step* step);
  void WriteAll(std::vector<Outcome> outs);
  void Pick(const Outcome& out, const store::AgencyInfo& info, const store::Observation& obs);
  Status FlushPicks();

  const std::vector<SeedFile>& seeds_;
  store::Archive* archive_;
  CrawlOptions o_;
  Clock* clock_;
  std::map<std::string, AgencyScope> agencies_;
  std::unique_ptr<Frontier> frontier_;
  std::unique_ptr<internal::Backlog> backlog_;   // writer thread (and Run before it starts)
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<Transport> transport_;
  Politeness politeness_;

  WorkQueue<std::pair<FrontierItem, FetchResult>> work_;
  WorkQueue<Outcome> writes_;
  std::mutex robots_mu_;
  std::vector<std::pair<std::string, std::string>> robots_cache_writes_;

  // Network-thread counters.
  uint64_t in_flight_ = 0, processing_ = 0, retry_timers_ = 0;
  // Of processing_, the pages still waiting for (or in) a worker; the workers count them down.
  // A worker that takes the count below its bound posts a Pump (see Run): no wake-up is lost.
  std::atomic<uint64_t> unprocessed_{0};
  uint64_t MaxUnprocessed() const { return static_cast<uint64_t>(std::max(16, o_.concurrency / 2)); }
  bool stopping_ = false, ended_ = false;
  int64_t started_ms_ = 0;
  FILE* request_log_ = nullptr;

  // Shared counters.
  std::atomic<uint64_t> pages_{0}, bytes_{0}, reports_{0}, new_docs_{0}, new_versions_{0}, unchanged_{0},
      withdrawn_{0}, errors_{0}, blocked_{0}, robots_disallowed_{0}, out_of_scope_{0}, retries_{0},
      spilled_{0};   // requests waiting on disk only (backlog_)
  std::mutex failures_mu_;
  std::vector<CrawlFailure> failures_;
  std::set<std::string> known_agencies_;  // writer thread only
  bool readback_failed_ = false;          // writer thread only
};

void Engine::Fail(const std::string& url, const std::string& reason) {
  ++errors_;
  std::lock_guard<std::mutex> l(failures_mu_);
  if (failures_.size() < kMaxFailures) failures_.push_back({url, reason});
}

CrawlProgress Engine::Progress() {
  CrawlProgress p;
  p.pages = pages_;
  p.on_disk = spilled_;
  p.queued = politeness_.queued() + p.on_disk;
  p.in_flight = in_flight_;
  p.reports = reports_;
  p.errors = errors_;
  p.blocked = blocked_;
  p.bytes = bytes_;
  p.elapsed_s = (SteadyMs() - started_ms_) / 1000.0;
  return p;
}

void Engine::Enqueue(FrontierItem item) {
  std::string host = HostOf(item.url);
  HostQueue* h = politeness_.Host(host, item.url);
  if (h->robots_state == HostQueue::kUnknown && !h->robots_loaded) {
    h->robots_loaded = true;
    // robots.txt cached ≤ 24 h (RFC 9309 2.4) in the archive's state.
    auto cached = archive_->GetState("robots", host);
    if (cached.ok()) {
      Json j = Json::parse(*cached, nullptr, false);
      int64_t at = j.is_object() ? j.value("at", int64_t{0}) : 0;
      if (at > 0 && clock_->NowMicros() - at < 24ll * 3600 * 1000000) {
        int status = j.value("status", 0);
        h->rules = status >= 400 ? RobotsRules::AllowAll() : RobotsRules::Parse(j.value("body", ""), "nianbao");
        h->robots_state = HostQueue::kReady;
        h->ApplyCrawlDelay(o_.delay_ms, o_.max_crawl_delay_ms);
      }
    }
  }
  h->Push(item);
  politeness_.Reschedule(h, SteadyMs());
}

void Engine::Pump() {
  if (ended_) return;
  const int64_t now = SteadyMs();
  politeness_.Wake(now);
  // Backpressure. Pages the workers have not processed yet hold their bodies in memory: half as
  // many as the transfers in flight keep the workers busy now that fetching is cheap (300-host
  // bench, own HTTP client, 3 interleaved runs each at --concurrency 32: 16 held 1.5 MB less at
  // the peak than 32; 10 saved no more). Processed pages waiting for the writer keep no body
  // (only reports keep theirs, for the capture): four times as many of those keep fetching
  // going while the writer commits a batch.
  const uint64_t max_unprocessed = MaxUnprocessed();
  const uint64_t max_processing = 4 * max_unprocessed;
  while (!stopping_ && in_flight_ < static_cast<uint64_t>(o_.concurrency) && processing_ < max_processing &&
         unprocessed_.load(std::memory_order_relaxed) < max_unprocessed) {
    HostQueue* h = politeness_.NextReady(now);
    if (!h) break;
    if (h->robots_state == HostQueue::kUnknown) {
      StartRobots(h);
    } else {
      // Skip what robots.txt forbids without spending the host's delay on it.
      bool started = false;
      while (!h->empty()) {
        FrontierItem item = h->Pop();
        if (!h->rules.Allowed(PathAndQuery(item.url))) {
          Outcome out;
          if (h->robots_unavailable) out.failure = "robots.txt unavailable";   // e.g. read back from disk later
          else ++robots_disallowed_;
          out.item = std::move(item);
          ++processing_;
          writes_.Push(std::move(out));
          continue;
        }
        StartFetch(h, std::move(item));
        started = true;
        break;
      }
      (void)started;
    }
    politeness_.Reschedule(h, now);
  }
  if (auto next = politeness_.NextWake()) {
    int64_t wait = std::max<int64_t>(0, *next - now);
    if (politeness_.ArmTimer(*next)) loop_->After(wait, [this] {
        politeness_.TimerFired();
        Pump();
      });
  }
  CheckEnd();
}

void Engine::StartRobots(HostQueue* h) {
  h->robots_state = HostQueue::kFetching;
  h->active++;
  h->last_start_ms = SteadyMs();
  in_flight_++;
  FetchRequest req;
  req.url = h->origin + "/robots.txt";
  req.max_body = 512 * 1024;  // RFC 9309: parse at least 500 KiB; more is ignored
  req.max_redirects = 5;      // RFC 9309 2.3.1.2: follow at least five redirects
  req.connect_timeout_ms = o_.connect_timeout_ms;
  req.total_timeout_ms = std::min(o_.total_timeout_ms, 30000);
  req.low_speed_seconds = o_.low_speed_seconds;
  transport_->Start(req, [this, h](FetchResult res) { OnRobots(h, std::move(res)); });
}

void Engine::OnRobots(HostQueue* h, FetchResult res) {
  in_flight_--;
  h->active--;
  const int64_t now = SteadyMs();
  h->last_end_ms = now;
  if (res.error != FetchError::kCancelled) {
    ++pages_;
    bytes_ += res.body.size();
    FrontierItem fake;
    fake.url = h->origin + "/robots.txt";
    LogRequest(fake, res);
  }
  if (stopping_) {
    h->robots_state = HostQueue::kUnknown;
    Pump();
    return;
  }
  if (res.error == FetchError::kNone && res.status >= 200 && res.status < 300) {
    h->rules = RobotsRules::Parse(res.body, "nianbao");
    h->robots_state = HostQueue::kReady;
  } else if (res.error == FetchError::kNone && res.status >= 400 && res.status < 500) {
    h->rules = RobotsRules::AllowAll();  // RFC 9309 2.3.1.3
    h->robots_state = HostQueue::kReady;
  } else if (++h->robots_failures < 3) {
    // RFC 9309 2.3.1.4: 5xx or unreachable means full disallow; try again later.
    h->robots_state = HostQueue::kUnknown;
    h->next_ms = now + static_cast<int64_t>(o_.robots_retry_ms) * h->robots_failures;
  } else {
    h->rules = RobotsRules::DisallowAll();
    h->robots_state = HostQueue::kReady;
    h->robots_unavailable = true;
  }
  if (h->robots_state == HostQueue::kReady) {
    h->ApplyCrawlDelay(o_.delay_ms, o_.max_crawl_delay_ms);
    h->next_ms = now + h->delay_ms;
    if (!h->robots_unavailable) {
      Json j = {{"at", clock_->NowMicros()}, {"status", res.status}, {"body", res.status < 300 ? res.body : ""}};
      std::lock_guard<std::mutex> l(robots_mu_);
      robots_cache_writes_.push_back({h->host, DumpJson(j)});
    } else {
      // Everything queued for this host fails: robots.txt could not be read.
      while (!h->empty()) {
        FrontierItem item = h->Pop();
        Outcome out;
        out.item = item;
        out.failure = "robots.txt unavailable";
        ++processing_;
        writes_.Push(std::move(out));
      }
    }
  }
  politeness_.Reschedule(h, now);
  Pump();
}

void Engine::StartFetch(HostQueue* h, FrontierItem item) {
  h->active++;
  h->last_start_ms = SteadyMs();
  h->next_ms = std::max(h->next_ms, h->last_start_ms + h->delay_ms);  // spacing when per_host > 1
  in_flight_++;
  FetchRequest req;
  req.url = item.url;
  req.method = item.method;
  req.post_body = item.post_body;
  req.content_type = item.content_type;
  req.if_none_match = item.etag;
  req.if_modified_since = item.last_modified;
  req.max_body = o_.max_body;
  req.connect_timeout_ms = o_.connect_timeout_ms;
  req.total_timeout_ms = o_.total_timeout_ms;
  req.low_speed_seconds = o_.low_speed_seconds;
  req.referer = item.referrer;
  transport_->Start(std::move(req), [this, h, item = std::move(item)](FetchResult res) mutable {
    OnFetched(h, std::move(item), std::move(res));
  });
}

void Engine::LogRequest(const FrontierItem& item, const FetchResult& res) {
  if (!request_log_) return;
  Json j = {{"time", FormatTimeUtc(res.started_micros)},
            {"host", HostOf(item.url)},
            {"url", item.url},
            {"method", item.method},
            {"status", res.status},
            {"bytes", res.body.size()},
            {"duration_ms", static_cast<int64_t>(res.duration_ms)},
            // Exact times (wall clock µs) for politeness checks, and the local port to match
            // the server's connection log.
            {"start_us", res.started_micros},
            {"end_us", res.started_micros + static_cast<int64_t>(res.duration_ms * 1000)}};
  if (res.local_port) j["local_port"] = res.local_port;
  if (res.error != FetchError::kNone) j["error"] = FetchErrorName(res.error);
  if (res.truncated) j["truncated"] = true;
  std::string line = DumpJson(j) + "\n";
  std::fwrite(line.data(), 1, line.size(), request_log_);
}

void Engine::OnFetched(HostQueue* h, FrontierItem item, FetchResult res) {
  in_flight_--;
  h->active--;
  const int64_t now = SteadyMs();
  h->last_end_ms = now;
  h->next_ms = std::max(h->next_ms, now + h->delay_ms);
  if (res.error == FetchError::kCancelled) {  // stopping: stays pending in the frontier
    politeness_.Reschedule(h, now);
    Pump();
    return;
  }
  ++pages_;
  bytes_ += res.body.size();
  LogRequest(item, res);
  if (res.retryable() && item.attempts < o_.max_retries && !stopping_) {
    ++retries_;
    ++retry_timers_;
    const int64_t backoff = static_cast<int64_t>(o_.retry_base_ms) << item.attempts;
    item.attempts++;
    loop_->After(backoff, [this, item = std::move(item)]() mutable {
      --retry_timers_;
      Enqueue(std::move(item));
      Pump();
    });
  } else {
    ++processing_;
    unprocessed_.fetch_add(1, std::memory_order_relaxed);
    work_.Push({std::move(item), std::move(res)});
  }
  politeness_.Reschedule(h, now);
  Pump();
}

void Engine::OnWritten(size_t pages, std::vector<FrontierItem> admitted) {
  processing_ -= pages;
  if (!stopping_)
    for (auto& it : admitted) Enqueue(std::move(it));
  Pump();
}

void Engine::CheckEnd() {
  if (ended_) return;
  const bool idle = in_flight_ == 0 && processing_ == 0;
  if (stopping_ ? idle : (idle && retry_timers_ == 0 && politeness_.queued() == 0)) {
    ended_ = true;
    loop_->Stop();
  }
}

void Engine::Tick() {
  if (ended_) return;
  if (o_.stop && o_.stop->load() && !stopping_) {
    stopping_ = true;
    transport_->Shutdown();
  }
  if (o_.progress) o_.progress(Progress());
  if (request_log_) std::fflush(request_log_);
  CheckEnd();
  if (!ended_) loop_->After(stopping_ ? 20 : 200, [this] { Tick(); });
}

// --- workers ---------------------------------------------------------------------------------

// Takes the links out of *d (moved, not copied: ~35 a page); drops those this worker already
// offered to the frontier (offered.h).
void Engine::AddLinks(const FrontierItem& from, Discovery* d, internal::OfferedLinks* offered, Outcome* out) {
  const AgencyScope& scope = agencies_.at(from.agency);
  out->links.reserve(out->links.size() + d->links.size());
  for (Link& l : d->links) {
    const bool same_depth = l.kind == LinkKind::kFrame || l.kind == LinkKind::kRedirect;
    if (!scope.hosts.count(internal::HostView(l.url))) {   // another host: the most common drop
      ++out->dropped;
      continue;
    }
    const int depth = from.depth + (same_depth ? 0 : 1);
    const int redirects = l.kind == LinkKind::kRedirect ? from.redirects + 1 : 0;
    if (depth > o_.max_depth || redirects > kMaxRedirects) {
      ++out->dropped;
      continue;
    }
    if (!offered->FirstOffer(from.agency, l.method, l.url, l.post_body)) continue;
    // Trap shapes: tested once per link this worker offers, not on every repeat of the site's
    // navigation (it was 3.4 % of the bench crawl's instructions that way).
    if (LooksLikeTrap(l.url, nullptr)) {
      ++out->dropped;
      continue;
    }
    FrontierItem it;
    it.url = std::move(l.url);
    it.method = std::move(l.method);
    it.post_body = std::move(l.post_body);
    it.content_type = std::move(l.content_type);
    it.agency = from.agency;
    it.anchor = std::move(l.anchor);
    it.kind = static_cast<int>(l.kind);
    it.depth = depth;
    it.redirects = redirects;
    it.priority = l.priority - it.depth;
    if (l.kind == LinkKind::kAttachment && (Reportish(it.anchor) || Reportish(it.url) || from.report_hint)) {
      it.report_hint = true;
      it.priority += 50;
    }
    out->links.push_back(std::move(it));
  }
}

void Engine::TryReport(const FrontierItem& item, const FetchResult& res, std::optional<std::string_view> utf8,
                       const std::string& title, Outcome* out) {
  const AgencyScope& scope = agencies_.at(item.agency);
  extractor::ExtractOptions eo;
  eo.content_type = res.content_type;
  eo.url = item.url;
  eo.filename = item.url.substr(item.url.rfind('/') + 1);
  eo.seed_agency_name = scope.seed->name;
  eo.seed_region = scope.seed->region;
  eo.decoded_utf8 = utf8;
  auto doc = extractor::Extract(res.body, eo);
  if (!doc.ok()) {
    // A file that is damaged, encrypted or in a format we do not read is no crawl error; a reader
    // that cannot run, crashed or hung (extractor: I/O error) is listed.
    if (doc.status().code() == Status::Code::kIOError) out->failure = "extract: " + doc.status().message();
    return;
  }
  // The body only points to the report's file (详见附件): fetch the attachments next.
  if (doc->attachment_only || (doc->is_report && !doc->original_link.empty() && doc->text.size() < 2000)) {
    for (const auto& a : doc->attachments) {
      auto u = CanonicalizeUrl(a);
      if (!u || !scope.hosts.count(internal::HostView(*u))) continue;
      FrontierItem it;
      it.url = *u;
      it.agency = item.agency;
      it.anchor = title;
      it.referrer = item.url;
      it.kind = static_cast<int>(LinkKind::kAttachment);
      it.depth = item.depth + 1;
      it.priority = 200;
      it.report_hint = true;
      out->links.push_back(std::move(it));
    }
    if (doc->attachment_only) return;
  }
  if (!doc->is_report || doc->year <= 0) return;
  out->report = true;
  std::string agency_id = scope.seed->id.empty() ? scope.seed->name : scope.seed->id;
  if (!SameAgency(doc->agency, *scope.seed)) {
    // A portal's page for another agency's report: that agency joins the archive.
    agency_id = doc->agency;
    out->agency.id = doc->agency;
    out->agency.name = doc->agency;
    out->agency.province = scope.province;
    out->agency.discovered_from = item.url;
  }
  out->key = store::DocKey{agency_id, doc->year};
  out->content.title = doc->title.empty() ? title : doc->title;
  out->content.text = doc->text;
  out->content.url = item.url;
  out->content.source_format = extractor::SourceFormatName(doc->format);
  out->rank = doc->format == extractor::SourceFormat::kHtml && !doc->image_only ? kRankPage : kRankAttachment;
  parser::Stats stats = parser::Parse(doc->text, doc->tables);
  if (!stats.fields.empty()) out->content.stats_json = DumpJson(parser::ToJson(stats));
}

Outcome Engine::Process(FrontierItem item, FetchResult res, internal::OfferedLinks* offered) {
  Outcome out;
  out.item = std::move(item);
  const FrontierItem& it = out.item;
  if (res.error != FetchError::kNone) {
    out.failure = std::string(FetchErrorName(res.error)) + ": " + res.error_message;
  } else if (res.status == 304) {
    out.not_modified = true;
  } else if (LooksLikeChallenge(res.status, res.content_type, res.body)) {
    out.blocked = true;
    out.failure = "blocked: anti-bot challenge (HTTP " + std::to_string(res.status) + ")";
  } else if (res.status >= 300 && res.status < 400) {
    if (auto target = ResolveUrl(it.url, res.location)) {
      Discovery d;
      d.links.push_back(Link{*target, it.anchor, LinkKind::kRedirect, ScoreLink(*target, it.anchor) + 20, "GET", "", ""});
      AddLinks(it, &d, offered, &out);
    } else {
      out.failure = "redirect without a usable Location";
    }
  } else if (res.status == 404 || res.status == 410) {
    out.gone = true;
    out.failure = std::to_string(res.status);
  } else if (res.status >= 400 || res.status < 200) {
    out.failure = "HTTP " + std::to_string(res.status);
  } else {
    if (res.truncated) out.failure = "truncated at " + std::to_string(res.body.size()) + " bytes";
    std::string title;
    const bool textual = IsTextual(res.content_type, res.body);
    extractor::Decoded decoded;
    std::optional<std::string_view> utf8;
    if (textual) {
      decoded = extractor::DecodeToUtf8NoCopy(res.body, res.content_type);
      utf8 = decoded.same_as_input ? std::string_view(res.body) : std::string_view(decoded.text);
      Page page{it.url, res.content_type, *utf8, it.post_body};
      // Links this worker has offered are final (offered.h): Discover need not build them again.
      // A recheck offers no links, so it has none to skip.
      const OfferedUrls known(*offered, it.agency);
      Discovery d = Discover(page, o_.recheck_only ? nullptr : &known);
      title = d.title;
      if (!o_.recheck_only) AddLinks(it, &d, offered, &out);
    }
    const bool hint = it.report_hint || Reportish(title) || Reportish(it.anchor) || (!textual && Reportish(it.url));
    if (hint && !res.truncated) TryReport(it, res, utf8, title, &out);
  }
  out.res = std::move(res);
  if (!out.report) out.res.body = std::string();   // the writer stores only a report's body
  return out;
}

// --- writer ----------------------------------------------------------------------------------

std::string PickKey(const store::DocKey& k) { return k.agency + '\t' + std::to_string(k.year); }

void Engine::Pick(const Outcome& out, const store::AgencyInfo& info, const store::Observation& obs) {
  const std::string pk = PickKey(out.key);
  if (auto prev = archive_->GetState(kPickNs, pk); prev.ok()) {
    Json p = Json::parse(*prev, nullptr, false);
    if (p.is_object()) {
      const int rank = p.value("rank", 0);
      const std::string url = p.value("url", "");
      if (rank > out.rank || (rank == out.rank && url < obs.url)) return;  // the candidate stays
    }
  }
  Json j = {{"rank", out.rank},
            {"url", obs.url},
            {"agency", {{"id", info.id}, {"name", info.name}, {"region", info.region}, {"province", info.province},
                        {"level", info.level}, {"discovered_from", info.discovered_from}}},
            {"year", out.key.year},
            {"key_agency", out.key.agency},
            {"title", out.content.title},
            {"text", out.content.text},
            {"source_format", out.content.source_format},
            {"stats", out.content.stats_json},
            {"time", obs.time},
            {"status", obs.http_status},
            {"etag", obs.etag},
            {"last_modified", obs.last_modified},
            {"capture", obs.capture_sha256}};
  Status s = archive_->PutState(kPickNs, pk, DumpJson(j));
  if (!s.ok()) Fail(obs.url, "archive: " + s.message());
}

// Writes each key's chosen source (see SourceRank); run once the writer has stopped.
Status Engine::FlushPicks() {
  std::vector<std::pair<std::string, std::string>> picks;
  Status s = archive_->ScanState(kPickNs, "", [&](const std::string& k, const std::string& v) {
    picks.emplace_back(k, v);
    return true;
  });
  if (!s.ok()) return s;
  for (const auto& [pk, v] : picks) {
    Json j = Json::parse(v, nullptr, false);
    if (j.is_object()) {
      store::DocKey key{j.value("key_agency", ""), j.value("year", 0)};
      const Json a = j.value("agency", Json::object());
      store::AgencyInfo info{a.value("id", ""),       a.value("name", ""),  a.value("region", ""),
                             a.value("province", ""), a.value("level", ""), a.value("discovered_from", "")};
      store::ReportContent content;
      content.title = j.value("title", "");
      content.text = j.value("text", "");
      content.url = j.value("url", "");
      content.source_format = j.value("source_format", "");
      content.stats_json = j.value("stats", "");
      store::Observation obs;
      obs.time = j.value("time", int64_t{0});
      obs.url = content.url;
      obs.http_status = j.value("status", 0);
      obs.etag = j.value("etag", "");
      obs.last_modified = j.value("last_modified", "");
      obs.capture_sha256 = j.value("capture", "");
      obs.event = "seen";
      auto doc = archive_->GetDocument(key);
      if (doc.ok() && !doc->withdrawn && doc->latest_url != content.url &&
          SourceRank(doc->latest_source_format) > j.value("rank", 0)) {
        // The document's text comes from a better source (which answered 304, or was not reached
        // this time): this one is only an observation.
        if (archive_->PutUnchanged(key, obs).ok()) ++reports_;
      } else if (auto put = archive_->PutReport(key, info, content, obs); put.ok()) {
        ++reports_;
        if (put->new_document) ++new_docs_;
        if (put->new_version) ++new_versions_;
        frontier_->PutValidators(content.url, obs.etag, obs.last_modified);
      } else {
        Fail(content.url, "archive: " + put.status().message());
      }
    }
    if (Status d = archive_->DeleteState(kPickNs, pk); !d.ok()) return d;
  }
  return Status::OK();
}

// The writer's unit of work is every outcome waiting (up to a bound): one frontier commit for
// all of them, one post back to the network thread.
void Engine::WriteAll(std::vector<Outcome> outs) {
  std::vector<std::pair<std::string, std::string>> robots;
  {
    std::lock_guard<std::mutex> l(robots_mu_);
    robots.swap(robots_cache_writes_);
  }
  for (const auto& [host, v] : robots) archive_->PutState("robots", host, v);
  std::vector<Frontier::Step> steps(outs.size());
  for (size_t i = 0; i < outs.size(); ++i) Write(outs[i], &steps[i]);
  Status s = frontier_->CompleteAll(&steps);
  std::vector<FrontierItem> admitted;
  for (size_t i = 0; i < outs.size(); ++i) {
    if (!s.ok()) Fail(outs[i].item.url, "frontier: " + s.message());
    out_of_scope_ += outs[i].dropped + steps[i].over_budget;
    // Not done on disk when the commit failed: still pending there, read back later (backlog.h).
    if (s.ok()) backlog_->Done(outs[i].item);
    else backlog_->Return(outs[i].item);
    for (auto& a : steps[i].admitted)
      if (backlog_->Admit(a)) admitted.push_back(std::move(a));
  }
  if (Status r = backlog_->Refill(&admitted); !r.ok() && !readback_failed_) {
    readback_failed_ = true;   // tried again at every batch; reported once (and at the end)
    Fail("", "frontier: reading back queued requests: " + r.message());
  }
  spilled_ = backlog_->spilled();
  loop_->Post([this, n = outs.size(), admitted = std::move(admitted)]() mutable { OnWritten(n, std::move(admitted)); });
}

void Engine::Write(Outcome& out, Frontier::Step* step) {
  const FrontierItem& it = out.item;
  const FetchResult& res = out.res;

  store::Observation obs;
  obs.time = clock_->NowMicros();
  obs.url = it.url;
  obs.http_status = res.status;
  obs.etag = res.etag;
  obs.last_modified = res.last_modified;
  if (out.blocked) ++blocked_;
  if (!out.failure.empty() && !out.gone) Fail(it.url + (it.method == "GET" ? "" : " (" + it.method + ")"), out.failure);
  if (out.not_modified || out.gone) {
    auto key = archive_->FindByUrl(it.url);
    if (key.ok()) {
      if (out.not_modified) {
        obs.event = "seen";
        if (archive_->PutUnchanged(*key, obs).ok()) {
          ++unchanged_;
          ++reports_;
        }
      } else {
        obs.event = "withdrawn";
        auto doc = archive_->GetDocument(*key);
        const bool already = doc.ok() && doc->withdrawn;  // then only an observation
        if (archive_->MarkWithdrawn(*key, obs).ok() && !already) ++withdrawn_;
        frontier_->PutValidators(it.url, "", "");
      }
    }
    if (out.gone) Fail(it.url, out.failure);
  }
  if (out.report) {
    store::Capture cap;
    cap.url = it.url;
    cap.method = it.method;
    cap.request_headers = res.request_head;
    cap.http_status = res.status;
    cap.response_headers = res.response_head;
    cap.body = res.body;
    cap.truncated = res.truncated;
    cap.fetched_at = res.started_micros;
    cap.ip = res.ip;
    auto sha = archive_->PutCapture(cap);
    if (sha.ok()) obs.capture_sha256 = *sha;
    if (!out.agency.id.empty() && !known_agencies_.count(out.agency.id)) {
      known_agencies_.insert(out.agency.id);
      auto existing = archive_->GetAgency(out.agency.id);
      if (!existing.ok()) archive_->PutAgency(out.agency);
    }
    store::AgencyInfo info;
    if (!out.agency.id.empty()) {
      info = out.agency;
    } else {
      const AgencyScope& scope = agencies_.at(it.agency);
      info.id = out.key.agency;
      info.name = scope.seed->name;
      info.region = scope.seed->region;
      info.province = scope.province;
      info.level = scope.seed->level;
    }
    obs.event = "seen";
    Pick(out, info, obs);
  }
  step->done_key = it.Key();
  // Most links were seen before and are dropped by the frontier: only the admitted ones get
  // their referrer (one copy per new URL, not one per link).
  step->referrer = it.url;
  step->items = std::move(out.links);
}

Result<CrawlSummary> Engine::Run() {
  // Agencies and their scope.
  std::string signature;
  for (const auto& file : seeds_) {
    for (const auto& a : file.agencies) {
      std::string id = a.id.empty() ? a.name : a.id;
      if (!o_.agency.empty() && o_.agency != id && o_.agency != a.name) continue;
      AgencyScope scope;
      scope.seed = &a;
      scope.province = file.province;
      for (const auto& u : a.urls)
        if (auto c = CanonicalizeUrl(u)) scope.hosts.insert(HostOf(*c));
      for (const auto& u : a.columns)
        if (auto c = CanonicalizeUrl(u)) scope.hosts.insert(HostOf(*c));
      for (const auto& h : a.hosts) scope.hosts.insert(ToLowerAscii(h));
      agencies_[id] = scope;
      signature += id + "\n";
      for (const auto& u : a.urls) signature += u + "\n";
    }
  }
  if (agencies_.empty())
    return Status::InvalidArgument(o_.agency.empty() ? "no agencies in the seed files" : "no agency named " + o_.agency);
  for (const auto& [id, scope] : agencies_) {
    store::AgencyInfo info{id, scope.seed->name, scope.seed->region, scope.province, scope.seed->level, ""};
    Status s = archive_->PutAgency(info);
    if (!s.ok()) return s;
  }
  auto fr = Frontier::Open(archive_, signature, o_.seen_cache_entries, o_.max_pages);
  if (!fr.ok()) return fr.status();
  frontier_ = std::move(*fr);
  internal::Backlog::Options bo;
  // Never fewer than two requests for each of the host's connections.
  bo.per_host = o_.max_queued_per_host == 0 ? 0 : std::max<size_t>(o_.max_queued_per_host, 2 * std::max(1, o_.per_host));
  backlog_ = std::make_unique<internal::Backlog>(
      bo, [f = frontier_.get()](const std::string& prefix, const std::string& start, const internal::Backlog::Visit& v) {
        return f->ScanPending(prefix, start, v);
      });
  // Candidates an abandoned crawl (other seeds) left were real observations: store them now.
  if (!frontier_->resumed())
    if (Status s = FlushPicks(); !s.ok()) return s;

  loop_ = std::make_unique<EventLoop>();
  TransportOptions to;
  to.proxy = o_.proxy;
  to.connect_to = o_.connect_to;
  to.verify_tls = o_.verify_tls;
  to.http_client = o_.http_client;
  std::string err;
  transport_ = NewTransport(loop_.get(), to, &err);
  if (!transport_) return Status::IOError("cannot start the HTTP client: " + err);
  if (o_.wrap_transport) transport_ = o_.wrap_transport(loop_.get(), std::move(transport_));
  if (!o_.request_log.empty()) {
    request_log_ = std::fopen(o_.request_log.c_str(), "a");
    if (!request_log_) return Status::IOError("cannot open request log " + o_.request_log);
  }
  politeness_.Configure(o_.delay_ms, std::max(1, o_.per_host));

  // Seeds, or what an interrupted crawl left.
  std::vector<FrontierItem> start;
  Status s;
  if (frontier_->resumed()) {
    // Only what the backlog hands out is kept: a large crawl's pending requests stay on disk.
    s = frontier_->LoadPending([&](FrontierItem&& it) {
      if (backlog_->Admit(it)) start.push_back(std::move(it));
    });
  } else {
    std::vector<FrontierItem> seeds;
    for (const auto& [id, scope] : agencies_) {
      if (o_.recheck_only) break;   // a re-check starts from the known reports only
      std::vector<std::string> urls = scope.seed->urls;
      urls.insert(urls.end(), scope.seed->columns.begin(), scope.seed->columns.end());
      for (const auto& u : urls) {
        auto c = CanonicalizeUrl(u);
        if (!c) continue;
        FrontierItem it;
        it.url = *c;
        it.agency = id;
        it.priority = kSeedPriority;
        seeds.push_back(std::move(it));
      }
    }
    // The report URLs the archive knows are checked again (conditionally, with their stored
    // validators): a report that left its list is still found, and a 404 withdraws it.
    std::map<std::string, std::string> host_agency;
    for (const auto& [id, scope] : agencies_)
      for (const auto& h : scope.hosts) host_agency.emplace(h, id);
    s = archive_->ListDocuments(std::nullopt, std::nullopt, [&](const store::DocumentInfo& d) {
      auto c = CanonicalizeUrl(d.latest_url);
      auto a = c ? host_agency.find(HostOf(*c)) : host_agency.end();
      if (a == host_agency.end()) return true;
      FrontierItem it;
      it.url = *c;
      it.agency = a->second;
      it.priority = kSeedPriority - 1;
      it.report_hint = true;
      seeds.push_back(std::move(it));
      return true;
    });
    if (!s.ok()) return s;
    s = frontier_->Complete(nullptr, std::move(seeds), &start);
    std::erase_if(start, [&](const FrontierItem& it) { return !backlog_->Admit(it); });
  }
  if (!s.ok()) return s;
  spilled_ = backlog_->spilled();

  started_ms_ = SteadyMs();
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, o_.workers); ++i)
    workers.emplace_back([this] {
      YieldToNetworkThread();
      std::pair<FrontierItem, FetchResult> job;
      internal::OfferedLinks offered;
      while (work_.Pop(&job)) {
        Outcome out = Process(std::move(job.first), std::move(job.second), &offered);
        const uint64_t before = unprocessed_.fetch_sub(1, std::memory_order_relaxed);
        writes_.Push(std::move(out));
        // The network thread stops fetching at MaxUnprocessed() and would hear of this page only
        // from the writer, after its batch is committed: meanwhile nginx, the network thread and
        // the workers could all wait on the writer. Wake it when fetching may go on again.
        // 300-host bench, 4 interleaved pairs: machine idle 4-6 % against 7-8 %.
        if (before == MaxUnprocessed()) loop_->Post([this] { Pump(); });
      }
    });
  std::thread writer([this] {
    YieldToNetworkThread();
    std::vector<Outcome> outs;
    while (writes_.PopSome(&outs, 64)) {
      const bool small = outs.size() < 8;
      WriteAll(std::move(outs));
      outs.clear();
      // Each batch costs a LevelDB write, a frontier commit and a wake-up of the network thread;
      // after a small one, 1 ms lets the next gather (at thousands of pages/s, several pages).
      // 300-host bench, 3 interleaved pairs: 2-3 % more pages per CPU-second in each (strace: a
      // LevelDB write and a loop wake-up for every 1.2 pages before).
      if (small) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  loop_->Post([this, start = std::move(start)]() mutable {
    for (auto& it : start) Enqueue(std::move(it));
    Tick();
    Pump();
  });
  loop_->Run();

  // Drain: workers and writer finish what they hold (nothing when the loop ended idle).
  work_.Close();
  for (auto& w : workers) w.join();
  writes_.Close();
  writer.join();
  transport_.reset();
  if (o_.progress) o_.progress(Progress());
  if (request_log_) std::fclose(request_log_);

  CrawlSummary sum;
  sum.resumed = frontier_->resumed();
  sum.stopped = stopping_;
  if (backlog_->lost() > 0)
    Fail("", "frontier: " + std::to_string(backlog_->lost()) + " queued requests were not found on disk again");
  if (!stopping_ && spilled_ > 0) {
    // Requests left on disk (reading them back failed): the crawl stays unfinished, and the next
    // run with these seeds resumes it.
    sum.left_pending = spilled_;
    Fail("", "frontier: " + std::to_string(sum.left_pending) + " queued requests left on disk; run again to resume");
  } else if (!stopping_) {
    if (Status f = FlushPicks(); !f.ok()) Fail("", "archive: " + f.message());
    frontier_->Finish();
  }
  sum.pages = pages_;
  sum.bytes = bytes_;
  sum.reports = reports_;
  sum.new_documents = new_docs_;
  sum.new_versions = new_versions_;
  sum.unchanged = unchanged_;
  sum.withdrawn = withdrawn_;
  sum.errors = errors_;
  sum.blocked = blocked_;
  sum.robots_disallowed = robots_disallowed_;
  sum.out_of_scope = out_of_scope_;
  sum.retries = retries_;
  sum.elapsed_s = (SteadyMs() - started_ms_) / 1000.0;
  sum.failures = failures_;
  return sum;
}

}  // namespace

bool LooksLikeChallenge(int status, std::string_view content_type, std::string_view body) {
  const bool challenge_status = status == 412 || status == 202 || status == 521;
  // An ordinary page (200, 4 KB or more) is decided without lower-casing its head (every page).
  if (!challenge_status && (status != 200 || body.size() >= 4096)) return false;
  std::string head = ToLowerAscii(body.substr(0, 4096));
  const bool script = head.find("<script") != std::string::npos;
  if (challenge_status) return script || body.size() < 64;
  // A 2-byte (or empty-looking) HTML answer where a page should be.
  std::string ct = ToLowerAscii(content_type);
  if (body.size() <= 2 && (ct.empty() || ct.find("html") != std::string::npos)) return true;
  // A tiny page that is nothing but a script setting a cookie and reloading.
  if (script && head.find("<a ") == std::string::npos &&
      (head.find("document.cookie") != std::string::npos || head.find("location.reload") != std::string::npos))
    return true;
  return false;
}

Result<CrawlSummary> Crawl(const std::vector<SeedFile>& seeds, store::Archive* archive, const CrawlOptions& options) {
  if (!archive) return Status::InvalidArgument("no archive");
  Engine engine(seeds, archive, options);
  return engine.Run();
}

}  // namespace nianbao::crawler
