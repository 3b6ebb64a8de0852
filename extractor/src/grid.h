// Expanding a table's row/col spans into a rectangular grid. Shared by HTML (rowspan/colspan)
// and DOCX (gridSpan/vMerge) so both give the parser the same shape.
#pragma once

#include <string>
#include <vector>

#include "nianbao/common/table.h"

namespace nianbao::extractor {

struct SpanCell {
  std::string text;
  int rowspan = 1;   // 0 or less is treated as 1
  int colspan = 1;
};

struct ExpandedTable {
  Table grid;                      // a spanned cell's text repeated in every position it covers
  std::vector<std::string> lines;  // canonical text: one line per row, cells tab-separated, a
                                   // spanned cell's text only at its top-left position
};

// Bounded: spans are clipped (colspan ≤ 64, rowspan to the table's last row) and the grid to
// 100,000 cells, so a hostile colspan="99999999" costs nothing.
ExpandedTable ExpandSpans(const std::vector<std::vector<SpanCell>>& rows);

}  // namespace nianbao::extractor
