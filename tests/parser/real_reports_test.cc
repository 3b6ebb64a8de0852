// The five real report texts of tests/data/reports, every number stated (read by hand from the
// text: these tests are the parser's spec). Blank cells in a filled-in row are read as 0.
#include <catch2/catch.hpp>

#include "nianbao/parser/parse.h"
#include "parser_test_util.h"

namespace nianbao::parser::testing {
namespace {

Stats ParseReport(const std::string& name) {
  const std::string text = ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/" + name);
  REQUIRE(!text.empty());
  return Parse(text, {});
}

// Every table-三 row of `rows` all zero, then the given rows overwritten.
void ZeroRows(Expected* e, const std::vector<std::string>& rows) {
  for (const auto& r : rows) Row(e, r, {0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("tongren 2021 (2021 template; wrapped 过程性信/息, numbers of 其他处理 2. above its label)") {
  const Stats s = ParseReport("tongren-wsjkj-2021.txt");
  CHECK(s.template_year == "2021");
  Expected e = {
      {"rules.made", 0}, {"rules.repealed", 0}, {"rules.in_force", 0},
      {"normative.made", 0}, {"normative.repealed", 0}, {"normative.in_force", 0},
      {"license.decisions", 50}, {"penalty.decisions", 5}, {"enforcement.decisions", 0},
      {"fees.amount_wan", 0},
  };
  // Table 三 is all zeros; the blank cells of 其他处理 2. and 3. read as zero.
  ZeroRows(&e, Rows2021());
  // Table 四: the five 复议 cells are blank, the ten 诉讼 cells 0.
  Reviews(&e, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ExpectExactly(s, e);
  CHECK_FALSE(s.flagged);
  CHECK(s.reason.empty());
}

TEST_CASE("huojia 2021 (2021 template; rows with six cells)") {
  const Stats s = ParseReport("huojia-wjw-2021.txt");
  CHECK(s.template_year == "2021");
  Expected e = {
      {"rules.made", 0}, {"rules.repealed", 0}, {"rules.in_force", 0},
      {"normative.made", 0}, {"normative.repealed", 0}, {"normative.in_force", 8},
      {"license.decisions", 828}, {"penalty.decisions", 48}, {"enforcement.decisions", 0},
      {"fees.amount_wan", 0},
  };
  ZeroRows(&e, Rows2021());
  Reviews(&e, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ExpectExactly(s, e);
  CHECK_FALSE(s.flagged);
}

TEST_CASE("luoyang 2022 (2021 template; shifted cells, 万元 with decimals)") {
  const Stats s = ParseReport("luoyang-wsjkw-2022.txt");
  CHECK(s.template_year == "2021");
  Expected e = {
      {"rules.made", 0}, {"rules.repealed", 0}, {"rules.in_force", 0},
      {"normative.made", 0}, {"normative.repealed", 11}, {"normative.in_force", 9},
      {"license.decisions", 3916}, {"penalty.decisions", 800}, {"enforcement.decisions", 3},
      {"fees.amount_wan", 276.024},
  };
  ZeroRows(&e, Rows2021());
  Row(&e, "apply.new", {11, 0, 0, 0, 0, 0, 11});
  Row(&e, "apply.result.public", {11, 0, 0, 0, 0, 0, 11});
  Row(&e, "apply.result.total", {11, 0, 0, 0, 0, 0, 11});
  Reviews(&e, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ExpectExactly(s, e);
  CHECK_FALSE(s.flagged);
}

TEST_CASE("qingtongxia 2020 (2019 template; 集中采购 label and numbers on separate lines)") {
  const Stats s = ParseReport("qingtongxia-wsjkj-2020.txt");
  CHECK(s.template_year == "2019");
  Expected e = {
      {"rules.new_made", 0}, {"rules.new_published", 0}, {"rules.published_total", 0},
      {"normative.new_made", 0}, {"normative.new_published", 0}, {"normative.published_total", 0},
      {"license.prev_items", 10}, {"license.change", 0}, {"license.decisions", 485},
      {"other_services.prev_items", 0}, {"other_services.change", 0}, {"other_services.decisions", 0},
      {"penalty.prev_items", 81}, {"penalty.change", 0}, {"penalty.decisions", 18},
      {"enforcement.prev_items", 0}, {"enforcement.change", 0}, {"enforcement.decisions", 0},
      {"fees.prev_items", 0}, {"fees.change", 0},
      {"procurement.count", 1}, {"procurement.amount_wan", 92},
  };
  ZeroRows(&e, Rows2019());
  Reviews(&e, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ExpectExactly(s, e);
  CHECK_FALSE(s.flagged);
}

TEST_CASE("xinjiang 2019 (2019 template; four 不予处理 rows, units in cells, wrapped labels)") {
  const Stats s = ParseReport("xinjiang-wsjkw-2019.txt");
  CHECK(s.template_year == "2019");
  Expected e = {
      {"rules.new_made", 0}, {"rules.new_published", 0}, {"rules.published_total", 0},
      {"normative.new_made", 3}, {"normative.new_published", 3}, {"normative.published_total", 3},
      {"license.prev_items", 29}, {"license.change", 0}, {"license.decisions", 16994},
      {"other_services.prev_items", 0}, {"other_services.change", 0}, {"other_services.decisions", 0},
      {"penalty.prev_items", 80}, {"penalty.change", 0}, {"penalty.decisions", 34},
      {"enforcement.prev_items", 10}, {"enforcement.change", 0}, {"enforcement.decisions", 0},
      {"fees.prev_items", 0}, {"fees.change", 0},
      {"procurement.count", 17}, {"procurement.amount_wan", 65738.2},
  };
  std::vector<std::string> rows = Rows2019();
  // No 4.无正当理由大量反复申请 row in this report: absent, not zero.
  rows.erase(std::find(rows.begin(), rows.end(), "apply.result.unprocessed.mass_repeated"));
  ZeroRows(&e, rows);
  Row(&e, "apply.new", {1, 9, 4, 0, 0, 5, 19});
  Row(&e, "apply.result.public", {0, 9, 4, 0, 0, 3, 16});
  Row(&e, "apply.result.partial", {0, 0, 0, 0, 0, 1, 1});
  Row(&e, "apply.result.unprocessed.repeated", {1, 0, 0, 0, 0, 1, 2});
  Row(&e, "apply.result.total", {1, 9, 4, 0, 0, 5, 19});
  Reviews(&e, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ExpectExactly(s, e);
  INFO(FailedChecks(s));
  CHECK_FALSE(s.flagged);
}

TEST_CASE("every real report passes its own identities") {
  for (const char* name : {"tongren-wsjkj-2021.txt", "huojia-wjw-2021.txt", "luoyang-wsjkw-2022.txt",
                           "qingtongxia-wsjkj-2020.txt", "xinjiang-wsjkw-2019.txt"}) {
    const Stats s = ParseReport(name);
    INFO(name << "\n" << FailedChecks(s));
    CHECK_FALSE(s.flagged);
    // 7 identity + 7 row-sum checks, one row-total check per table-三 row, 3 for table 四.
    CHECK(s.checks.size() >= 7 + 7 + 22 + 3);
  }
}

}  // namespace
}  // namespace nianbao::parser::testing
