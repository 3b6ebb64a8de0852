// A report whose table 三 a page break cut in two reaches the parser as a partial grid (the
// first part) beside a text that has every row: the rows the grid lacks must not be lost.
#include "parser_test_util.h"

using namespace nianbao;
using namespace nianbao::parser;

TEST_CASE("a grid holding only part of table 三 does not hide the text's rows") {
  const std::string text = testing::ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/huojia-wjw-2021.txt");
  REQUIRE(!text.empty());
  const Stats full = Parse(text, {});
  Table first_part;
  first_part.rows = {
      {"本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "申请人情况", "", "", "", "", "", ""},
      {"", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"},
  };
  // Copy the new-applications and carried-over rows from the full reading into the grid.
  auto value = [&](const std::string& name) {
    for (const auto& f : full.fields)
      if (f.name == name) return std::to_string(static_cast<long long>(f.value));
    return std::string();
  };
  for (auto [label, row] : {std::pair{"一、本年新收政府信息公开申请数量", "apply.new"},
                            std::pair{"二、上年结转政府信息公开申请数量", "apply.carried_over"}}) {
    std::vector<std::string> cells = {label};
    for (const auto& col : testing::Applicants()) cells.push_back(value(std::string(row) + "." + col));
    first_part.rows.push_back(cells);
  }
  const Stats with_grid = Parse(text, {first_part});
  CHECK(with_grid.fields.size() == full.fields.size());
  bool has_total = false;
  for (const auto& f : with_grid.fields) has_total |= f.name == "apply.result.total.total";
  CHECK(has_total);
  CHECK_FALSE(with_grid.flagged);
}
