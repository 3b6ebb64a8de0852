// Puts the numbers of a broken table back on their rows. Rows are keyed on their labels; the
// numbers of a row are the cells after its label, or, when the label stands alone (the numbers
// wrapped to the next line, or a PDF put each on its own line), the next numbers without a label,
// counted in order.
#pragma once

#include <map>
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
  void Assign(size_t row, std::vector<Value> values);
  void FillPending(std::vector<Value> values);

  const Schema& schema_;
  std::map<size_t, std::vector<Value>> done_;
  std::vector<size_t> pending_;                  // labels seen without numbers, in row order
  std::map<size_t, std::vector<Value>> partial_; // numbers gathered so far for a pending row
  std::vector<Value> orphans_;                   // numbers seen before their label
  size_t line_no_ = 0;
  size_t last_pending_line_ = 0;
};

}  // namespace nianbao::parser
