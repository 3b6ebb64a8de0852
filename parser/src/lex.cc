#include "lex.h"

#include <cstdlib>

#include "nianbao/common/text.h"

namespace nianbao::parser {
namespace {

std::u32string Fold(std::string_view s) {
  std::u32string out;
  size_t pos = 0;
  while (pos < s.size()) out.push_back(FoldCodePoint(DecodeUtf8(s, &pos)));
  return out;
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsCjk(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }
bool IsOpen(char32_t c) { return c == '(' || c == '[' || c == 0x3008 || c == 0x300A; }
bool IsClose(char32_t c) { return c == ')' || c == ']' || c == 0x3009 || c == 0x300B; }

// Units seen after numbers in real reports. Money units matter (万元 vs 元); the others are noise.
enum class Unit { kNone, kCount, kWan, kYuan };
Unit UnitOf(std::u32string_view t) {
  if (t == U"万元" || t == U"万") return Unit::kWan;
  if (t == U"元") return Unit::kYuan;
  if (t == U"项" || t == U"件" || t == U"个" || t == U"条" || t == U"次" || t == U"宗" ||
      t == U"人次" || t == U"家" || t == U"%") {
    return Unit::kCount;
  }
  return Unit::kNone;
}

bool IsNothing(std::u32string_view t) {
  if (t == U"不适用" || t == U"无" || t == U"空") return true;
  for (char32_t c : t) {
    if (c != '-' && c != '/' && c != '\\' && c != '_') return false;
  }
  return !t.empty();
}

// "+1,036.5万元" → number with unit. Commas only as thousands separators, so that "1," (a folded
// "1、" numbering) stays text.
bool ParseNumber(std::u32string_view t, Value* v) {
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
  std::string digits;
  bool any = false;
  for (; i < t.size(); ++i) {
    if (IsDigit(t[i])) {
      digits.push_back(static_cast<char>(t[i]));
      any = true;
    } else if (t[i] == ',' && any && i + 3 < t.size() && IsDigit(t[i + 1]) && IsDigit(t[i + 2]) &&
               IsDigit(t[i + 3]) && (i + 4 == t.size() || !IsDigit(t[i + 4]))) {
      continue;   // a thousands separator
    } else {
      break;
    }
  }
  if (!any) return false;
  if (i + 1 < t.size() && t[i] == '.' && IsDigit(t[i + 1])) {
    digits.push_back('.');
    for (++i; i < t.size() && IsDigit(t[i]); ++i) digits.push_back(static_cast<char>(t[i]));
  }
  Unit unit = Unit::kNone;
  if (i < t.size()) {
    unit = UnitOf(t.substr(i));
    if (unit == Unit::kNone) return false;
  }
  v->kind = CellKind::kNumber;
  v->number = std::strtod(digits.c_str(), nullptr) * (neg ? -1 : 1);
  v->yuan = unit == Unit::kYuan;
  return true;
}

std::vector<std::u32string> Tokens(const std::u32string& cell) {
  std::vector<std::u32string> out;
  std::u32string cur;
  for (char32_t c : cell) {
    if (IsSpaceCodePoint(c)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool IsPageNumber(const std::vector<std::u32string>& toks) {
  std::u32string s;
  for (const auto& t : toks) s += t;
  if (s.size() < 3 || s.front() != '-' || s.back() != '-') return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// Splits a cell's tokens into a label prefix and a value suffix (numbers, "nothing" marks, and
// units standing alone after a number: "29 项").
void LexCell(const std::u32string& cell, Line* line) {
  const std::vector<std::u32string> toks = Tokens(cell);
  if (toks.empty()) {
    line->values.push_back(Value{});
    return;
  }
  std::vector<Value> suffix;
  size_t k = toks.size();
  while (k > 0) {
    Value v;
    if (k >= 2 && UnitOf(toks[k - 1]) != Unit::kNone && ParseNumber(toks[k - 2], &v)) {
      if (UnitOf(toks[k - 1]) == Unit::kYuan) v.yuan = true;
      k -= 2;
    } else if (ParseNumber(toks[k - 1], &v)) {
      k -= 1;
    } else if (IsNothing(toks[k - 1])) {
      v.kind = CellKind::kNothing;
      k -= 1;
    } else {
      break;
    }
    suffix.insert(suffix.begin(), v);
  }
  if (k > 0) {
    std::u32string label;
    for (size_t i = 0; i < k; ++i) label += toks[i];
    line->labels.push_back(NormalizeLabel(ToUtf8(label)));
    line->values.clear();
  }
  line->values.insert(line->values.end(), suffix.begin(), suffix.end());
}

}  // namespace

bool Line::HasNumber() const {
  for (const Value& v : values) {
    if (v.kind == CellKind::kNumber) return true;
  }
  return false;
}

bool Line::HasValue() const {
  for (const Value& v : values) {
    if (v.kind != CellKind::kBlank) return true;
  }
  return false;
}

std::string Line::Label() const {
  std::string s;
  for (const auto& l : labels) s += l;
  return s;
}

std::string NormalizeLabel(std::string_view raw) {
  const std::u32string s = Fold(raw);
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsOpen(s[i])) {
      // A note in brackets ("区分处理的…", "单位：万元") is dropped; numbering like "(七)" is kept.
      // An unclosed bracket runs to the end of the cell: the rest of the note is on the next line.
      size_t j = i + 1;
      while (j < s.size() && !IsClose(s[j])) ++j;
      if (j - i - 1 > 2) {
        i = j;
        continue;
      }
      continue;
    }
    const char32_t c = s[i];
    if (IsCjk(c) || IsDigit(c) || (c >= 'a' && c <= 'z')) out.push_back(c);
  }
  return ToUtf8(out);
}

Line LexCells(const std::vector<std::string>& cells) {
  Line line;
  std::vector<std::u32string> all_tokens;
  for (const std::string& c : cells) {
    const std::u32string folded = Fold(c);
    for (auto& t : Tokens(folded)) all_tokens.push_back(std::move(t));
    LexCell(folded, &line);
  }
  line.page_number = IsPageNumber(all_tokens);
  return line;
}

std::vector<Line> LexText(std::string_view text) {
  std::vector<Line> out;
  for (std::string_view l : SplitLines(text)) {
    std::vector<std::string> cells;
    size_t start = 0;
    for (size_t i = 0; i <= l.size(); ++i) {
      if (i == l.size() || l[i] == '\t') {
        cells.emplace_back(l.substr(start, i - start));
        start = i + 1;
      }
    }
    out.push_back(LexCells(cells));
  }
  return out;
}

std::vector<Line> LexGrid(const Table& table) {
  std::vector<Line> out;
  for (const auto& row : table.rows) out.push_back(LexCells(row));
  return out;
}

}  // namespace nianbao::parser
