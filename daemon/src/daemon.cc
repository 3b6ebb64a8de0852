#include "nianbao/daemon/daemon.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <climits>
#include <mutex>
#include <thread>

#include "jobs.h"
#include "nianbao/daemon/log.h"
#include "nianbao/daemon/metrics.h"
#include "nianbao/daemon/report.h"
#include "nianbao/daemon/schedule.h"

namespace nianbao::daemon {
namespace {

class Daemon {
 public:
  Daemon(std::shared_ptr<store::Archive> archive, const DaemonOptions& options)
      : archive_(std::move(archive)), options_(options),
        clock_(options.clock ? options.clock : Clock::Real()), scheduler_(archive_.get(), clock_) {}

  Status Run() {
    start_ = clock_->NowMicros();
    auto config = options_.load_config();
    if (!config.ok()) return config.status();
    config_ = *config;
    SetLogLevel(config_.log_level);
    Status s = scheduler_.Load();
    if (!s.ok()) return s;
    LoadSeeds();
    auto server = HttpServer::Start(config_.listen, [this](const HttpRequest& r) { return Handle(r); });
    if (!server.ok()) return server.status();
    server_ = std::move(*server);
    s = WriteEndpointFile(archive_->dir(), server_->address());
    if (!s.ok()) Log(LogLevel::kWarn, "endpoint_file_failed", {{"error", s.ToString()}});
    Log(LogLevel::kInfo, "daemon_started", {{"store", archive_->dir()}, {"listen", server_->address()},
                                            {"agencies", seeds_agencies_}, {"resumes", (bool)scheduler_.current()}});
    Loop();
    Log(LogLevel::kInfo, "daemon_stopping", {});
    server_->Stop();
    RemoveEndpointFile(archive_->dir());
    Log(LogLevel::kInfo, "daemon_stopped", {});
    return Status::OK();
  }

 private:
  bool Stopping() const { return options_.stop && options_.stop->load(); }

  void LoadSeeds() {
    auto seeds = LoadSeedsDir(options_.seeds_dir, &metrics_);
    auto hosts = AgencyHosts(seeds);
    std::lock_guard<std::mutex> l(mu_);
    seeds_ = std::move(seeds);
    scheduler_.SetConfig(config_);
    scheduler_.SetAgencies(hosts);
    seeds_agencies_ = hosts.size();
    metrics_.SetGauges(hosts.size(), scheduler_.HostsInBackoff());
  }

  void Reload() {
    auto config = options_.load_config();
    if (!config.ok()) {
      metrics_.AddError("config");
      Log(LogLevel::kError, "reload_config_rejected", {{"error", config.status().message()}});
    } else {
      if (config->listen != config_.listen)
        Log(LogLevel::kWarn, "listen_change_needs_restart", {{"listen", config->listen}});
      config_ = *config;
      SetLogLevel(config_.log_level);
    }
    const size_t before = seeds_agencies_;
    LoadSeeds();
    Log(LogLevel::kInfo, "reloaded", {{"agencies_before", before}, {"agencies", seeds_agencies_}});
  }

  void Loop() {
    while (!Stopping()) {
      if (options_.reload && options_.reload->exchange(false)) Reload();
      std::optional<Job> job;
      {
        std::lock_guard<std::mutex> l(mu_);
        job = scheduler_.Next();
        metrics_.SetGauges(seeds_agencies_, scheduler_.HostsInBackoff());
      }
      metrics_.SetStoreMemory(archive_->MemoryUsage());
      if (!job) {
        // Idle: short real-time naps so stop and reload are seen at once; the schedule itself
        // follows the (injectable) clock.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      Execute(*job);
      ReleaseFreedMemory();
    }
  }

  // A crawl's threads and page buffers are gone when its job ends; hand the pages they freed back
  // to the OS, so that the resident size follows what is live rather than the largest job so far.
  static void ReleaseFreedMemory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
  }

