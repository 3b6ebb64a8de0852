// Archive throughput: puts/s and gets/s for seed-sized documents (the real reports), bytes per
// version, and how much a re-import of unchanged documents adds. Prints numbers; not a test.
//   bench_store [DOCS]   (default 20000)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "nianbao/store/archive.h"

using namespace nianbao;
using namespace nianbao::store;
using Clk = std::chrono::steady_clock;

namespace {

std::vector<std::string> LoadReports() {
  std::vector<std::string> texts;
  for (const char* name : {"huojia-wjw-2021.txt", "luoyang-wsjkw-2022.txt", "qingtongxia-wsjkj-2020.txt",
                           "tongren-wsjkj-2021.txt", "xinjiang-wsjkw-2019.txt"}) {
    std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/data/reports/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  return texts;
}

double Seconds(Clk::time_point since) { return std::chrono::duration<double>(Clk::now() - since).count(); }

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) total += e.file_size();
  return total;
}

// One import as `nianbao import` does it: the raw capture, then the report with its observation.
Status Import(Archive* a, const DocKey& key, const std::string& text, int64_t t) {
  Capture cap;
  cap.url = "http://bench.gov.cn/" + key.agency + "/" + std::to_string(key.year) + ".txt";
  cap.http_status = 200;
  cap.body = text;
  cap.fetched_at = t;
  auto sha = a->PutCapture(cap);
  if (!sha.ok()) return sha.status();
  ReportContent c{"report", text, cap.url, "text", ""};
  Observation o;
  o.time = t;
  o.url = cap.url;
  o.http_status = 200;
  o.capture_sha256 = *sha;
  auto r = a->PutReport(key, {}, c, o);
  return r.ok() ? Status::OK() : r.status();
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  const auto reports = LoadReports();
  const std::string dir = (std::filesystem::temp_directory_path() / "nianbao-bench-store").string();
  std::filesystem::remove_all(dir);
  std::unique_ptr<Archive> a;
  if (!Archive::Open(Options(), dir, &a).ok()) return 1;

  auto key_of = [](int i) { return DocKey{"agency-" + std::to_string(i / 20), 2000 + i % 20}; };
  // Each document differs from the others (its index in the text), as real reports do.
  auto text_of = [&](int i) { return reports[i % reports.size()] + "\n编号 " + std::to_string(i) + "\n"; };
  size_t bytes_in = 0;
  auto t0 = Clk::now();
  for (int i = 0; i < n; ++i) {
    std::string text = text_of(i);
    bytes_in += text.size();
    if (!Import(a.get(), key_of(i), text, 1000 + i).ok()) return 1;
  }
  const double put_s = Seconds(t0);

  std::mt19937 rng(1);
  t0 = Clk::now();
  size_t got = 0;
  for (int i = 0; i < n; ++i) {
    auto v = a->GetVersion(key_of(rng() % n), 0);
    if (v.ok()) got += v->text.size();
  }
  const double get_s = Seconds(t0);

  a->CompactAll();  // settle the size on disk: overwritten records dropped
  const uint64_t size1 = DirBytes(dir);

  t0 = Clk::now();
  for (int i = 0; i < n; ++i)
    if (!Import(a.get(), key_of(i), text_of(i), 5000000 + i).ok()) return 1;
  const double reput_s = Seconds(t0);
  a->CompactAll();
  const uint64_t size2 = DirBytes(dir);

  std::printf("documents                 %d (mean text %.1f KB)\n", n, bytes_in / 1024.0 / n);
  std::printf("put (new documents)       %.0f puts/s  (%.2f s)\n", n / put_s, put_s);
  std::printf("get (current version)     %.0f gets/s  (%.2f s, %zu bytes)\n", n / get_s, get_s, got);
  std::printf("re-import unchanged       %.0f puts/s  (%.2f s)\n", n / reput_s, reput_s);
  std::printf("archive after first pass  %.1f MB, %.0f bytes per version (text + capture + records)\n",
              size1 / 1e6, static_cast<double>(size1) / n);
  std::printf("archive after re-import   %.1f MB, +%.2f%%\n", size2 / 1e6, 100.0 * (double(size2) - size1) / size1);
  a.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
