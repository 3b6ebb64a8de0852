// Crawl throughput on the generated loopback web (bench/peers/gen_web.py, the one generator that
// bench/compare.sh also uses), with the politeness of compare.sh: per-host 2, no delay, robots on.
// Start a server first (bench/crawl_web.sh does: gen_web.py + nginx), then
//   bench_crawl --seeds WEB/seeds.toml --connect-to ::127.0.0.1:PORT [--per-host 2] [--concurrency 32]
//               [--workers 2] [--max-pages 300] [--max-depth 8] [--write-buffer-mb 32]
//               [--block-cache-mb 8] [--seen-cache N]
// --write-buffer-mb / --block-cache-mb / --seen-cache set the archive's LevelDB buffers and the
// frontier's in-memory seen cache, to see what they cost in peak RSS (the CLI uses the defaults).
// Prints pages, pages/s, CPU seconds (user + system), pages per CPU-second and peak RSS.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "nianbao/crawler/crawl.h"
#include "nianbao/crawler/seeds.h"
#include "nianbao/store/archive.h"

using namespace nianbao;

int main(int argc, char** argv) {
  std::string seeds_path;
  crawler::CrawlOptions o;
  o.per_host = 2;
  o.delay_ms = 0;
  o.concurrency = 32;
  o.max_pages = 300;
  o.max_depth = 8;
  store::Options so;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    const long n = std::atol(v.c_str());
    if (a == "--seeds") seeds_path = v;
    else if (a == "--connect-to") o.connect_to.push_back(v);
    else if (a == "--proxy") o.proxy = v;
    else if (a == "--per-host") o.per_host = static_cast<int>(n);
    else if (a == "--concurrency") o.concurrency = static_cast<int>(n);
    else if (a == "--workers") o.workers = static_cast<int>(n);
    else if (a == "--max-pages") o.max_pages = static_cast<int>(n);
    else if (a == "--max-depth") o.max_depth = static_cast<int>(n);
    else if (a == "--write-buffer-mb") so.write_buffer_bytes = static_cast<size_t>(n) << 20;
    else if (a == "--block-cache-mb") so.block_cache_bytes = static_cast<size_t>(n) << 20;
    else if (a == "--seen-cache") o.seen_cache_entries = static_cast<size_t>(n);
    else {
      std::cerr << "bench_crawl: unknown option " << a << "\n";
      return 2;
    }
  }
  if (seeds_path.empty() || (o.connect_to.empty() && o.proxy.empty())) {
    std::cerr << "usage: bench_crawl --seeds WEB/seeds.toml --connect-to ::127.0.0.1:PORT [options]\n"
                 "(bench/crawl_web.sh generates the web, starts nginx and runs this)\n";
    return 2;
  }
  auto seeds = crawler::LoadSeedFile(seeds_path);
  if (!seeds.ok()) {
    std::cerr << seeds.status().ToString() << "\n";
    return 1;
  }
  auto dir = std::filesystem::temp_directory_path() / ("nianbao-bench-crawl-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::unique_ptr<store::Archive> archive;
  Status s = store::Archive::Open(so, dir.string(), &archive);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = crawler::Crawl({*seeds}, archive.get(), o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.ok()) {
    std::cerr << r.status().ToString() << "\n";
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  std::printf("%zu hosts: fetched %llu pages (%llu bytes, %llu errors, %llu disallowed by robots.txt) in %.2f s\n",
              seeds->agencies.size(), static_cast<unsigned long long>(r->pages),
              static_cast<unsigned long long>(r->bytes), static_cast<unsigned long long>(r->errors),
              static_cast<unsigned long long>(r->robots_disallowed), secs);
  std::printf("pages/s %.0f  cpu %.2f s (%.0f%% of one core)  pages per CPU-second %.0f  peak RSS %.1f MB\n",
              r->pages / secs, cpu, 100.0 * cpu / secs, cpu > 0 ? r->pages / cpu : 0.0, ru.ru_maxrss / 1024.0);
  archive.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
