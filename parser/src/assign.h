// Puts the numbers of a broken table back on their rows. Rows are keyed on their labels; the
// numbers of a row are the cells after its label, or, when the label stands alone (the numbers
// wrapped to the next line, or a PDF put each on its own line), the next numbers without a label,
// counted in order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lex.h"
#include "schema.h"

namespace nianbao::parser {

// Fits a row's cells to `width` columns. Extra cells are dropped blanks first (the front one
// first: an empty label column) then from the front; missing cells are blank on the left (a row
// that fills only its last column, 总计).
std::vector<Value> FitRow(std::vector<Value> values, size_t width);

class RowAssigner {
 public:
  explicit RowAssigner(const Schema& schema);

  void Feed(const Line& line);
  // The rows found, by row index into schema.rows, each with exactly cols.size() values. A row
  // whose label was found but that has no numbers at all is all blank.
  std::map<size_t, std::vector<Value>> Finish();

 private:
  int Match(const Line& line) const;
  bool Matches(const RowDef& row, const std::string& label, bool has_numbers) const;
  void Take(size_t row, const Line& line);
  void Unknown(const Line& line, size_t line_no);
  bool Wraps(size_t line_no) const;
  void Wait(size_t row, std::vector<Value> got, bool open);
  void Assign(size_t row, std::vector<Value> values);
  void FillPending(std::vector<Value> values);

  const Schema& schema_;
  std::map<size_t, std::vector<Value>> done_;
  std::vector<size_t> pending_;                  // rows seen without (all) numbers, in row order
  std::map<size_t, std::vector<Value>> partial_; // numbers gathered so far for a pending row
  std::vector<Value> orphans_;                   // numbers seen before their label
  size_t line_no_ = 0;
  // The last row whose label stood alone, without cells, and its line: its numbers may follow.
  std::optional<std::pair<size_t, size_t>> open_;
  // A line with numbers under a label that matches no row, held for one line: the next line may
  // be the rest of its label ("其他法律行" / "政法规禁止公开").
  std::optional<std::pair<Line, size_t>> deferred_;
  Line loose_;                  // the last label line matching no row: maybe a label's first half
};

}  // namespace nianbao::parser
