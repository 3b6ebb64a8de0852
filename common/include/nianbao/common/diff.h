// A line diff (Myers' O(ND) algorithm) for `nianbao diff` and the daemon's change pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nianbao {

struct DiffLine {
  char op;             // ' ' kept, '-' only in a, '+' only in b
  std::string text;
};

// The edit script turning a's lines into b's. Bounded: when the two differ in more than
// max_edits lines, the middle is reported as one removed block and one added block.
std::vector<DiffLine> DiffLines(std::string_view a, std::string_view b, int max_edits = 20000);

// Unified-diff-like text with `context` lines around each change and @@ line numbers @@.
std::string FormatUnifiedDiff(const std::vector<DiffLine>& diff, int context = 2);

}  // namespace nianbao
