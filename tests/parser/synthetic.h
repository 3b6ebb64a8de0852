// Synthetic reports for the parser tests: a random truth (fields obeying the report's identities)
// rendered in either template as canonical text, with the damage real reports show, or as the
// grids an HTML table with rowspan/colspan gives once the spans are expanded.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "nianbao/common/table.h"
#include "parser_test_util.h"

namespace nianbao::parser::testing {

struct Damage {
  double blank_zero = 0;       // a 0 cell left blank
  double units = 0;            // "29 项", "92 万元", money in 元 ("251000元")
  double split_label = 0;      // a row label wrapped: head and tail on separate lines
  double shifted = 0;          // an extra empty cell before the numbers, trailing empty cells
  bool page_break = false;     // "- 3 -" and the table-三 header again mid-table
  bool extra_rows = false;     // local rows the template does not have (其他主动公开文件)
  bool instructions = false;   // filling instructions in brackets inside labels
};

Expected MakeTruth(std::mt19937& rng, bool y2021);
std::string RenderText(const Expected& truth, bool y2021, const Damage& d, std::mt19937& rng);
std::vector<Table> RenderGrids(const Expected& truth, bool y2021);

// A text line's tab-separated cells, a trailing empty cell included (std::getline drops it, and a
// row that loses a blank cell no longer says which column was blank).
std::vector<std::string> SplitCells(const std::string& line);

// Splits a row's last label cell in two at a random point past its middle, in one of the three
// ways PDFs do it (head with the numbers, label alone above its numbers, tail with the numbers).
std::string SplitLabel(const std::string& line, std::mt19937& rng);

}  // namespace nianbao::parser::testing
