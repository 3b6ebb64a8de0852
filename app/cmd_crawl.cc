// nianbao crawl: a one-off crawl of a province's (or some seed files') agencies into the archive.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "nianbao/crawler/crawl.h"
#include "nianbao/crawler/seeds.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

// seeds/ of the source tree the binary was built in (build dirs sit inside it), else ./seeds.
std::string DefaultSeedsDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory("seeds", ec)) return "seeds";
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (int i = 0; i < 5 && !dir.empty(); ++i, dir = dir.parent_path())
      if (fs::is_regular_file(dir / "seeds" / "demo.toml", ec)) return (dir / "seeds").string();
  }
  return "seeds";
}

int Run(const Args& args) {
  const std::string cmd = "crawl";
  for (const auto& rule : args.GetAll("connect-to"))   // a usage error, before any file is read
    if (Status c = crawler::CheckConnectRule(rule); !c.ok()) return UsageError(cmd, "--" + c.message());
  std::vector<std::string> files = args.GetAll("seeds");
  if (args.Has("province")) {
    const std::string dir = args.Get("seeds-dir", DefaultSeedsDir());
    auto f = crawler::FindProvinceFile(dir, args.Get("province"));
    if (!f.ok()) return Fail(cmd, f.status());
    files.push_back(*f);
  }
  if (files.empty()) return UsageError(cmd, "give --province NAME or --seeds FILE");
  std::vector<crawler::SeedFile> seeds;
  for (const auto& path : files) {
    auto s = crawler::LoadSeedFile(path);
    if (!s.ok()) return Fail(cmd, s.status());
    seeds.push_back(std::move(*s));
  }

  crawler::CrawlOptions o;
  o.proxy = args.Get("proxy");
  o.connect_to = args.GetAll("connect-to");
  o.agency = args.Get("agency");
  o.request_log = args.Get("request-log");
  struct IntOpt {
    const char* name;
    int* target;
    long long min, max;
  } ints[] = {{"per-host", &o.per_host, 1, 64},     {"delay", &o.delay_ms, 0, 600000},
              {"max-pages", &o.max_pages, 1, 10000000}, {"concurrency", &o.concurrency, 1, 4096},
              {"max-depth", &o.max_depth, 0, 100},  {"workers", &o.workers, 1, 64}};
  for (auto& io : ints) {
    auto v = args.GetInt(io.name, *io.target, io.min, io.max);
    if (!v.ok()) return UsageError(cmd, v.status().message());
    *io.target = static_cast<int>(*v);
  }
  auto queued = args.GetInt("max-queued-per-host", static_cast<long long>(o.max_queued_per_host), 0, 1000000);
  if (!queued.ok()) return UsageError(cmd, queued.status().message());
  o.max_queued_per_host = static_cast<size_t>(*queued);
  if (args.Has("insecure")) o.verify_tls = false;
  if (args.Has("http-client") && !crawler::ParseHttpClient(args.Get("http-client"), &o.http_client))
    return UsageError(cmd, "--http-client: own or curl, not \"" + args.Get("http-client") + "\"");

  // A crawl writes many small records (frontier, observations, captures) and reads few back: a
  // 2 MB write buffer and a 1 MB block cache instead of 32 MB and 8 MB keep peak memory lower at
  // the same CPU (bench_crawl, 100 hosts × 150 pages, 32 → 4 MB: 41.8 → 36.1 MB, 2,521 → 2,594
  // pages per CPU-second; 300 hosts, one sampled run each: 50.2 MB with 4 MB + 8 MB, 47.5 MB
  // with 2 MB + 1 MB; CPU within noise. 26 Nov, 300 hosts, interleaved runs: 2 MB + 2 MB → 2 MB
  // + 1 MB: 35 → 34 MB, CPU within noise; a 1 MB write buffer saves ~0.7 MB more but costs ~4 %
  // more CPU (more compactions; slower in 6 of 7 pairs), not kept).
  // The daemon's malloc bounds (cmd_daemon.cc: M_ARENA_MAX 2) would save 2-3 MB more here but cost
  // 20 % more CPU (two arenas shared by the network, worker and writer threads: lock waits).
  store::Options store_options;
  store_options.write_buffer_bytes = 2 << 20;
  store_options.block_cache_bytes = 1 << 20;
  store_options.map_table_files = false;   // 300 hosts: 45.5 → 44.4 MB peak, same CPU
  auto store = OpenStore(args, true, store_options);
  if (!store.ok()) {
    if (store.status().code() == Status::Code::kBusy)
      return Fail(cmd, Status::Busy(store.status().message() +
                                    " (another nianbao process, e.g. the daemon, holds this store)"));
    return Fail(cmd, store.status());
  }

  const bool tty = isatty(STDERR_FILENO);
  if (tty) {
    o.progress = [](const crawler::CrawlProgress& p) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "\r%llu pages  %llu queued  %llu in flight  %llu reports  %llu errors  %.1f pages/s   ",
                    static_cast<unsigned long long>(p.pages), static_cast<unsigned long long>(p.queued),
                    static_cast<unsigned long long>(p.in_flight), static_cast<unsigned long long>(p.reports),
                    static_cast<unsigned long long>(p.errors), p.elapsed_s > 0 ? p.pages / p.elapsed_s : 0.0);
      std::cerr << line << std::flush;
    };
  }
  g_stop = false;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  o.stop = &g_stop;

  auto r = crawler::Crawl(seeds, store->get(), o);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  if (tty) std::cerr << "\n";
  if (!r.ok()) return Fail(cmd, r.status());
  const auto& s = *r;
  Out() << (s.stopped ? "crawl stopped (resumable)"
             : s.left_pending ? "crawl unfinished (" + std::to_string(s.left_pending) + " requests left on disk; resumable)"
                              : "crawl finished")
        << (s.resumed ? " (resumed)" : "") << ": "
        << s.pages << " pages, " << s.bytes << " bytes in " << s.elapsed_s << " s; " << s.reports << " reports ("
        << s.new_documents << " new, " << s.new_versions << " new versions, " << s.unchanged << " unchanged, "
        << s.withdrawn << " withdrawn); " << s.errors << " errors, " << s.blocked << " blocked, "
        << s.robots_disallowed << " disallowed by robots.txt, " << s.retries << " retries\n";
  if (!s.failures.empty()) {
    Out() << "failures:\n";
    for (const auto& f : s.failures) Out() << "  " << f.url << "  " << f.reason << "\n";
  }
  return s.stopped || s.left_pending ? 1 : 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "crawl",
                    "crawl a province's agency sites for annual reports into the archive",
                    "nianbao crawl [--province NAME | --seeds FILE...] --store DIR [options]",
                    "Fetches every agency's site politely (robots.txt, one connection and a delay per host),\n"
                    "finds the 政府信息公开工作年度报告 and stores them. A crawl that is interrupted continues\n"
                    "where it stopped when run again. Exits 0 when the crawl finished, even if some pages\n"
                    "failed (they are listed).",
                    {StoreOption(),
                     {"province", "NAME", "the province's seed file in the seeds directory (\"河南\", \"demo\")"},
                     {"seeds", "FILE", "a seed file", true},
                     {"seeds-dir", "DIR", "where --province looks (default: the source tree's seeds/ or ./seeds)"},
                     {"agency", "NAME", "only this agency (id or name)"},
                     {"proxy", "URL", "HTTP(S)/SOCKS proxy, as curl -x"},
                     {"connect-to", "H1:P1:H2:P2", "connect to H2:P2 for H1:P1, as curl --connect-to", true},
                     {"per-host", "N", "connections per host (default 1)"},
                     {"delay", "MS", "minimum delay between requests to a host (default 1000)"},
                     {"max-pages", "N", "URLs per agency (default 2000)"},
                     {"max-depth", "N", "link hops from a seed (default 8)"},
                     {"concurrency", "N", "transfers in flight in all (default 16)"},
                     {"workers", "N", "page-processing threads (default 2)"},
                     {"max-queued-per-host", "N",
                      "requests of a host held in memory; the rest wait on disk (default 32, 0 = all)"},
                     {"request-log", "FILE", "append one JSON line per request"},
                     {"insecure", "", "do not verify TLS certificates"},
                     {"http-client", "own|curl",
                      "who fetches plain http:// pages: nianbao's own HTTP/1.1 client (default) or libcurl;\n"
                      "https, SOCKS and proxies with credentials always go through libcurl"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
