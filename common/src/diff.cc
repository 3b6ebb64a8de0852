#include "nianbao/common/diff.h"

#include <algorithm>

#include "nianbao/common/text.h"

namespace nianbao {

std::vector<DiffLine> DiffLines(std::string_view a_text, std::string_view b_text, int max_edits) {
  const auto a = SplitLines(a_text);
  const auto b = SplitLines(b_text);
  // Common prefix and suffix first: most report edits touch a few lines.
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  const int n = static_cast<int>(a.size() - pre - suf), m = static_cast<int>(b.size() - pre - suf);
  auto A = [&](int i) { return a[pre + i]; };
  auto B = [&](int j) { return b[pre + j]; };

  std::vector<DiffLine> middle;
  const int max_d = std::min(n + m, max_edits);
  std::vector<std::vector<int>> trace;
  std::vector<int> v(2 * max_d + 3, 0);
  const int off = max_d + 1;
  bool found = n + m == 0;
  for (int d = 0; d <= max_d && !found; ++d) {
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && A(x) == B(y)) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
    trace.push_back(v);
  }
  if (!found) {
    for (int i = 0; i < n; ++i) middle.push_back({'-', std::string(A(i))});
    for (int j = 0; j < m; ++j) middle.push_back({'+', std::string(B(j))});
  } else if (n + m > 0) {
    int x = n, y = m;
    for (int d = static_cast<int>(trace.size()) - 1; d >= 0; --d) {
      const std::vector<int>& vd = d > 0 ? trace[d - 1] : trace[0];
      int k = x - y;
      int prev_k;
      if (d == 0) {
        prev_k = k;
      } else {
        prev_k = (k == -d || (k != d && vd[off + k - 1] < vd[off + k + 1])) ? k + 1 : k - 1;
      }
      int prev_x = d == 0 ? 0 : vd[off + prev_k];
      int prev_y = prev_x - prev_k;
      while (x > prev_x && y > prev_y) middle.push_back({' ', std::string(A(--x))}), --y;
      if (d > 0) {
        if (x == prev_x) middle.push_back({'+', std::string(B(--y))});
        else middle.push_back({'-', std::string(A(--x))});
      }
    }
    std::reverse(middle.begin(), middle.end());
  }
  std::vector<DiffLine> out;
  out.reserve(pre + middle.size() + suf);
  for (size_t i = 0; i < pre; ++i) out.push_back({' ', std::string(a[i])});
  out.insert(out.end(), middle.begin(), middle.end());
  for (size_t i = a.size() - suf; i < a.size(); ++i) out.push_back({' ', std::string(a[i])});
  return out;
}

std::string FormatUnifiedDiff(const std::vector<DiffLine>& diff, int context) {
  std::string out;
  const int n = static_cast<int>(diff.size());
  std::vector<bool> show(n, false);
  for (int i = 0; i < n; ++i)
    if (diff[i].op != ' ')
      for (int j = std::max(0, i - context); j <= std::min(n - 1, i + context); ++j) show[j] = true;
  int line_a = 1, line_b = 1;
  bool in_hunk = false;
  for (int i = 0; i < n; ++i) {
    if (show[i] && !in_hunk) {
      out += "@@ -" + std::to_string(line_a) + " +" + std::to_string(line_b) + " @@\n";
    }
    in_hunk = show[i];
    if (show[i]) out += std::string(1, diff[i].op) + diff[i].text + "\n";
    if (diff[i].op != '+') ++line_a;
    if (diff[i].op != '-') ++line_b;
  }
  return out;
}

}  // namespace nianbao
