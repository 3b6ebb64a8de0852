#include "checks.h"

#include <cmath>
#include <sstream>

#include "schema.h"

namespace nianbao::parser {
namespace {

std::string Num(double v) {
  std::ostringstream o;
  o.precision(12);
  o << v;
  return o.str();
}

// One side of an equation: the named fields, all of which must be present.
struct Side {
  std::vector<std::string> names;
};

// lhs == rhs, each a sum of fields. Absent fields make the check not apply.
void Equation(const FieldMap& f, const std::string& check, const Side& lhs, const Side& rhs,
              std::vector<Check>* out) {
  double sums[2] = {0, 0};
  std::string text[2];
  const Side* sides[2] = {&lhs, &rhs};
  for (int s = 0; s < 2; ++s) {
    for (const auto& n : sides[s]->names) {
      auto it = f.find(n);
      if (it == f.end()) return;
      sums[s] += it->second;
      text[s] += (text[s].empty() ? "" : " + ") + n + " " + Num(it->second);
    }
  }
  Check c;
  c.name = check;
  c.ok = std::fabs(sums[0] - sums[1]) < 1e-6;
  if (!c.ok) c.detail = text[0] + " = " + Num(sums[0]) + " ≠ " + text[1] + " = " + Num(sums[1]);
  out->push_back(std::move(c));
}

// The rows of table 三 that the report has, in order.
std::vector<std::string> RequestRows(const FieldMap& f) {
  std::vector<std::string> rows;
  for (const auto& name : AllFieldNames()) {
    const std::string suffix = ".total";
    if (name.rfind("apply.", 0) != 0 || name.size() < suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string row = name.substr(0, name.size() - suffix.size());
    bool any = false;
    for (const auto& col : ApplicantCols()) any = any || f.count(row + "." + col);
    if (any) rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::vector<Check> RunChecks(const FieldMap& f) {
  std::vector<Check> out;
  const std::vector<std::string> rows = RequestRows(f);
  for (const auto& col : ApplicantCols()) {
    // Printed in the table: 一 + 二 = 三（七）+ 四, for every column.
    Equation(f, "identity." + col, Side{{"apply.new." + col, "apply.carried_over." + col}},
             Side{{"apply.result.total." + col, "apply.carry_forward." + col}}, &out);
    // （七）总计 = （一）…（六） with their sub-rows, those the report has.
    Side parts;
    for (const auto& row : rows) {
      if (row.rfind("apply.result.", 0) == 0 && row != "apply.result.total" &&
          f.count(row + "." + col)) {
        parts.names.push_back(row + "." + col);
      }
    }
    if (!parts.names.empty()) {
      Equation(f, "results_sum." + col, Side{{"apply.result.total." + col}}, parts, &out);
    }
  }
  // Each row's 总计 = its six applicant columns.
  for (const auto& row : rows) {
    Side parts;
    for (size_t c = 0; c + 1 < ApplicantCols().size(); ++c) {
      parts.names.push_back(row + "." + ApplicantCols()[c]);
    }
    Equation(f, "row_total." + row, Side{{row + ".total"}}, parts, &out);
  }
  // Table 四: each 总计 = the four outcomes before it.
  for (const char* g : {"review", "litigation.direct", "litigation.after_review"}) {
    const std::string p = std::string(g) + ".";
    Equation(f, "total." + std::string(g), Side{{p + "total"}},
             Side{{p + "maintained", p + "corrected", p + "other", p + "pending"}}, &out);
  }
  return out;
}

}  // namespace nianbao::parser
