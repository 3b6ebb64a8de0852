// Synthetic reports in both templates, as damaged text and as expanded HTML grids: every field
// must be read exactly as generated.
#include <catch2/catch.hpp>

#include "nianbao/parser/parse.h"
#include "parser_test_util.h"
#include "synthetic.h"

namespace nianbao::parser::testing {
namespace {

const char* kHeadingsOnly =
    "某某局政府信息公开工作年度报告\n\n一、总体情况\n\n本年度工作正常开展。\n\n"
    "二、主动公开政府信息情况\n\n三、收到和处理政府信息公开申请情况\n\n"
    "四、政府信息公开行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n\n无。\n";

TEST_CASE("synthetic text reports with real damage are read exactly, both templates") {
  for (bool y2021 : {true, false}) {
    for (unsigned seed = 1; seed <= 60; ++seed) {
      std::mt19937 rng(seed);
      const Expected truth = MakeTruth(rng, y2021);
      Damage d;
      d.blank_zero = 0.4;
      d.units = 0.4;
      d.split_label = 0.3;
      d.shifted = 0.3;
      d.page_break = seed % 2 == 0;
      d.instructions = seed % 3 == 0;
      const std::string text = RenderText(truth, y2021, d, rng);
      const Stats s = Parse(text, {});
      INFO("seed " << seed << " template " << (y2021 ? 2021 : 2019) << "\n" << text);
      CHECK(s.template_year == (y2021 ? "2021" : "2019"));
      ExpectExactly(s, truth);
      INFO(FailedChecks(s));
      CHECK_FALSE(s.flagged);
    }
  }
}

TEST_CASE("local extra rows keep their numbers to themselves") {
  for (bool y2021 : {true, false}) {
    for (unsigned seed = 100; seed < 110; ++seed) {
      std::mt19937 rng(seed);
      const Expected truth = MakeTruth(rng, y2021);
      Damage d;
      d.extra_rows = true;
      d.units = 0.3;
      const std::string text = RenderText(truth, y2021, d, rng);
      INFO(text);
      ExpectExactly(Parse(text, {}), truth);
    }
  }
}

TEST_CASE("synthetic HTML grids (rowspan/colspan expanded) are read exactly") {
  for (bool y2021 : {true, false}) {
    for (unsigned seed = 200; seed < 220; ++seed) {
      std::mt19937 rng(seed);
      const Expected truth = MakeTruth(rng, y2021);
      const Stats s = Parse(kHeadingsOnly, RenderGrids(truth, y2021));
      INFO("seed " << seed);
      CHECK(s.template_year == (y2021 ? "2021" : "2019"));
      ExpectExactly(s, truth);
      CHECK_FALSE(s.flagged);
    }
  }
}

TEST_CASE("grids win over the text when both are given") {
  std::mt19937 rng(7);
  const Expected in_grids = MakeTruth(rng, true);
  const Expected in_text = MakeTruth(rng, true);
  REQUIRE(in_grids != in_text);
  const std::string text = RenderText(in_text, true, Damage{}, rng);
  ExpectExactly(Parse(text, RenderGrids(in_grids, true)), in_grids);
}

}  // namespace
}  // namespace nianbao::parser::testing
