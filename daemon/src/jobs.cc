#include "jobs.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>

#include "nianbao/common/text.h"
#include "nianbao/crawler/url.h"
#include "nianbao/daemon/log.h"

namespace nianbao::daemon {
namespace {

// Sees every answer of a crawl on the network thread: metrics, per-host health, and 200
// answers that look like a removed report (checked against the archive after the crawl).
class Observer : public crawler::Transport {
 public:
  struct Shared {
    std::mutex mu;
    std::map<std::string, std::pair<int64_t, int64_t>> hosts;
    std::vector<std::pair<std::string, int64_t>> soft_gone;   // url, time
  };
  Observer(std::unique_ptr<crawler::Transport> inner, Metrics* metrics, Shared* shared)
      : inner_(std::move(inner)), metrics_(metrics), shared_(shared) {}

  void Start(crawler::FetchRequest request, Done done) override {
    inner_->Start(std::move(request), [this, done = std::move(done)](crawler::FetchResult r) {
      Observe(r);
      done(std::move(r));
    });
  }
  size_t active() const override { return inner_->active(); }
  void Shutdown() override { inner_->Shutdown(); }

 private:
  void Observe(const crawler::FetchResult& r) {
    if (r.error == crawler::FetchError::kCancelled) return;  // our own shutdown, not the host's fault
    metrics_->RecordFetch(r.status, r.error == crawler::FetchError::kNone ? "" : crawler::FetchErrorName(r.error),
                          r.body.size(), r.duration_ms / 1000.0);
    const bool failed = r.error != crawler::FetchError::kNone || r.status >= 500 || r.status == 429;
    std::lock_guard<std::mutex> l(shared_->mu);
    auto& h = shared_->hosts[crawler::HostOf(r.url)];
    (failed ? h.second : h.first)++;
    if (LooksLikeSoftWithdrawal(r.status, r.body)) shared_->soft_gone.emplace_back(r.url, r.started_micros);
  }

  std::unique_ptr<crawler::Transport> inner_;
  Metrics* metrics_;
  Shared* shared_;
};

// After the crawl: a known, not withdrawn report whose URL answered a soft "gone" page and that
// the crawl did not store again since is withdrawn.
void ApplySoftWithdrawals(const std::vector<std::pair<std::string, int64_t>>& gone, const JobContext& ctx,
                          crawler::CrawlSummary* summary) {
  for (const auto& [url, time] : gone) {
    auto key = ctx.archive->FindByUrl(url);
    if (!key.ok()) continue;
    auto doc = ctx.archive->GetDocument(*key);
    if (!doc.ok() || doc->withdrawn || doc->last_seen > time) continue;
    store::Observation obs;
    obs.time = ctx.clock->NowMicros();
    obs.url = url;
    obs.http_status = 200;
    obs.event = "withdrawn";
    Status s = ctx.archive->MarkWithdrawn(*key, obs);
    if (s.ok()) {
      ++summary->withdrawn;
      Log(LogLevel::kInfo, "soft_withdrawal", {{"agency", key->agency}, {"year", key->year}, {"url", url}});
    } else {
      ctx.metrics->AddError("disk");
      Log(LogLevel::kError, "archive_write_failed", {{"url", url}, {"error", s.ToString()}});
    }
  }
}

}  // namespace

std::vector<crawler::SeedFile> LoadSeedsDir(const std::string& dir, Metrics* metrics) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".toml") paths.push_back(it->path().string());
  if (ec) {
    metrics->AddError("seed");
    Log(LogLevel::kError, "seeds_dir_unreadable", {{"dir", dir}, {"error", ec.message()}});
  }
  std::sort(paths.begin(), paths.end());
  std::vector<crawler::SeedFile> out;
  for (const auto& p : paths) {
    auto f = crawler::LoadSeedFile(p);
    if (!f.ok()) {
      metrics->AddError("seed");
      Log(LogLevel::kError, "seed_file_rejected", {{"file", p}, {"error", f.status().message()}});
      continue;
    }
    out.push_back(std::move(*f));
  }
  return out;
}

std::map<std::string, std::vector<std::string>> AgencyHosts(const std::vector<crawler::SeedFile>& seeds) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : seeds) {
    for (const auto& a : f.agencies) {
      std::set<std::string> hosts;
      for (const auto* list : {&a.urls, &a.columns})
        for (const auto& u : *list)
          if (auto c = crawler::CanonicalizeUrl(u)) hosts.insert(crawler::HostOf(*c));
      for (const auto& h : a.hosts) hosts.insert(ToLowerAscii(h));
      out[a.id.empty() ? a.name : a.id] = std::vector<std::string>(hosts.begin(), hosts.end());
    }
  }
  return out;
}

JobResult RunJob(const Job& job, const JobContext& ctx) {
  JobResult result;
  crawler::CrawlOptions o;
  o.proxy = ctx.config->proxy;
  o.connect_to = ctx.config->connect_to;
  crawler::ParseHttpClient(ctx.config->http_client, &o.http_client);   // validated when loaded
  o.per_host = ctx.config->per_host;
  o.delay_ms = ctx.config->delay_ms;
  o.concurrency = ctx.config->concurrency;
  o.max_pages = ctx.config->max_pages;
  o.max_depth = ctx.config->max_depth;
  o.stop = ctx.stop;
  o.clock = ctx.clock;
  o.agency = job.agency;
  // A re-check fetches the agency's known report URLs only, conditionally (the engine's mode).
  o.recheck_only = job.kind == JobKind::kRecheck;
  Observer::Shared shared;
  Metrics* metrics = ctx.metrics;
  const auto& wrap = ctx.options->wrap_transport;
  o.wrap_transport = [&shared, metrics, &wrap](crawler::EventLoop* loop, std::unique_ptr<crawler::Transport> t) {
    if (wrap) t = wrap(loop, std::move(t));
    return std::unique_ptr<crawler::Transport>(std::make_unique<Observer>(std::move(t), metrics, &shared));
  };
  o.progress = [metrics](const crawler::CrawlProgress& p) { metrics->SetQueue(p.queued, p.in_flight); };

  auto summary = crawler::Crawl(*ctx.seeds, ctx.archive, o);
  metrics->SetQueue(0, 0);
  if (!summary.ok()) {
    result.outcome = JobOutcome{false, summary.status().ToString(), {}};
    return result;
  }
  result.summary = std::move(*summary);
  result.stopped = result.summary.stopped;
  if (result.summary.left_pending > 0)   // the archive failed to read: a failed job (resumed next time)
    result.outcome = JobOutcome{false, std::to_string(result.summary.left_pending) +
                                           " requests left on disk (the archive could not read them back)", {}};
  std::lock_guard<std::mutex> l(shared.mu);
  if (!result.stopped) ApplySoftWithdrawals(shared.soft_gone, ctx, &result.summary);
  result.outcome.hosts = shared.hosts;
  return result;
}

bool LooksLikeSoftWithdrawal(int status, const std::string& body) {
  if (status != 200 || body.size() > 16384) return false;  // a report page is far longer
  static const char* kGone[] = {"页面不存在", "页面已删除", "信息已删除", "信息不存在", "文章不存在",
                                "该信息已撤销", "内容已撤销", "您访问的页面不存在", "页面未找到"};
  for (const char* g : kGone)
    if (body.find(g) != std::string::npos) return true;
  // A page that only redirects (meta refresh) to elsewhere, e.g. a removed report's URL sending
  // readers to its column.
  const std::string lower = ToLowerAscii(body);
  return body.size() < 2048 && lower.find("http-equiv=\"refresh\"") != std::string::npos;
}

}  // namespace nianbao::daemon
