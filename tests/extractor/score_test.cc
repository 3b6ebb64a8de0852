// Extraction quality, measured: character F1 of the extracted text against the true text.
// (a) the five real reports rendered into CMS page templates (tests/data/extractor/pages, made by
//     make_pages.py); (b) ../shared/extraction-dev's 69 real pages with hand-cut bodies.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "f1.h"
#include "nianbao/extractor/extract.h"
#include "test_util.h"

namespace nianbao::extractor {
namespace {

using testing::CharF1;
using testing::ReadFile;
using testing::TestData;

void PrintWorst(std::vector<std::pair<double, std::string>> scores, size_t n) {
  std::sort(scores.begin(), scores.end());
  for (size_t i = 0; i < n && i < scores.size(); ++i)
    std::cout << "  " << scores[i].first << "  " << scores[i].second << "\n";
}

TEST_CASE("generated report pages: F1, year and agency on every page") {
  auto manifest = nlohmann::json::parse(ReadFile(TestData("extractor/manifest.json")));
  REQUIRE(manifest.size() >= 25);
  std::vector<std::pair<double, std::string>> scores;
  double sum = 0;
  for (const auto& m : manifest) {
    ExtractOptions o;
    o.content_type = m["content_type"];
    o.url = m["url"];
    o.seed_region = m["seed_region"];
    auto doc = Extract(ReadFile(TestData("extractor/" + m["file"].get<std::string>())), o);
    REQUIRE(doc.ok());
    double f = CharF1(doc->text, ReadFile(TestData("extractor/" + m["truth"].get<std::string>())));
    scores.push_back({f, m["file"]});
    sum += f;
    INFO(m["file"].get<std::string>() << " title=" << doc->title << " reason=" << doc->reason);
    CHECK(f >= 0.95);
    CHECK(doc->is_report);
    CHECK(doc->year == m["year"].get<int>());
    CHECK(doc->agency == m["agency"].get<std::string>());
  }
  double mean = sum / scores.size();
  std::cout << "generated report pages: " << scores.size() << " pages, mean char-F1 " << mean << "; worst:\n";
  PrintWorst(scores, 3);
  CHECK(mean >= 0.98);
}

TEST_CASE("extraction-dev: 69 real pages with hand-cut bodies") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(NIANBAO_SHARED_DIR) / "extraction-dev";
  if (!fs::exists(dir / "original")) {
    WARN("skipped: " << dir.string() << " is missing (it is only on developer machines)");
    return;
  }
  std::vector<std::pair<double, std::string>> scores;
  double sum = 0;
  for (const auto& e : fs::directory_iterator(dir / "original")) {
    std::string name = e.path().stem().string();
    auto doc = Extract(ReadFile(e.path().string()), {});
    REQUIRE(doc.ok());
    // The hand-cut texts have no title line: score the body only.
    double f = CharF1(testing::BodyOf(doc->text), ReadFile((dir / "cleaned" / (name + ".txt")).string()));
    scores.push_back({f, name});
    sum += f;
  }
  REQUIRE(scores.size() == 69);
  double mean = sum / scores.size();
  std::cout << "extraction-dev: mean char-F1 " << mean << "; worst five:\n";
  PrintWorst(scores, 5);
  CHECK(mean >= 0.90);
}

}  // namespace
}  // namespace nianbao::extractor
