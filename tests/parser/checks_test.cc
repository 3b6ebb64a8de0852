// Reports outside the standard format, failed identities, and the cell conventions (blank, "/",
// units, only 总计 filled), each stated on a small report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "nianbao/parser/parse.h"
#include "parser_test_util.h"
#include "synthetic.h"

namespace nianbao::parser::testing {
namespace {

std::string Luoyang() { return ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/luoyang-wsjkw-2022.txt"); }

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

const Check* Find(const Stats& s, const std::string& name) {
  for (const auto& c : s.checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TEST_CASE("a prose-only report gives no fields and says why") {
  const std::string text = ReadFile(std::string(NIANBAO_TEST_DATA) + "/parser/prose-2019.txt");
  REQUIRE(!text.empty());
  const Stats s = Parse(text, {});
  CHECK(s.fields.empty());
  CHECK(s.template_year.empty());
  CHECK(s.reason.find("not in the standard format") != std::string::npos);
  CHECK_FALSE(s.flagged);
  CHECK(Parse("", {}).fields.empty());
  CHECK_FALSE(Parse("", {}).reason.empty());
}

TEST_CASE("a failed identity is flagged with its numbers, never corrected") {
  // Luoyang's (七) 总计 natural-person cell changed from 11 to 12.
  const Stats s = Parse(Replace(Luoyang(), "(七) 总计\t11\t", "(七) 总计\t12\t"), {});
  CHECK(s.flagged);
  CHECK(AsMap(s).at("apply.result.total.natural_person") == 12);   // as printed
  const Check* id = Find(s, "identity.natural_person");
  REQUIRE(id);
  CHECK_FALSE(id->ok);
  CHECK(id->detail ==
        "apply.new.natural_person 11 + apply.carried_over.natural_person 0 = 11 ≠ "
        "apply.result.total.natural_person 12 + apply.carry_forward.natural_person 0 = 12");
  const Check* rows = Find(s, "row_total.apply.result.total");
  REQUIRE(rows);
  CHECK_FALSE(rows->ok);
  const Check* sum = Find(s, "results_sum.natural_person");
  REQUIRE(sum);
  CHECK_FALSE(sum->ok);
  CHECK(Find(s, "identity.commercial")->ok);
  // The JSON carries the same.
  const Json j = ToJson(s);
  CHECK(j["flagged"] == true);
  CHECK(j["fields"]["apply.result.total.natural_person"] == 12);
  CHECK(j["template"] == "2021");
}

TEST_CASE("table 四: a total that is not the sum of its outcomes is flagged") {
  const Stats s = Parse(Replace(Luoyang(), "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
                                "1\t2\t0\t0\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"), {});
  CHECK(AsMap(s).at("review.total") == 4);
  const Check* c = Find(s, "total.review");
  REQUIRE(c);
  CHECK_FALSE(c->ok);
  CHECK(c->detail.find("review.maintained 1 + review.corrected 2") != std::string::npos);
  CHECK(s.flagged);
}

TEST_CASE("cell conventions: blank, nothing marks, units, signs, 元") {
  std::string t = Luoyang();
  t = Replace(t, "行政许可\t3916", "行政许可\t/");
  t = Replace(t, "行政处罚\t800", "行政处罚\t不适用");
  t = Replace(t, "行政强制\t3", "行政强制\t—");
  t = Replace(t, "行政事业性收费\t276.024", "行政事业性收费\t2760240元");
  const Expected m = AsMap(Parse(t, {}));
  CHECK(m.count("license.decisions") == 0);   // absent, not zero
  CHECK(m.count("penalty.decisions") == 0);
  CHECK(m.count("enforcement.decisions") == 0);
  CHECK(m.at("fees.amount_wan") == Approx(276.024));

  const std::string q = ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/qingtongxia-wsjkj-2020.txt");
  const Expected n = AsMap(Parse(Replace(Replace(q, "行政许可\t10\t0\t485", "行政许可\t10 项\t+1,036\t485"),
                                         "行政处罚\t81\t0\t18", "行政处罚\t８１\t-8\t１８"), {}));
  CHECK(n.at("license.change") == 1036);
  CHECK(n.at("penalty.prev_items") == 81);
  CHECK(n.at("penalty.change") == -8);
  CHECK(n.at("penalty.decisions") == 18);
}

TEST_CASE("a blank 总计 cell reads 0 and fails its row check") {
  const Stats s = Parse(Replace(Luoyang(), "(一) 予以公开\t\t11\t0\t0\t0\t0\t0\t11\t",
                                "(一) 予以公开\t\t11\t0\t0\t0\t0\t0\t\t"), {});
  CHECK(AsMap(s).at("apply.result.public.total") == 0);
  const Check* c = Find(s, "row_total.apply.result.public");
  REQUIRE(c);
  CHECK_FALSE(c->ok);
  CHECK(s.flagged);
}

TEST_CASE("only the 总计 column filled: the applicant columns are absent") {
  std::mt19937 rng(5);
  const Expected truth = MakeTruth(rng, true);
  std::string text = RenderText(truth, true, Damage{}, rng);
  // Blank every applicant cell of table 三, keep 总计.
  std::stringstream in(text);
  std::string out;
  bool in_requests = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("三、收到", 0) == 0) in_requests = true;
    if (line.rfind("四、政府信息公开", 0) == 0) in_requests = false;
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cells.push_back(c);
    if (in_requests && cells.size() >= 9 && !cells.back().empty() && isdigit(cells.back()[0])) {
      for (size_t i = cells.size() - 7; i + 1 < cells.size(); ++i) cells[i] = "";
    }
    std::string joined;
    for (size_t i = 0; i < cells.size(); ++i) joined += (i ? "\t" : "") + cells[i];
    out += joined + "\n";
  }
  const Stats s = Parse(out, {});
  const Expected m = AsMap(s);
  CHECK(m.count("apply.new.natural_person") == 0);
  CHECK(m.count("apply.result.public.commercial") == 0);
  CHECK(m.at("apply.new.total") == truth.at("apply.new.total"));
  CHECK(m.at("apply.result.total.total") == truth.at("apply.result.total.total"));
  INFO(FailedChecks(s));
  CHECK_FALSE(s.flagged);   // the identity on 总计 holds; the row checks do not apply
}

TEST_CASE("FieldNames is the stable, duplicate-free union of both templates") {
  const auto& names = FieldNames();
  CHECK(names.front() == "rules.made");
  CHECK(names.back() == "litigation.after_review.total");
  std::set<std::string> unique(names.begin(), names.end());
  CHECK(unique.size() == names.size());
  // 2021 table 三 rows 25 + the 2019 其他处理 row, 7 columns; table 四 15.
  CHECK(std::count_if(names.begin(), names.end(), [](const std::string& n) {
          return n.rfind("apply.", 0) == 0;
        }) == 26 * 7);
  for (const char* n : {"fees.amount_wan", "procurement.count", "procurement.amount_wan",
                        "license.decisions", "apply.result.other.total",
                        "apply.result.other.misc.total", "review.total"}) {
    CHECK(unique.count(n) == 1);
  }
}

}  // namespace
}  // namespace nianbao::parser::testing
