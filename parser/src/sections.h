// Where each table is: line ranges of the canonical text (found by the section headings, which
// agencies word freely, so by keywords), or whole extractor grids (found by their contents).
#pragma once

#include <array>
#include <vector>

#include "lex.h"

namespace nianbao::parser {

enum TableKind { kProactive = 0, kRequests = 1, kReviews = 2, kTableKinds = 3 };

struct Range {
  size_t begin = 0, end = 0;   // [begin, end) of the lines; empty when the table was not found
  bool empty() const { return begin >= end; }
};

std::array<Range, kTableKinds> FindTables(const std::vector<Line>& lines);

// The lines of every grid that holds table `kind`, in order (table 二 often comes as one grid
// per 第二十条 block).
std::array<std::vector<Line>, kTableKinds> SortGrids(const std::vector<std::vector<Line>>& grids);

}  // namespace nianbao::parser
