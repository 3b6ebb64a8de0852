// Lexing: one table row (a text line split on tabs, or a grid row) into label cells and value
// cells. Everything is folded first (full-width digits and brackets to ASCII), so later stages
// never see width variants.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/table.h"

namespace nianbao::parser {

enum class CellKind {
  kBlank,     // an empty cell: zero in a row that is otherwise filled in
  kNumber,    // "29", "29 项", "+1036", "65738.2 万元", "3,119"
  kNothing,   // "/", "-", "—", "不适用", "无": the report says the figure does not apply
};

struct Value {
  CellKind kind = CellKind::kBlank;
  double number = 0;
  bool yuan = false;   // written in 元 rather than 万元 ("251000元")
};

struct Line {
  std::vector<std::string> labels;   // NormalizeLabel() of every label cell, in order
  std::vector<Value> values;         // the cells after the last label cell
  bool page_number = false;          // "- 4 -": a PDF page number in the text flow

  bool HasNumber() const;
  bool HasValue() const;             // a number or a nothing mark ("/", "不适用")
  std::string Label() const;         // all labels concatenated
};

// Lexes one row of cells. A cell whose trailing space-separated tokens are numbers ("行政许可
// 447228", as a PDF extraction without tabs gives) is split into its label and its values.
Line LexCells(const std::vector<std::string>& cells);
std::vector<Line> LexText(std::string_view text);   // one Line per text line, cells split on tabs
std::vector<Line> LexGrid(const Table& table);

// The form labels are matched in: folded, only letters, digits and CJK kept, and bracketed notes
// longer than two characters dropped ("部分公开（区分处理的，只计这一情形…）" → "部分公开") while
// short numbering survives ("（七）总计" → "七总计").
std::string NormalizeLabel(std::string_view raw);

}  // namespace nianbao::parser
