// A table as the extractor hands it to the parser: a rectangular grid after rowspan/colspan are
// expanded (a spanned cell's text is repeated in every grid position it covers).
#pragma once

#include <string>
#include <vector>

namespace nianbao {

struct Table {
  std::vector<std::vector<std::string>> rows;   // rows[r][c], every row the same width
};

}  // namespace nianbao
