#include "sections.h"

#include <algorithm>
#include <string>

namespace nianbao::parser {
namespace {

bool Has(const std::string& s, const char* w) { return s.find(w) != std::string::npos; }

// Section headings: "二、主动公开政府信息情况" …; the table rows "三、本年度办理结果" and
// "四、结转下年度继续办理" share the numbering but not the words.
int HeadingOf(const Line& line) {
  if (line.labels.size() != 1 || line.HasNumber()) return -1;
  const std::string& l = line.labels[0];
  if (l.size() > 40 * 3) return -1;
  auto starts = [&](const char* n) { return l.rfind(n, 0) == 0; };
  if (starts("二") && Has(l, "主动公开")) return 2;
  if (starts("三") && (Has(l, "收到") || Has(l, "申请"))) return 3;
  if (starts("四") && (Has(l, "复议") || Has(l, "诉讼"))) return 4;
  if (starts("五") && (Has(l, "问题") || Has(l, "改进"))) return 5;
  // Not just "其他": a lone "（六）其他处理" row label normalizes to "六其他处理".
  if (starts("六") && (Has(l, "需要报告") || Has(l, "其他事项"))) return 6;
  return -1;
}

// When a heading is missing, the table's own first line stands in for it.
int FallbackOf(const Line& line) {
  const std::string l = line.Label();
  if (Has(l, "第二十条")) return 2;
  if (Has(l, "申请人情况") || Has(l, "自然人") || Has(l, "新收")) return 3;
  if (Has(l, "行政复议") || Has(l, "结果维持")) return 4;
  return -1;
}

}  // namespace

std::array<Range, kTableKinds> FindTables(const std::vector<Line>& lines) {
  const size_t kNone = lines.size() + 1;
  std::array<size_t, 7> start;   // by section number 2…6
  start.fill(kNone);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int h = HeadingOf(lines[i]);
    if (h > 0 && start[h] == kNone) start[h] = i;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const int f = FallbackOf(lines[i]);
    // A fallback only fills a gap, and only after the previous table's start.
    if (f > 0 && start[f] == kNone && (f == 2 || start[f - 1] == kNone || start[f - 1] < i)) {
      start[f] = i;
    }
  }
  std::array<Range, kTableKinds> out;
  for (int s = 2; s <= 4; ++s) {
    if (start[s] == kNone) continue;
    size_t end = lines.size();
    for (int t = 2; t <= 6; ++t) {
      if (start[t] != kNone && start[t] > start[s]) end = std::min(end, start[t]);
    }
    out[s - 2] = Range{start[s], end};   // the heading line itself matches no row
  }
  return out;
}

std::array<std::vector<Line>, kTableKinds> SortGrids(const std::vector<std::vector<Line>>& grids) {
  std::array<std::vector<Line>, kTableKinds> out;
  for (const auto& g : grids) {
    std::string all;
    for (const Line& l : g) all += l.Label();
    int kind = -1;
    if (Has(all, "新收") || Has(all, "上年结转")) {
      kind = kRequests;
    } else if ((Has(all, "复议") && Has(all, "诉讼")) || Has(all, "结果维持")) {
      kind = kReviews;
    } else if (Has(all, "第二十条") || Has(all, "行政许可") || Has(all, "规章") ||
               Has(all, "规范性文件") || Has(all, "事业性收费")) {
      kind = kProactive;
    }
    if (kind >= 0) out[kind].insert(out[kind].end(), g.begin(), g.end());
  }
  return out;
}

}  // namespace nianbao::parser
