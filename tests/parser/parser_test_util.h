// Helpers shared by the parser tests: expected field maps stated row by row, and a comparison
// that names the field that differs.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nianbao/parser/parse.h"

namespace nianbao::parser::testing {

using Expected = std::map<std::string, double>;

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const std::vector<std::string>& Applicants() {
  static const std::vector<std::string> cols = {"natural_person", "commercial", "research",
                                                "public_interest", "legal_service", "other_org",
                                                "total"};
  return cols;
}

// One row of table 三: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
inline void Row(Expected* e, const std::string& row, const std::vector<double>& v) {
  REQUIRE(v.size() == 7);
  for (size_t c = 0; c < 7; ++c) (*e)[row + "." + Applicants()[c]] = v[c];
}

// Table 四: 复议 (维持, 纠正, 其他, 尚未审结, 总计), 直接起诉 (same five), 复议后起诉 (same five).
inline void Reviews(Expected* e, const std::vector<double>& v) {
  REQUIRE(v.size() == 15);
  size_t i = 0;
  for (const char* g : {"review", "litigation.direct", "litigation.after_review"}) {
    for (const char* c : {"maintained", "corrected", "other", "pending", "total"}) {
      (*e)[std::string(g) + "." + c] = v[i++];
    }
  }
}

inline const std::vector<std::string>& Rows2021() {
  static const std::vector<std::string> rows = {
      "apply.new", "apply.carried_over", "apply.result.public", "apply.result.partial",
      "apply.result.withheld.state_secret", "apply.result.withheld.prohibited",
      "apply.result.withheld.safety_stability", "apply.result.withheld.third_party",
      "apply.result.withheld.internal_affairs", "apply.result.withheld.process_info",
      "apply.result.withheld.enforcement_file", "apply.result.withheld.query_matter",
      "apply.result.unavailable.not_held", "apply.result.unavailable.needs_creation",
      "apply.result.unavailable.unclear", "apply.result.unprocessed.petition",
      "apply.result.unprocessed.repeated", "apply.result.unprocessed.publication",
      "apply.result.unprocessed.mass_repeated", "apply.result.unprocessed.confirm_existing",
      "apply.result.other.overdue_correction", "apply.result.other.unpaid_fee",
      "apply.result.other.misc", "apply.result.total", "apply.carry_forward"};
  return rows;
}

// The 2019 template: one 其他处理 row instead of the three 2021 sub-rows.
inline std::vector<std::string> Rows2019() {
  std::vector<std::string> rows;
  for (const auto& r : Rows2021()) {
    if (r == "apply.result.other.overdue_correction") rows.push_back("apply.result.other");
    if (r.rfind("apply.result.other.", 0) != 0) rows.push_back(r);
  }
  return rows;
}

inline Expected AsMap(const Stats& s) {
  Expected m;
  for (const auto& f : s.fields) m[f.name] = f.value;
  return m;
}

// Every expected field is there with its value, and no other field is.
inline void ExpectExactly(const Stats& s, const Expected& want) {
  const Expected got = AsMap(s);
  for (const auto& [name, value] : want) {
    INFO("field " << name);
    auto it = got.find(name);
    REQUIRE(it != got.end());
    CHECK(it->second == Approx(value).margin(1e-9));
  }
  for (const auto& [name, value] : got) {
    INFO("unexpected field " << name << " = " << value);
    CHECK(want.count(name) == 1);
  }
}

inline std::string Diff(const Expected& a, const Expected& b) {
  std::string out;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end()) out += k + " only left\n";
    else if (it->second != v) out += k + " " + std::to_string(v) + " vs " + std::to_string(it->second) + "\n";
  }
  for (const auto& [k, v] : b) if (!a.count(k)) out += k + " only right\n";
  return out;
}

inline std::string FailedChecks(const Stats& s) {
  std::string out;
  for (const auto& c : s.checks) {
    if (!c.ok) out += c.name + ": " + c.detail + "\n";
  }
  return out;
}

}  // namespace nianbao::parser::testing
