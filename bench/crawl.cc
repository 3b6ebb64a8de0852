// Crawl throughput on a generated loopback web: N hosts × M pages, politeness relaxed (per-host 4,
// no delay). Start a server first (bench/crawl_web.sh does: nginx, or Python's http.server), then
//   bench_crawl --connect-to ::127.0.0.1:PORT [--hosts 200] [--pages 100] [--concurrency 64]
// Every host serves the same files (index.html → p0.html … p{M-1}.html, 10 links each), so the
// crawl fetches hosts × (pages + 1) pages plus one robots.txt per host.
// Prints pages/s, CPU seconds (user + system) and peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "nianbao/crawler/crawl.h"
#include "nianbao/store/archive.h"

using namespace nianbao;

int main(int argc, char** argv) {
  std::string connect_to;
  int hosts = 200, pages = 100, concurrency = 64, workers = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--connect-to") connect_to = v;
    else if (a == "--hosts") hosts = std::atoi(v.c_str());
    else if (a == "--pages") pages = std::atoi(v.c_str());
    else if (a == "--concurrency") concurrency = std::atoi(v.c_str());
    else if (a == "--workers") workers = std::atoi(v.c_str());
  }
  if (connect_to.empty()) {
    std::cerr << "usage: bench_crawl --connect-to ::127.0.0.1:PORT [--hosts N] [--pages M]\n"
                 "(bench/crawl_web.sh starts a server and runs this)\n";
    return 2;
  }
  crawler::SeedFile seeds;
  seeds.path = "bench";
  seeds.province = "bench";
  for (int h = 0; h < hosts; ++h) {
    crawler::SeedAgency a;
    a.id = "bench-" + std::to_string(h);
    a.name = "基准" + std::to_string(h);
    a.urls = {"http://h" + std::to_string(h) + ".bench.test/index.html"};
    seeds.agencies.push_back(a);
  }
  auto dir = std::filesystem::temp_directory_path() / ("nianbao-bench-crawl-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::unique_ptr<store::Archive> archive;
  Status s = store::Archive::Open(store::Options{}, dir.string(), &archive);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  crawler::CrawlOptions o;
  o.connect_to = {connect_to};
  o.per_host = 4;
  o.delay_ms = 0;
  o.concurrency = concurrency;
  o.workers = workers;
  o.max_depth = 50;
  o.max_pages = pages + 10;
  auto t0 = std::chrono::steady_clock::now();
  auto r = crawler::Crawl({seeds}, archive.get(), o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.ok()) {
    std::cerr << r.status().ToString() << "\n";
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  std::printf("hosts %d  pages/host %d  fetched %llu pages (%llu bytes, %llu errors) in %.2f s\n", hosts, pages,
              static_cast<unsigned long long>(r->pages), static_cast<unsigned long long>(r->bytes),
              static_cast<unsigned long long>(r->errors), secs);
  std::printf("pages/s %.0f  cpu %.2f s (%.0f%% of one core)  peak RSS %.1f MB\n", r->pages / secs, cpu,
              100.0 * cpu / secs, ru.ru_maxrss / 1024.0);
  archive.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
