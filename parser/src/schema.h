// The rows of the three standard tables, per template, and the field names they give. This is
// the one place that knows the templates; parser/FIELDS.md documents the same names.
#pragma once

#include <string>
#include <vector>

namespace nianbao::parser {

enum class Template { k2019, k2021 };
const char* TemplateName(Template t);   // "2019" | "2021"

struct RowDef {
  std::string prefix;                 // "apply.new"; "" when cols are full names (table 四)
  std::vector<std::string> cols;      // column suffixes, in the table's column order
  std::vector<std::string> strong;    // a label containing one of these is this row
  // A label equal to one of these (leading numbering ignored) is this row only when the same
  // line also has numbers: bare "总计" / "其他" are column headers too.
  std::vector<std::string> weak;
  std::vector<std::string> unless;    // a label containing one of these is never this row

  std::string Name(size_t col) const { return prefix.empty() ? cols[col] : prefix + "." + cols[col]; }
};

struct Schema {
  std::vector<RowDef> rows;           // in the table's row order
  std::vector<std::string> header;    // a line with a label containing one of these is a header
};

const Schema& ProactiveSchema(Template t);   // table 二
const Schema& RequestsSchema(Template t);    // table 三
const RowDef& ReviewsRow();                  // table 四: one row of 15 numbers

// Table 三's applicant columns; the last is 总计.
const std::vector<std::string>& ApplicantCols();

// Every field name of both templates, in the stable export order.
const std::vector<std::string>& AllFieldNames();

}  // namespace nianbao::parser
