#include "grid.h"

#include <algorithm>

namespace nianbao::extractor {

namespace {
constexpr int kMaxColspan = 64;
constexpr size_t kMaxCells = 100000;
}  // namespace

ExpandedTable ExpandSpans(const std::vector<std::vector<SpanCell>>& rows) {
  const int nrows = static_cast<int>(rows.size());
  // cells[r][c]: -1 free; otherwise an index into `origins` (which source cell covers it).
  struct Origin { int r, c; const std::string* text; };
  std::vector<Origin> origins;
  std::vector<std::vector<int>> cells(nrows);
  size_t budget = kMaxCells;
  for (int r = 0; r < nrows; ++r) {
    int c = 0;
    for (const SpanCell& cell : rows[r]) {
      auto& row = cells[r];
      while (c < static_cast<int>(row.size()) && row[c] >= 0) ++c;
      int cs = std::clamp(cell.colspan, 1, kMaxColspan);
      int rs = std::clamp(cell.rowspan, 1, nrows - r);
      if (static_cast<size_t>(cs) * rs > budget) break;
      budget -= static_cast<size_t>(cs) * rs;
      int id = static_cast<int>(origins.size());
      origins.push_back({r, c, &cell.text});
      for (int rr = r; rr < r + rs; ++rr) {
        auto& target = cells[rr];
        if (static_cast<int>(target.size()) < c + cs) target.resize(c + cs, -1);
        for (int cc = c; cc < c + cs; ++cc)
          if (target[cc] < 0) target[cc] = id;
      }
      c += cs;
    }
  }
  size_t width = 0;
  for (const auto& row : cells) width = std::max(width, row.size());
  ExpandedTable out;
  for (int r = 0; r < nrows; ++r) {
    std::vector<std::string> grid_row(width);
    std::string line;
    bool any = false;
    for (size_t c = 0; c < width; ++c) {
      int id = c < cells[r].size() ? cells[r][c] : -1;
      if (c > 0) line.push_back('\t');
      if (id < 0) continue;
      const Origin& o = origins[id];
      grid_row[c] = *o.text;
      if (!o.text->empty()) any = true;
      if (o.r == r && o.c == static_cast<int>(c)) line += *o.text;
    }
    if (!any) continue;   // an all-empty row carries nothing for reader or parser
    out.grid.rows.push_back(std::move(grid_row));
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace nianbao::extractor
