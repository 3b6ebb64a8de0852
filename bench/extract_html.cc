// Extraction throughput on one core: HTML extraction MB/s beside Gumbo's bare parse MB/s on the
// same pages (../shared/extraction-dev when present, else the generated report pages), and PDF
// pages/s on the huaian report. Prints numbers; not a test.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../extractor/src/dom.h"   // the bare-parse baseline lives behind the extractor's DOM
#include "nianbao/extractor/charset.h"
#include "nianbao/extractor/extract.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

static std::string Read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

template <typename Fn>
static double SecondsFor(int rounds, Fn fn) {
  auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) fn();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

int main(int argc, char** argv) {
  fs::path dev = fs::path(NIANBAO_SOURCE_DIR) / ".." / "shared" / "extraction-dev" / "original";
  // The generated test set, written by the tests' build (target extractor_testset).
  fs::path gen = fs::path(NIANBAO_BINARY_DIR) / "tests" / "extractor-testset" / "pages";
  fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::exists(dev) ? dev : gen;
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "bench_extract_html: no pages in %s (give a directory of HTML pages, or build the "
                         "tests' extractor_testset target)\n", dir.string().c_str());
    return 1;
  }
  std::vector<std::string> pages, utf8;
  size_t bytes = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    pages.push_back(Read(e.path()));
    utf8.push_back(nianbao::extractor::DecodeToUtf8(pages.back(), "").text);
    bytes += pages.back().size();
  }
  const int rounds = 5;
  double mb = static_cast<double>(bytes) * rounds / 1e6;
  double parse = SecondsFor(rounds, [&] { for (auto& p : utf8) nianbao::extractor::dom::ParseOnlyForBenchmark(p); });
  double extract = SecondsFor(rounds, [&] { for (auto& p : pages) (void)nianbao::extractor::Extract(p, {}); });
  std::printf("pages: %zu from %s (%.1f MB per round, %d rounds)\n", pages.size(), dir.string().c_str(),
              bytes / 1e6, rounds);
  std::printf("gumbo bare parse:      %7.2f MB/s\n", mb / parse);
  std::printf("full HTML extraction:  %7.2f MB/s  (%.2fx the bare parse's time; includes charset decoding)\n",
              mb / extract, extract / parse);

  std::string pdf = Read(fs::path(NIANBAO_SOURCE_DIR) / "tests" / "data" / "reports" / "huaian-szfgs-2024.pdf");
  if (!pdf.empty()) {
    const int pdf_rounds = 5;
    const int pages_per_doc = 6;   // the huaian report's page count (the Document does not keep pages)
    double t = SecondsFor(pdf_rounds, [&] { (void)nianbao::extractor::Extract(pdf, {}); });
    std::printf("PDF extraction:        %7.2f pages/s (huaian report, %d pages)\n", pages_per_doc * pdf_rounds / t,
                pages_per_doc);
  }
  return 0;
}