  void Execute(const Job& job) {
    Status s;
    {
      std::lock_guard<std::mutex> l(mu_);
      s = scheduler_.Begin(job);
    }
    if (!s.ok()) {
      metrics_.AddError("disk");
      Log(LogLevel::kError, "schedule_write_failed", {{"error", s.ToString()}});
    }
    Log(LogLevel::kInfo, "job_started", {{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"resumed", job.resumed}});
    JobContext ctx{archive_.get(), &seeds_, &config_, &metrics_, options_.stop, clock_, &options_};
    JobResult r = RunJob(job, ctx);
    const auto& sum = r.summary;
    if (r.stopped) {
      // Left as the current job: the next start resumes this crawl where it stopped.
      Log(LogLevel::kInfo, "job_interrupted", {{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"pages", sum.pages}});
      return;
    }
    metrics_.RecordCrawl(JobKindName(job.kind), r.outcome.ok, sum.reports, sum.new_documents, sum.new_versions,
                         sum.withdrawn, sum.errors);
    if (!r.outcome.ok) {
      metrics_.AddError("crawl");
      Log(LogLevel::kError, "job_failed", {{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"error", r.outcome.error}});
    } else {
      Log(LogLevel::kInfo, "job_done",
          {{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"pages", sum.pages}, {"bytes", sum.bytes},
           {"reports", sum.reports}, {"new_documents", sum.new_documents}, {"new_versions", sum.new_versions},
           {"unchanged", sum.unchanged}, {"withdrawn", sum.withdrawn}, {"errors", sum.errors},
           {"blocked", sum.blocked}, {"resumed", sum.resumed}, {"elapsed_s", sum.elapsed_s}});
      for (const auto& f : sum.failures)
        Log(LogLevel::kDebug, "url_failed", {{"agency", job.agency}, {"url", f.url}, {"reason", f.reason}});
    }
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& [host, counts] : r.outcome.hosts)
      if (counts.first == 0 && counts.second > 0)
        Log(LogLevel::kWarn, "host_backoff", {{"host", host}, {"failed", counts.second}});
    s = scheduler_.Finish(job, r.outcome);
    if (!s.ok()) {
      metrics_.AddError("disk");
      Log(LogLevel::kError, "schedule_write_failed", {{"error", s.ToString()}});
    }
    last_job_ = Json{{"agency", job.agency}, {"kind", JobKindName(job.kind)}, {"ok", r.outcome.ok},
                     {"finished", FormatTimeUtc(clock_->NowMicros())}, {"pages", sum.pages},
                     {"new_versions", sum.new_versions}, {"withdrawn", sum.withdrawn}, {"errors", sum.errors}};
  }

  HttpResponse Handle(const HttpRequest& r) {
    const std::string path = r.Path();
    if (path == "/cli") {
      if (r.method != "POST") return {405, "text/plain", "POST only\n"};
      if (!options_.cli_handler) return {404, "text/plain", "no CLI here\n"};
      return options_.cli_handler(r);
    }
    if (r.method != "GET" && r.method != "HEAD") return {405, "text/plain", "GET only\n"};
    if (path == "/metrics") return {200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(start_)};
    if (path == "/status") {
      Result<Json> j = Json();
      {
        std::lock_guard<std::mutex> l(mu_);
        j = StatusJson(archive_.get(), &scheduler_);
        if (j.ok()) {
          (*j)["daemon"] = Json{{"started", FormatTimeUtc(start_)}, {"listen", server_ ? server_->address() : ""},
                                {"seeds_dir", options_.seeds_dir}, {"last_job", last_job_}};
        }
      }
      if (!j.ok()) return {500, "text/plain", j.status().ToString() + "\n"};
      return {200, "application/json", DumpJson(*j, 2) + "\n"};
    }
    if (path == "/changes") {
      auto feed = AtomFeed(archive_.get(), "http://" + server_->address(), 200);
      if (!feed.ok()) return {500, "text/plain", feed.status().ToString() + "\n"};
      return {200, "application/atom+xml; charset=utf-8", *feed};
    }
    if (path == "/diff") {
      char* end = nullptr;
      const std::string year = r.Query("year"), from = r.Query("from"), to = r.Query("to");
      const long y = std::strtol(year.c_str(), &end, 10);
      const long f = std::strtol(from.c_str(), nullptr, 10);
      const long t = std::strtol(to.c_str(), nullptr, 10);
      if (r.Query("agency").empty() || year.empty() || to.empty())
        return {400, "text/plain", "usage: /diff?agency=ID&year=YYYY&from=N&to=M\n"};
      auto diff = VersionDiff(archive_.get(), store::DocKey{r.Query("agency"), static_cast<int>(y)},
                              static_cast<int>(f), static_cast<int>(t));
      if (!diff.ok()) return {diff.status().IsNotFound() ? 404 : 400, "text/plain", diff.status().message() + "\n"};
      return {200, "text/plain; charset=utf-8", *diff};
    }
    if (path == "/") return {200, "text/plain", "nianbao daemon: /metrics /status /changes /diff POST /cli\n"};
    return {404, "text/plain", "not found\n"};
  }

  std::shared_ptr<store::Archive> archive_;
  DaemonOptions options_;
  Clock* clock_;
  Config config_;
  Metrics metrics_;
  std::mutex mu_;                          // scheduler_, seeds_, last_job_ (HTTP threads read them)
  Scheduler scheduler_;
  std::vector<crawler::SeedFile> seeds_;
  size_t seeds_agencies_ = 0;
  Json last_job_;
  int64_t start_ = 0;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace

store::Options DaemonStoreOptions() {
  store::Options o;
  o.write_buffer_bytes = 4 << 20;
  o.block_cache_bytes = 4 << 20;
  o.map_table_files = false;   // a years-old archive has many tables: mapped, their pages stay in RSS
  return o;
}

uint64_t StoreMemoryBound(const store::Options& options) {
  return 2 * options.write_buffer_bytes + options.block_cache_bytes + (1 << 20);
}

Status RunDaemon(std::shared_ptr<store::Archive> archive, const DaemonOptions& options) {
  Daemon d(std::move(archive), options);
  return d.Run();
}

}  // namespace nianbao::daemon
