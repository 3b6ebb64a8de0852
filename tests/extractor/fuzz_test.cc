// Property test: random mutations of real pages and documents never crash or hang the extractor
// (run it under the sanitizer build: -DNIANBAO_SANITIZE=ON).
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "nianbao/extractor/extract.h"
#include "test_util.h"

namespace nianbao::extractor {
namespace {

std::string Mutate(std::string s, std::mt19937& rng) {
  static const char* kSnippets[] = {"<", ">", "</div>", "<table><tr><td rowspan=9999>", "<a href='", "&#",
                                    "\xFF", "\xE4\xB8", "<!--", "<script>", "</td></tr>", "\0"};
  int n = 1 + rng() % 20;
  for (int i = 0; i < n && !s.empty(); ++i) {
    size_t at = rng() % s.size();
    switch (rng() % 4) {
      case 0: s.erase(at, rng() % 64); break;
      case 1: s.insert(at, kSnippets[rng() % 12]); break;
      case 2: s[at] = static_cast<char>(rng()); break;
      case 3: s = s.substr(0, at); break;
    }
  }
  return s;
}

TEST_CASE("mutated pages never crash the extractor") {
  std::vector<std::string> seeds;
  namespace fs = std::filesystem;
  for (const auto& e : fs::directory_iterator(std::string(NIANBAO_EXTRACTOR_TESTSET) + "/pages"))
    if (seeds.size() < 5) seeds.push_back(testing::ReadFile(e.path().string()));
  REQUIRE(!seeds.empty());
  std::mt19937 rng(20240601);
  for (int round = 0; round < 60; ++round) {
    std::string page = Mutate(seeds[round % seeds.size()], rng);
    auto r = Extract(page, {});
    CHECK(r.ok());   // HTML extraction is total
  }
}

TEST_CASE("mutated PDFs never crash the extractor") {
  std::string pdf = testing::ReadFile(testing::TestData("reports/huaian-szfgs-2024.pdf"));
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    std::string m = pdf;
    for (int k = 0; k < 30; ++k) m[rng() % m.size()] = static_cast<char>(rng());
    (void)Extract(m, {});
  }
}

}  // namespace
}  // namespace nianbao::extractor
